/**
 * The checks and the plan before a WTS logon (see `wts-logon.ts`): the options are validated
 * (bad input throws NtError with STATUS_INVALID_PARAMETER and a sentence saying what is wrong),
 * and the session id the new logon session's token will name is chosen and promised in memory.
 */
import * as lt from '../lsa/logon-type.ts';
import { MSV1_0_PACKAGE_NAME } from '../lsa/packages/msv1-0.ts';
import { NtError } from '../nt/nt-error.ts';
import {
  type NtStatus,
  STATUS_CTX_WINSTATION_NOT_FOUND,
  STATUS_INVALID_PARAMETER,
  STATUS_SUCCESS,
} from '../nt/ntstatus.ts';
import { toClient } from './client-address.ts';
import { WTSConnected } from './connect-state.ts';
import { isListening } from './listener.ts';
import {
  consoleOf,
  FIRST_CONSOLE_SESSION_ID,
  FIRST_REMOTE_SESSION_ID,
  hasUser,
  lowestFreeSessionId,
  type SessionClient,
  toSessionKey,
} from './session-row.ts';
import { parseStation, type Station } from './stations.ts';
import type { WtsContext } from './wts-context.ts';

/** Options of `system.wts.logon`. */
export interface WtsLogonOptions {
  userName: string;
  password: string;
  /** "Console" or "RDP-Tcp" (default), case-insensitive. */
  station?: string;
  /** The client computer's name (at most 20 characters, CLIENTNAME_LENGTH); the LSA's workstation. */
  clientName?: string;
  /** The client's IPv4 or IPv6 address. */
  clientAddress?: string;
  /** The authentication package (default MSV1_0); its submit buffer is `{ UserName, Password }`. */
  package?: string | number;
  /** Interactive (2) at the console and RemoteInteractive (10) over RDP by default; cached variants allowed. */
  logonType?: number;
  /** Log on in this session opened by `connect()` (WTSConnected, nobody logged on yet). */
  sessionId?: number;
  /** Who holds the caller's handle (default `client`). */
  holder?: string;
  /** Whether the caller's handle gets a bearer secret (returned once). */
  bearer?: boolean;
}

/** What `system.wts.logon` returns; on failure only `status` and `subStatus` (the LSA's). */
export interface WtsLogonResult {
  status: NtStatus;
  subStatus: NtStatus;
  sessionId?: number;
  /** The caller's own handle to the user's token. */
  handle?: number;
  secret?: string;
  logonId?: bigint;
  /** Whether the user got an existing session back. */
  reconnected?: boolean;
  userName?: string;
  domain?: string;
}

const INTERACTIVE_TYPES = new Set([
  lt.Interactive,
  lt.RemoteInteractive,
  lt.CachedInteractive,
  lt.CachedRemoteInteractive,
]);
const MAX_NAME = 256;
let rdpLocks = 0;

function invalid(message: string): NtError {
  return new NtError(STATUS_INVALID_PARAMETER, message);
}

/** Validates the options and fills in the defaults. */
export function toLogonRequest(o: WtsLogonOptions) {
  if (typeof o !== 'object' || o === null) throw invalid('logon options must be an object');
  if (typeof o.userName !== 'string' || o.userName.length === 0 || o.userName.length > MAX_NAME)
    throw invalid('userName must be a non-empty string of at most 256 characters');
  if (typeof o.password !== 'string' || o.password.length > MAX_NAME)
    throw invalid('password must be a string of at most 256 characters');
  const station: Station | undefined = parseStation(o.station ?? 'RDP-Tcp');
  if (station === undefined)
    throw invalid(`station must be "Console" or "RDP-Tcp", not ${JSON.stringify(o.station)}`);
  const client: SessionClient = toClient(o.clientName, o.clientAddress);
  const logonType = o.logonType ?? (station === 'console' ? lt.Interactive : lt.RemoteInteractive);
  if (!INTERACTIVE_TYPES.has(logonType))
    throw invalid('logonType must be Interactive (2), RemoteInteractive (10) or a cached variant (11, 12)');
  if (o.sessionId !== undefined && (station !== 'rdp' || !Number.isInteger(o.sessionId) || o.sessionId < 0)) {
    throw invalid('sessionId names a remote session opened by connect(); it needs station "RDP-Tcp"');
  }
  if (
    o.holder !== undefined &&
    (typeof o.holder !== 'string' || o.holder.length === 0 || o.holder.length > MAX_NAME)
  )
    throw invalid('holder must be a non-empty string');
  const pkg = o.package ?? MSV1_0_PACKAGE_NAME;
  if (typeof pkg !== 'string' && !Number.isInteger(pkg))
    throw invalid('package must be a package name or id');
  return {
    userName: o.userName,
    password: o.password,
    station,
    client,
    logonType,
    package: pkg,
    connected: o.sessionId,
    holder: o.holder ?? 'client',
    bearer: o.bearer === true,
    lockKey:
      station === 'console'
        ? 'console'
        : o.sessionId !== undefined
          ? `session:${o.sessionId}`
          : `rdp:${rdpLocks++}`,
  };
}

/** A validated logon request. */
export type LogonRequest = ReturnType<typeof toLogonRequest>;

/** The session id a logon's token will name, and whether it was promised (reserved) for it. */
export interface LogonPlan {
  status: NtStatus;
  sessionId: number;
  reserved: boolean;
  /** The connected session logged on in, for `sessionId` logons. */
  connected?: string;
}

/** Chooses the session id for a logon (see the file comment). */
export async function planLogon(
  ctx: WtsContext,
  request: ReturnType<typeof toLogonRequest>,
): Promise<LogonPlan> {
  const { host } = ctx;
  if (request.connected !== undefined) {
    const key = toSessionKey(host, request.connected);
    const row = await ctx.kernel.read((k) => k.tx.get('wtsSessions', key));
    if (row === undefined || row.state !== WTSConnected || hasUser(row) || row.protocolType !== 2) {
      return { status: STATUS_CTX_WINSTATION_NOT_FOUND, sessionId: request.connected, reserved: false };
    }
    return { status: STATUS_SUCCESS, sessionId: request.connected, reserved: false, connected: key };
  }
  if (request.station === 'rdp' && !(await isListening(ctx)))
    return { status: STATUS_CTX_WINSTATION_NOT_FOUND, sessionId: 0, reserved: false };
  const shown =
    request.station === 'console' ? await ctx.kernel.read((k) => consoleOf(k.tx, host)) : undefined;
  if (shown !== undefined && !hasUser(shown))
    return { status: STATUS_SUCCESS, sessionId: shown.sessionId, reserved: false };
  const from = request.station === 'console' ? FIRST_CONSOLE_SESSION_ID : FIRST_REMOTE_SESSION_ID;
  for (;;) {
    const id = await ctx.kernel.read((k) => lowestFreeSessionId(k.tx, host, from, ctx.reserved));
    if (ctx.reserved.has(id)) continue;
    ctx.reserved.add(id);
    return { status: STATUS_SUCCESS, sessionId: id, reserved: true };
  }
}
