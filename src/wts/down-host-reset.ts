/**
 * Reset of a session whose host is down (issue 6 "Failures", DESIGN.md "Cluster mode"): nobody can
 * tear it down where it lives, so the host that is asked does it in the shared store, in one
 * transaction, with the checks of a local reset (7022; the caller's own session or the Reset
 * permission, 0x4; session 0, the listener and a console nobody is logged on to cannot be reset):
 * it closes the session's own token handle and its programs' handles, deletes its process rows and
 * its row, and appends the events of a local reset (WTS_SESSION_LOGOFF with audit 4647 when a user
 * was logged on, then WTS_SESSION_TERMINATE). The logon-session cascade follows here when the last
 * reference went. Programs that may still run on the dead host are no longer tracked.
 *
 * If the host's heartbeat came back meanwhile, nothing changes and the answer is `'up'`: the
 * caller forwards the reset to the owner instead.
 */
import type { Caller } from '../kernel/caller.ts';
import type { KernelTx } from '../kernel/kernel-tx.ts';
import {
  type NtStatus,
  RPC_NT_SERVER_UNAVAILABLE,
  STATUS_ACCESS_DENIED,
  STATUS_CTX_WINSTATION_NOT_FOUND,
  STATUS_SUCCESS,
} from '../nt/ntstatus.ts';
import { WTS_SECURITY_RESET } from '../security/wts-permissions.ts';
import { WTSReset } from './connect-state.ts';
import { findHost } from './host-registry.ts';
import { hasSessionAccess } from './session-access.ts';
import { appendSessionEvent, WTS_SESSION_LOGOFF, WTS_SESSION_TERMINATE } from './session-notification.ts';
import { FIRST_REMOTE_SESSION_ID, hasUser, LISTENER_SESSION_ID, toSessionKey } from './session-row.ts';
import { isConsoleSession } from './stations.ts';
import type { WtsContext } from './wts-context.ts';

/** Closes a token handle if it is still open (a handle closed by someone else is not an error here). */
function closeIfOpen(k: KernelTx, handle: number | null): void {
  if (handle !== null && k.resolveHandle(handle) !== undefined) k.closeHandle(handle);
}

/** Resets session `sessionId` of the down host `hostName` here (see the file comment). */
export function resetDownSession(
  ctx: WtsContext,
  caller: Caller,
  hostName: string,
  sessionId: number,
): Promise<NtStatus | 'up'> {
  return ctx.kernel.transact((k): NtStatus | 'up' => {
    const host = findHost(k.tx, hostName);
    if (host === undefined) return RPC_NT_SERVER_UNAVAILABLE;
    const now = ctx.clock.now();
    if (ctx.hosts.isUp(host, now)) return 'up';
    const key = toSessionKey(host.name, sessionId);
    const row = k.tx.get('wtsSessions', key);
    if (row === undefined) return STATUS_CTX_WINSTATION_NOT_FOUND;
    if (!hasSessionAccess(caller, row, WTS_SECURITY_RESET)) return STATUS_ACCESS_DENIED;
    const user = hasUser(row);
    if (
      !user &&
      (sessionId < FIRST_REMOTE_SESSION_ID || sessionId === LISTENER_SESSION_ID || isConsoleSession(row))
    )
      return STATUS_ACCESS_DENIED;
    for (const p of k.tx.find('processes', 'sessionKey', key)) {
      closeIfOpen(k, p.tokenHandle);
      k.tx.delete('processes', p.key);
    }
    closeIfOpen(k, row.tokenHandle);
    k.tx.delete('wtsSessions', key);
    const by = caller.trusted ? 'system' : caller.user;
    if (user && !row.loggingOff) {
      appendSessionEvent(k.tx, WTS_SESSION_LOGOFF, { ...row, state: WTSReset, loggingOff: true }, now, {
        audit: 4647,
        reason: 'reset',
        by,
        hostDown: true,
      });
    }
    appendSessionEvent(k.tx, WTS_SESSION_TERMINATE, row, now, { reason: 'reset', hostDown: true, by });
    return STATUS_SUCCESS;
  });
}
