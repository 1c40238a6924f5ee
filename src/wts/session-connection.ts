/**
 * The client side of a session: WTSDisconnectSession (spec §2.21), a client that goes away, a
 * client that connects before anyone logs on, shadowing (Remote Control) and user input.
 *
 * Disconnect checks, first failure wins: the session exists (7022); the caller's own session or
 * the Disconnect permission (0x200) on another's (5); someone is logged on (session 0, listeners,
 * logon screens → 5, unchanged); not being logged off (STATUS_CTX_CLOSE_PENDING). Disconnecting a
 * disconnected session succeeds and changes nothing. Logon sessions and tokens are never touched.
 */
import type { Caller } from '../kernel/caller.ts';
import {
  type NtStatus,
  STATUS_ACCESS_DENIED,
  STATUS_CTX_CLOSE_PENDING,
  STATUS_CTX_WINSTATION_NOT_FOUND,
  STATUS_SUCCESS,
} from '../nt/ntstatus.ts';
import { WTS_SECURITY_DISCONNECT } from '../security/wts-permissions.ts';
import type { WtsSessionRow } from '../store/rows.ts';
import { detachSession } from './attachment.ts';
import {
  WTSActive,
  WTSConnected,
  WTSConnectQuery,
  WTSDisconnected,
  WTSIdle,
  WTSInit,
  WTSShadow,
} from './connect-state.ts';
import { isListening } from './listener.ts';
import { hasSessionAccess } from './session-access.ts';
import {
  appendSessionEvent,
  WTS_REMOTE_CONNECT,
  WTS_REMOTE_DISCONNECT,
  WTS_SESSION_CREATE,
} from './session-notification.ts';
import {
  createSessionRow,
  FIRST_REMOTE_SESSION_ID,
  hasUser,
  lowestFreeSessionId,
  PROTOCOL_RDP,
  type SessionClient,
  sessionsOf,
  toSessionKey,
} from './session-row.ts';
import { isRemoteConnection, nextConnectionName } from './stations.ts';
import { afterChange, commitChange, type WtsContext } from './wts-context.ts';

function isConnected(row: WtsSessionRow): boolean {
  return row.state === WTSActive || row.state === WTSShadow;
}

/** WTSDisconnectSession (see the file comment); `reason` goes into the event. */
export function disconnectSession(
  ctx: WtsContext,
  caller: Caller,
  sessionId: number,
  reason = 'disconnect',
): Promise<NtStatus> {
  return commitChange(ctx, (k) => {
    const row = k.tx.get('wtsSessions', toSessionKey(ctx.host, sessionId));
    if (row === undefined) return STATUS_CTX_WINSTATION_NOT_FOUND;
    if (!hasSessionAccess(caller, row, WTS_SECURITY_DISCONNECT)) return STATUS_ACCESS_DENIED;
    if (!hasUser(row)) return STATUS_ACCESS_DENIED;
    if (row.loggingOff) return STATUS_CTX_CLOSE_PENDING;
    if (row.state === WTSDisconnected) return STATUS_SUCCESS;
    if (!isConnected(row)) return STATUS_ACCESS_DENIED;
    return detachSession(
      k.tx,
      row,
      { host: ctx.host, now: ctx.clock.now(), reserved: ctx.reserved },
      { reason },
    );
  });
}

/**
 * The client of a session went away without asking (transport side, kernel mode): a session with
 * a user is disconnected; a remote session nobody logged on to waits in WTSIdle for the next client.
 */
export function loseClient(ctx: WtsContext, sessionId: number): Promise<NtStatus> {
  return commitChange(ctx, (k) => {
    const row = k.tx.get('wtsSessions', toSessionKey(ctx.host, sessionId));
    if (row === undefined) return STATUS_CTX_WINSTATION_NOT_FOUND;
    const scope = { host: ctx.host, now: ctx.clock.now(), reserved: ctx.reserved };
    if (hasUser(row) && isConnected(row) && !row.loggingOff)
      return detachSession(k.tx, row, scope, { reason: 'client-lost' });
    if (!hasUser(row) && row.state === WTSConnected && isRemoteConnection(row)) {
      const idle: WtsSessionRow = {
        ...row,
        state: WTSIdle,
        disconnectTime: scope.now,
        winStationName: '',
        clientName: '',
        clientAddress: '',
      };
      k.tx.put('wtsSessions', idle);
      appendSessionEvent(k.tx, WTS_REMOTE_DISCONNECT, idle, scope.now, { reason: 'client-lost' });
      return { changed: [idle], deleted: [] };
    }
    return STATUS_SUCCESS;
  });
}

/**
 * A client connects to the RDP-Tcp listener before anyone logs on (transport side, kernel mode):
 * a session waiting in WTSIdle is reused, else a new one is made at the lowest free id >= 2; it
 * goes WTSInit → WTSConnectQuery → WTSConnected, one transaction each (SESSION_CREATE, then
 * REMOTE_CONNECT). Log on in it with `logon({ sessionId })`.
 */
export async function connectClient(
  ctx: WtsContext,
  client: SessionClient,
): Promise<{ status: NtStatus; sessionId?: number }> {
  if (!(await isListening(ctx))) return { status: STATUS_CTX_WINSTATION_NOT_FOUND };
  const { host } = ctx;
  const id = await ctx.kernel.transact((k) => {
    const now = ctx.clock.now();
    const idle = sessionsOf(k.tx, host).find((r) => r.state === WTSIdle && !hasUser(r));
    if (idle !== undefined) {
      k.tx.put('wtsSessions', { ...idle, state: WTSConnectQuery, ...client });
      return idle.sessionId;
    }
    const sessionId = lowestFreeSessionId(k.tx, host, FIRST_REMOTE_SESSION_ID, ctx.reserved);
    const row = createSessionRow({
      host,
      sessionId,
      winStationName: '',
      state: WTSInit,
      protocolType: PROTOCOL_RDP,
      now,
      client,
    });
    k.tx.put('wtsSessions', row);
    appendSessionEvent(k.tx, WTS_SESSION_CREATE, row, now);
    return sessionId;
  });
  const key = toSessionKey(host, id);
  const step = (from: number, to: number, last: boolean) =>
    ctx.kernel.transact((k) => {
      const row = k.tx.get('wtsSessions', key);
      if (row === undefined || row.state !== from) return undefined;
      const now = ctx.clock.now();
      const next = {
        ...row,
        state: to,
        ...(last ? { winStationName: nextConnectionName(k.tx, host), connectTime: now } : {}),
      };
      k.tx.put('wtsSessions', next);
      if (last) appendSessionEvent(k.tx, WTS_REMOTE_CONNECT, next, now);
      return next;
    });
  await step(WTSInit, WTSConnectQuery, false);
  const connected = await step(WTSConnectQuery, WTSConnected, true);
  if (connected === undefined) return { status: STATUS_CTX_WINSTATION_NOT_FOUND };
  afterChange(ctx, [connected]);
  return { status: STATUS_SUCCESS, sessionId: id };
}

/** How often input may move LastInputTime in the store (writes are throttled to one per interval). */
export const INPUT_WRITE_INTERVAL_MS = 1000;

/** Records user input in a session with a user: LastInputTime, which restarts the idle limit. */
export function recordInput(ctx: WtsContext, sessionId: number): Promise<NtStatus> {
  return commitChange(ctx, (k) => {
    const row = k.tx.get('wtsSessions', toSessionKey(ctx.host, sessionId));
    if (row === undefined) return STATUS_CTX_WINSTATION_NOT_FOUND;
    const now = ctx.clock.now();
    if (!hasUser(row) || now - row.lastInputTime < INPUT_WRITE_INTERVAL_MS) return STATUS_SUCCESS;
    const next = { ...row, lastInputTime: now };
    k.tx.put('wtsSessions', next);
    return { changed: [next], deleted: [] };
  });
}
