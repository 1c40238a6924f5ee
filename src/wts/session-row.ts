/**
 * The WTS session rows of one host (spec §1.7) and the rules for their ids (D9): session 0
 * "Services", the console, the RDP-Tcp listener at 65536, and remote sessions at the lowest free
 * id >= 2. Rows live in the `wtsSessions` table, keyed `${host}/${sessionId}`.
 */
import { createDefaultSessionDescriptor, toSecurityDescriptorText } from '../security/security-descriptor.ts';
import type { WtsSessionRow } from '../store/rows.ts';
import type { ReadTx } from '../store/store.ts';

/** Session 0: services, never a user (spec §1.7). */
export const SERVICES_SESSION_ID = 0;
/** The id the console session has on a fresh host. */
export const FIRST_CONSOLE_SESSION_ID = 1;
/** The lowest id of a remote session (D9). */
export const FIRST_REMOTE_SESSION_ID = 2;
/** The RDP-Tcp listener's id, as on current servers (spec §1.7). */
export const LISTENER_SESSION_ID = 65536;

export const SERVICES_STATION = 'Services';
export const CONSOLE_STATION = 'Console';
/** The listener's name; remote sessions are `RDP-Tcp#N`. */
export const RDP_STATION = 'RDP-Tcp';

/** WTSClientProtocolType values (MS-WIC). */
export const PROTOCOL_CONSOLE = 0;
export const PROTOCOL_LEGACY = 1;
export const PROTOCOL_RDP = 2;

/** The store key of session `sessionId` on `host`. */
export function toSessionKey(host: string, sessionId: number): string {
  return `${host}/${sessionId}`;
}

/** The user of a session: who logged on, their logon session and the session's own token handle. */
export interface SessionUser {
  userName: string;
  domain: string;
  userSid: string;
  logonId: bigint;
  tokenHandle: number;
  logonTime: number;
}

/** The client a session is connected to. */
export interface SessionClient {
  clientName: string;
  clientAddress: string;
  clientBuildNumber: number;
}

/** What a new row is made of. */
export interface NewSessionRow {
  host: string;
  sessionId: number;
  winStationName: string;
  state: number;
  protocolType: number;
  now: number;
  user?: SessionUser | undefined;
  client?: SessionClient | undefined;
}

const NO_CLIENT: SessionClient = { clientName: '', clientAddress: '', clientBuildNumber: 0 };

/** A new session row with the default descriptor for its user (spec §1.9) or for no user. */
export function createSessionRow(spec: NewSessionRow): WtsSessionRow {
  const user = spec.user;
  const client = spec.client ?? NO_CLIENT;
  return {
    key: toSessionKey(spec.host, spec.sessionId),
    host: spec.host,
    sessionId: spec.sessionId,
    winStationName: spec.winStationName,
    state: spec.state,
    userName: user?.userName ?? '',
    domain: user?.domain ?? '',
    userSid: user?.userSid ?? null,
    logonId: user?.logonId ?? null,
    tokenHandle: user?.tokenHandle ?? null,
    protocolType: spec.protocolType,
    clientName: client.clientName,
    clientAddress: client.clientAddress,
    clientBuildNumber: client.clientBuildNumber,
    connectTime: spec.now,
    disconnectTime: 0,
    lastInputTime: spec.now,
    logonTime: user?.logonTime ?? 0,
    securityDescriptor: descriptorFor(user?.userSid ?? null),
    loggingOff: false,
  };
}

const NO_USER_DESCRIPTOR = toSecurityDescriptorText(createDefaultSessionDescriptor(null));

/** The stored text of the default descriptor of a session of `userSid` (or of no user). */
export function descriptorFor(userSid: string | null): string {
  return userSid === null
    ? NO_USER_DESCRIPTOR
    : toSecurityDescriptorText(createDefaultSessionDescriptor(userSid));
}

/** The row of a session with its user removed: no user, no token, the no-user descriptor. */
export function withoutUser(row: WtsSessionRow): WtsSessionRow {
  return {
    ...row,
    userName: '',
    domain: '',
    userSid: null,
    logonId: null,
    tokenHandle: null,
    logonTime: 0,
    securityDescriptor: NO_USER_DESCRIPTOR,
  };
}

/** Every session row of `host`, ordered by id. */
export function sessionsOf(tx: ReadTx, host: string): WtsSessionRow[] {
  return tx.find('wtsSessions', 'host', host).sort((a, b) => a.sessionId - b.sessionId);
}

/** The session attached to the console of `host` (named "Console"), if any. */
export function consoleOf(tx: ReadTx, host: string): WtsSessionRow | undefined {
  return tx.find('wtsSessions', 'host', host).find((r) => r.winStationName === CONSOLE_STATION);
}

/** Whether someone is logged on to the session. */
export function hasUser(row: WtsSessionRow): boolean {
  return row.userSid !== null;
}

/**
 * The lowest id >= `from` that no row of `host` has and that is not in `reserved` (ids promised to
 * logons still in progress) nor `exclude` (an id being deleted in the same transaction).
 */
export function lowestFreeSessionId(
  tx: ReadTx,
  host: string,
  from: number,
  reserved: ReadonlySet<number>,
  exclude?: number,
): number {
  const taken = new Set<number>();
  for (const r of tx.find('wtsSessions', 'host', host)) taken.add(r.sessionId);
  let id = from;
  while (taken.has(id) || reserved.has(id) || id === exclude || id === LISTENER_SESSION_ID) id++;
  return id;
}
