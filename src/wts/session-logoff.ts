/**
 * WTSLogoffSession and reset (spec §2.20, §2.23, §3, D6–D8, Q9, Q13, Q14).
 *
 * Checks, first failure wins: the session exists (else STATUS_CTX_WINSTATION_NOT_FOUND, 7022);
 * the caller's own session, or the Reset permission (0x4) on another's (else STATUS_ACCESS_DENIED);
 * someone is logged on (session 0, the listener, a console or connection with nobody on it →
 * STATUS_ACCESS_DENIED, unchanged). Then one durable transaction marks the session (WTSReset,
 * `loggingOff`) and appends WTS_SESSION_LOGOFF with audit 4647; the teardown does the rest.
 * `wait: true` resolves once the session is deleted and its programs have exited, never waiting
 * for the logon-session cascade; `wait: false` resolves as soon as the mark is durable.
 */
import type { Caller } from '../kernel/caller.ts';
import {
  type NtStatus,
  STATUS_ACCESS_DENIED,
  STATUS_CTX_CLOSE_PENDING,
  STATUS_CTX_WINSTATION_NOT_FOUND,
  STATUS_SUCCESS,
} from '../nt/ntstatus.ts';
import { WTS_SECURITY_RESET } from '../security/wts-permissions.ts';
import { WTSReset } from './connect-state.ts';
import { hasSessionAccess } from './session-access.ts';
import { appendSessionEvent, WTS_SESSION_LOGOFF, WTS_SESSION_TERMINATE } from './session-notification.ts';
import { FIRST_REMOTE_SESSION_ID, hasUser, LISTENER_SESSION_ID, toSessionKey } from './session-row.ts';
import { isConsoleSession } from './stations.ts';
import { afterChange, type WtsContext } from './wts-context.ts';

/** Options of a logoff. */
export interface LogoffOptions {
  /** bWait: resolve only when the session is gone (default true). */
  wait?: boolean;
  /** Why, recorded in the event (`logoff`, `reset`, `idle-limit`, …). */
  reason?: string;
}

/** WTSLogoffSession (see the file comment). */
export async function logoffSession(
  ctx: WtsContext,
  caller: Caller,
  sessionId: number,
  options: LogoffOptions = {},
): Promise<NtStatus> {
  const key = toSessionKey(ctx.host, sessionId);
  const marked = await ctx.kernel.transact((k): NtStatus => {
    const row = k.tx.get('wtsSessions', key);
    if (row === undefined) return STATUS_CTX_WINSTATION_NOT_FOUND;
    if (!hasSessionAccess(caller, row, WTS_SECURITY_RESET)) return STATUS_ACCESS_DENIED;
    if (!hasUser(row)) return STATUS_ACCESS_DENIED;
    if (row.loggingOff) return STATUS_SUCCESS;
    const now = ctx.clock.now();
    const next = { ...row, state: WTSReset, loggingOff: true };
    k.tx.put('wtsSessions', next);
    appendSessionEvent(k.tx, WTS_SESSION_LOGOFF, next, now, {
      audit: 4647,
      reason: options.reason ?? 'logoff',
      by: caller.trusted ? 'system' : caller.user,
    });
    return STATUS_SUCCESS;
  });
  if (marked !== STATUS_SUCCESS) return marked;
  ctx.timers.cancel(sessionId);
  const job = ctx.teardowns.run(key);
  if (options.wait === false) return STATUS_SUCCESS;
  return (await job) ? STATUS_SUCCESS : STATUS_CTX_CLOSE_PENDING;
}

/**
 * Reset (rwinsta, MS-TSTS RpcWinStationReset): needs Reset on another's session. A session with a
 * user is logged off and waited for; a remote session nobody is logged on to (connected, idle,
 * down) is deleted at once. Session 0, the listener and the console's logon screen cannot be reset
 * (STATUS_ACCESS_DENIED, MS-WCS).
 */
export async function resetSession(ctx: WtsContext, caller: Caller, sessionId: number): Promise<NtStatus> {
  const key = toSessionKey(ctx.host, sessionId);
  const result = await ctx.kernel.transact((k): NtStatus | 'logoff' => {
    const row = k.tx.get('wtsSessions', key);
    if (row === undefined) return STATUS_CTX_WINSTATION_NOT_FOUND;
    if (!hasSessionAccess(caller, row, WTS_SECURITY_RESET)) return STATUS_ACCESS_DENIED;
    if (hasUser(row)) return 'logoff';
    if (sessionId < FIRST_REMOTE_SESSION_ID || sessionId === LISTENER_SESSION_ID || isConsoleSession(row))
      return STATUS_ACCESS_DENIED;
    k.tx.delete('wtsSessions', key);
    appendSessionEvent(k.tx, WTS_SESSION_TERMINATE, row, ctx.clock.now(), { reason: 'reset' });
    return STATUS_SUCCESS;
  });
  if (result === 'logoff') return logoffSession(ctx, caller, sessionId, { wait: true, reason: 'reset' });
  if (result === STATUS_SUCCESS) afterChange(ctx, [], [sessionId]);
  return result;
}
