/** Helpers every WTS function of the Win32-shaped API shares (see `wtsapi32.ts`). */
import type { Caller } from '../kernel/caller.ts';
import type { Win32Context } from './context.ts';
import type { Ref } from './ref.ts';
import * as c from './wts-constants.ts';

/** Whether `value` is an out-parameter (a Ref, not a null pointer). */
export function isRef(value: unknown): value is Ref<unknown> {
  return typeof value === 'object' && value !== null;
}

/** The caller and a checked server handle, or the Win32 error to fail with. */
export async function enter(ctx: Win32Context, hServer: number): Promise<Caller | number> {
  if (hServer !== c.WTS_CURRENT_SERVER_HANDLE && !ctx.servers.has(hServer)) return c.ERROR_INVALID_HANDLE;
  return (await ctx.caller()) ?? c.ERROR_ACCESS_DENIED;
}

/** The session a SessionId names: WTS_CURRENT_SESSION is the caller's own. */
export function toSessionId(caller: Caller, sessionId: number): number {
  return sessionId >>> 0 === c.WTS_CURRENT_SESSION ? caller.sessionId : sessionId >>> 0;
}
