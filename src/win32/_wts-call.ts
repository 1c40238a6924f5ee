/** Helpers every WTS function of the Win32-shaped API shares (see `wtsapi32.ts`). */
import type { Caller } from '../kernel/caller.ts';
import { isNtError } from '../nt/nt-error.ts';
import type { SessionRef } from '../wts/session-ref.ts';
import type { WtsServer } from '../wts/wts-server.ts';
import type { Win32Context } from './context.ts';
import type { Ref } from './ref.ts';
import * as c from './wts-constants.ts';

/** Whether `value` is an out-parameter (a Ref, not a null pointer). */
export function isRef(value: unknown): value is Ref<unknown> {
  return typeof value === 'object' && value !== null;
}

/** Who calls, and the session host the server handle names. */
export interface Entered {
  caller: Caller;
  server: WtsServer;
}

/**
 * The caller and the host of a checked server handle (WTS_CURRENT_SERVER_HANDLE is this host; a
 * handle from WTSOpenServer names a host of the cluster), or the Win32 error to fail with.
 */
export async function enter(ctx: Win32Context, hServer: number): Promise<Entered | number> {
  const name = hServer === c.WTS_CURRENT_SERVER_HANDLE ? undefined : ctx.servers.get(hServer);
  if (hServer !== c.WTS_CURRENT_SERVER_HANDLE && name === undefined) return c.ERROR_INVALID_HANDLE;
  const caller = await ctx.caller();
  if (caller === undefined) return c.ERROR_ACCESS_DENIED;
  return { caller, server: ctx.system.wts.on(name) };
}

/** Runs a list call of a server: an NtError it throws (a host that went away) becomes its Win32 error. */
export async function listing<T>(fn: () => Promise<T>): Promise<T | { error: number }> {
  try {
    return await fn();
  } catch (error) {
    if (isNtError(error)) return { error: error.win32 };
    throw error;
  }
}

/**
 * The session a SessionId names: WTS_CURRENT_SESSION is the caller's own (`'current'`: on another
 * host of the cluster, only if the caller logged on there).
 */
export function toSessionRef(sessionId: number): SessionRef {
  return sessionId >>> 0 === c.WTS_CURRENT_SESSION ? 'current' : sessionId >>> 0;
}
