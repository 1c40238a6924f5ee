/**
 * The transaction of a WTS logon (see `wts-logon.ts`): reconnect the user to their session, or
 * place a new session at the planned id, make the caller's handle, and append the notifications.
 */
import type { KernelTx } from '../kernel/kernel-tx.ts';
import type { LogonUserResult } from '../lsa/lsa.ts';
import { STATUS_CTX_WINSTATION_NOT_FOUND, STATUS_SUCCESS } from '../nt/ntstatus.ts';
import type { WtsSessionRow } from '../store/rows.ts';
import { attachSession, type StationChange, type StationScope, vacateConsole } from './attachment.ts';
import { WTSActive, WTSConnected, WTSDisconnected, WTSShadow } from './connect-state.ts';
import {
  appendSessionEvent,
  WTS_CONSOLE_CONNECT,
  WTS_REMOTE_CONNECT,
  WTS_SESSION_CREATE,
  WTS_SESSION_LOGON,
  WTS_SESSION_TERMINATE,
} from './session-notification.ts';
import {
  CONSOLE_STATION,
  consoleOf,
  createSessionRow,
  descriptorFor,
  FIRST_CONSOLE_SESSION_ID,
  FIRST_REMOTE_SESSION_ID,
  hasUser,
  lowestFreeSessionId,
  PROTOCOL_CONSOLE,
  PROTOCOL_RDP,
  sessionsOf,
  toSessionKey,
} from './session-row.ts';
import { isRemoteConnection, nextConnectionName } from './stations.ts';
import type { WtsContext } from './wts-context.ts';
import type { LogonPlan, LogonRequest } from './wts-logon-plan.ts';

/** What the logon transaction decided. */
export interface Placed {
  status: number;
  sessionId?: number;
  handle?: number;
  secret?: string;
  logonId?: bigint;
  reconnected?: boolean;
  change?: StationChange;
}

/** The session the user gets back: a disconnected one first, then one connected elsewhere. */
function sessionToReconnect(k: KernelTx, ctx: WtsContext, userSid: string): WtsSessionRow | undefined {
  const usable = sessionsOf(k.tx, ctx.host).filter(
    (s) =>
      s.userSid === userSid &&
      !s.loggingOff &&
      s.tokenHandle !== null &&
      k.resolveHandle(s.tokenHandle) !== undefined,
  );
  return (
    usable.find((s) => s.state === WTSDisconnected) ??
    usable.find((s) => s.state === WTSActive || s.state === WTSShadow)
  );
}

/** The logon transaction: reconnect, or a new session at the planned id (see the file comment). */
export function placeLogon(
  k: KernelTx,
  ctx: WtsContext,
  plan: LogonPlan,
  r: LogonUserResult,
  request: LogonRequest,
): Placed {
  const tx = k.tx;
  const now = ctx.clock.now();
  const scope: StationScope = { host: ctx.host, now, reserved: ctx.reserved };
  const userSid = r.userSid!;
  const handle = r.handle!;
  const existing = ctx.settings.singleSessionPerUser ? sessionToReconnect(k, ctx, userSid) : undefined;
  if (existing !== undefined) {
    const change = attachSession(tx, existing, request.station, request.client, scope);
    if (plan.connected !== undefined) {
      // The connection the user logged on through is not needed: their own session took it.
      const c = tx.get('wtsSessions', plan.connected);
      if (c !== undefined && !hasUser(c)) {
        tx.delete('wtsSessions', c.key);
        appendSessionEvent(tx, WTS_SESSION_TERMINATE, c, now);
        change.deleted.push(c.sessionId);
      }
    }
    k.closeHandle(handle);
    const dup = k.duplicateHandle(existing.tokenHandle!, { holder: request.holder, bearer: request.bearer });
    return {
      ...clientHandle(dup),
      sessionId: existing.sessionId,
      logonId: existing.logonId!,
      reconnected: true,
      change,
    };
  }
  const user = {
    userName: r.accountName ?? request.userName,
    domain: r.authenticatingAuthority ?? '',
    userSid,
    logonId: r.logonId!,
    tokenHandle: handle,
    logonTime: now,
  };
  const change: StationChange = { changed: [], deleted: [] };
  let row: WtsSessionRow;
  if (plan.connected !== undefined) {
    const c = tx.get('wtsSessions', plan.connected);
    if (c === undefined || c.state !== WTSConnected || hasUser(c) || !isRemoteConnection(c))
      return { status: STATUS_CTX_WINSTATION_NOT_FOUND };
    row = { ...c, ...user, state: WTSActive, lastInputTime: now, securityDescriptor: descriptorFor(userSid) };
    tx.put('wtsSessions', row);
  } else if (request.station === 'console') {
    const shown = consoleOf(tx, ctx.host);
    if (shown !== undefined && shown.sessionId === plan.sessionId && !hasUser(shown)) {
      row = {
        ...shown,
        ...user,
        state: WTSActive,
        connectTime: now,
        lastInputTime: now,
        securityDescriptor: descriptorFor(userSid),
      };
      tx.put('wtsSessions', row);
    } else {
      const at = claimSessionId(k, ctx, plan.sessionId, user, FIRST_CONSOLE_SESSION_ID);
      vacateConsole(tx, scope, change);
      row = createSessionRow({
        host: ctx.host,
        sessionId: at,
        winStationName: CONSOLE_STATION,
        state: WTSActive,
        protocolType: PROTOCOL_CONSOLE,
        now,
        user,
      });
      tx.put('wtsSessions', row);
      appendSessionEvent(tx, WTS_SESSION_CREATE, row, now);
      appendSessionEvent(tx, WTS_CONSOLE_CONNECT, row, now);
    }
  } else {
    const at = claimSessionId(k, ctx, plan.sessionId, user, FIRST_REMOTE_SESSION_ID);
    row = createSessionRow({
      host: ctx.host,
      sessionId: at,
      winStationName: nextConnectionName(tx, ctx.host),
      state: WTSActive,
      protocolType: PROTOCOL_RDP,
      now,
      user,
      client: request.client,
    });
    tx.put('wtsSessions', row);
    appendSessionEvent(tx, WTS_SESSION_CREATE, row, now);
    appendSessionEvent(tx, WTS_REMOTE_CONNECT, row, now);
  }
  appendSessionEvent(tx, WTS_SESSION_LOGON, row, now, { logonType: request.logonType });
  change.changed.push(row);
  const dup = k.duplicateHandle(user.tokenHandle, { holder: request.holder, bearer: request.bearer });
  return { ...clientHandle(dup), sessionId: row.sessionId, logonId: r.logonId!, reconnected: false, change };
}

/**
 * The id the new session gets: the planned one, unless a session appeared there meanwhile (a
 * console replacement can take an id between the plan and the commit). Then the session gets the
 * lowest free id and its own token is re-made for that id (a duplicate naming it; the LSA's first
 * token closes without ending the logon session, and the LSA record's session id follows).
 */
function claimSessionId(
  k: KernelTx,
  ctx: WtsContext,
  planned: number,
  user: { tokenHandle: number; logonId: bigint },
  from: number,
): number {
  if (k.tx.get('wtsSessions', toSessionKey(ctx.host, planned)) === undefined) return planned;
  const id = lowestFreeSessionId(k.tx, ctx.host, from, ctx.reserved);
  const moved = k.duplicateToken(
    user.tokenHandle,
    { sessionId: id, source: 'logon' },
    { holder: `wts:${id}` },
  );
  if (moved.handle === undefined)
    throw new Error(`re-making the session token failed: 0x${moved.status.toString(16)}`);
  k.closeHandle(user.tokenHandle);
  user.tokenHandle = moved.handle.id;
  const lsa = k.tx.get('lsaSessions', user.logonId);
  if (lsa !== undefined) k.tx.put('lsaSessions', { ...lsa, session: id });
  return id;
}

function clientHandle(
  dup: ReturnType<KernelTx['duplicateHandle']>,
): Pick<Placed, 'status' | 'handle' | 'secret'> {
  if (dup.handle === undefined)
    throw new Error(`duplicating the session's token handle failed: 0x${dup.status.toString(16)}`);
  return dup.secret === undefined
    ? { status: STATUS_SUCCESS, handle: dup.handle.id }
    : { status: STATUS_SUCCESS, handle: dup.handle.id, secret: dup.secret };
}
