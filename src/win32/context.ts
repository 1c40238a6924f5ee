import { type Caller, TRUSTED_CALLER } from '../kernel/caller.ts';
import type { System } from '../system.ts';

/**
 * One caller's Win32-shaped context (spec D10): the system, who is calling, and the caller's own
 * last error. Without a caller token the context is trusted (kernel mode).
 */
export class Win32Context {
  readonly system: System;
  /** The caller's token handle, or 0 for the trusted (kernel-mode) context. */
  readonly callerHandle: number;
  lastError = 0;
  /** Handles this context opened with WTSOpenServer, and what they name. */
  readonly servers = new Map<number, string>();
  #nextServer = 0x1000;

  constructor(system: System, callerHandle = 0) {
    this.system = system;
    this.callerHandle = callerHandle;
  }

  /** The caller identity; undefined when the caller's handle has been closed. */
  async caller(): Promise<Caller | undefined> {
    if (this.callerHandle === 0) return TRUSTED_CALLER;
    return this.system.kernel.identify(this.callerHandle);
  }

  /** Sets the last error and returns `result` (for `return ctx.fail(87, false)`). */
  fail<T>(error: number, result: T): T {
    this.lastError = error;
    return result;
  }

  /** Sets the last error to 0 and returns `result`. */
  ok<T>(result: T): T {
    this.lastError = 0;
    return result;
  }

  /** Registers a server handle (WTSOpenServer). */
  openServer(name: string): number {
    const h = this.#nextServer++;
    this.servers.set(h, name);
    return h;
  }
}
