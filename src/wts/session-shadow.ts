/**
 * Remote Control (shadowing; spec §1.9 bit 0x10, MS-WCS WTSShadow): the caller's own active
 * session watches another session. The shadowing session is WTSShadow until the caller stops;
 * the watched session hears WTS_SESSION_REMOTE_CONTROL when it starts, the shadowing one when it ends.
 */
import type { Caller } from '../kernel/caller.ts';
import {
  type NtStatus,
  STATUS_ACCESS_DENIED,
  STATUS_CTX_WINSTATION_NOT_FOUND,
  STATUS_INVALID_PARAMETER,
  STATUS_SUCCESS,
} from '../nt/ntstatus.ts';
import { WTS_SECURITY_REMOTE_CONTROL } from '../security/wts-permissions.ts';
import { WTSActive, WTSShadow } from './connect-state.ts';
import { hasSessionAccess } from './session-access.ts';
import { appendSessionEvent, WTS_SESSION_REMOTE_CONTROL } from './session-notification.ts';
import { hasUser, toSessionKey } from './session-row.ts';
import { commitChange, type WtsContext } from './wts-context.ts';

/**
 * Remote Control (shadowing): the caller's own active session watches session `target`, which
 * needs the Remote Control permission (0x10) on it. The caller's session is WTSShadow until
 * `stopShadow`; the target hears WTS_SESSION_REMOTE_CONTROL.
 */
export function shadowSession(ctx: WtsContext, caller: Caller, target: number): Promise<NtStatus> {
  return commitChange(ctx, (k) => {
    const own = k.tx.get('wtsSessions', toSessionKey(ctx.host, caller.sessionId));
    const row = k.tx.get('wtsSessions', toSessionKey(ctx.host, target));
    if (row === undefined) return STATUS_CTX_WINSTATION_NOT_FOUND;
    if (own === undefined || own.state !== WTSActive || own.userSid !== caller.user)
      return STATUS_ACCESS_DENIED;
    if (own.key === row.key) return STATUS_INVALID_PARAMETER;
    if (!hasUser(row) || !hasSessionAccess(caller, row, WTS_SECURITY_REMOTE_CONTROL))
      return STATUS_ACCESS_DENIED;
    const now = ctx.clock.now();
    const shadowing = { ...own, state: WTSShadow, lastInputTime: now };
    k.tx.put('wtsSessions', shadowing);
    appendSessionEvent(k.tx, WTS_SESSION_REMOTE_CONTROL, row, now, {
      shadowedBy: own.sessionId,
      active: true,
    });
    return { changed: [shadowing], deleted: [] };
  });
}

/** Ends the caller's shadowing: its session is WTSActive again. */
export function stopShadow(ctx: WtsContext, caller: Caller): Promise<NtStatus> {
  return commitChange(ctx, (k) => {
    const own = k.tx.get('wtsSessions', toSessionKey(ctx.host, caller.sessionId));
    if (own === undefined || own.userSid !== caller.user) return STATUS_CTX_WINSTATION_NOT_FOUND;
    if (own.state !== WTSShadow) return STATUS_SUCCESS;
    const now = ctx.clock.now();
    const active = { ...own, state: WTSActive, lastInputTime: now };
    k.tx.put('wtsSessions', active);
    appendSessionEvent(k.tx, WTS_SESSION_REMOTE_CONTROL, active, now, { shadowing: false, active: false });
    return { changed: [active], deleted: [] };
  });
}
