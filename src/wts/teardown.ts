/**
 * The second half of a logoff or reset (spec §3.2 steps 3–5, D8): ask every program of the
 * session to end (SIGTERM to each process group), wait the grace period on the Clock, kill what is
 * left (SIGKILL), and once no program remains delete the session in one transaction that closes
 * its own token handle (winlogon's copy) and appends WTS_SESSION_TERMINATE. A console session is
 * replaced by a fresh one (D9). The logon-session cascade is never waited for.
 *
 * The first half (marking the session, WTS_SESSION_LOGOFF) is the caller's transaction, so a job
 * found marked at start (`loggingOff`) is simply started again.
 */
import type { Kernel } from '../kernel/kernel.ts';
import type { Clock } from '../nt/clock.ts';
import type { ProgramWatcher } from './program-watcher.ts';
import { appendSessionEvent, WTS_SESSION_TERMINATE } from './session-notification.ts';
import { createConsoleSession, isConsoleSession } from './stations.ts';

/** Options of `Teardowns`. */
export interface TeardownOptions {
  kernel: Kernel;
  programs: ProgramWatcher;
  clock: Clock;
  /** How long programs have between SIGTERM and SIGKILL. */
  graceMs: number;
  host: string;
  /** Session ids promised to logons in progress (a replacement console must not take one). */
  reserved: ReadonlySet<number>;
  warn: (message: string, fields: Record<string, unknown>) => void;
  /** Called after the session's row is gone (and with the console that replaced it, if any). */
  onDeleted: (sessionId: number, replacement: number | undefined) => void;
}

/** Running teardowns, one per session. */
export class Teardowns {
  readonly #o: TeardownOptions;
  readonly #jobs = new Map<string, Promise<boolean>>();
  #closed = false;
  #onClose: (() => void)[] = [];

  constructor(options: TeardownOptions) {
    this.#o = options;
  }

  /**
   * Tears the session keyed `sessionKey` down (it must already be marked as logging off). A second
   * call joins the running job. Resolves `true` once the session is deleted, `false` if the system
   * closed first (the job then resumes at the next start).
   */
  run(sessionKey: string): Promise<boolean> {
    let job = this.#jobs.get(sessionKey);
    if (job === undefined) {
      job = this.#run(sessionKey).then(
        (done) => {
          this.#jobs.delete(sessionKey);
          return done;
        },
        (error: unknown) => {
          this.#jobs.delete(sessionKey);
          if (!this.#closed)
            this.#o.warn('logoff failed; it resumes at the next start', {
              session: sessionKey,
              error: String(error),
            });
          return false;
        },
      );
      this.#jobs.set(sessionKey, job);
    }
    return job;
  }

  /** Resolves when every teardown started so far has finished. */
  async settled(): Promise<void> {
    while (this.#jobs.size > 0) await Promise.all(this.#jobs.values());
  }

  /** Abandons running teardowns: they resolve `false` and resume at the next start. */
  close(): void {
    this.#closed = true;
    for (const fn of this.#onClose.splice(0)) fn();
  }

  async #run(sessionKey: string): Promise<boolean> {
    const o = this.#o;
    const closed = new Promise<false>((resolve) => {
      if (this.#closed) resolve(false);
      else this.#onClose.push(() => resolve(false));
    });
    const live = await o.programs.signalSession(sessionKey, 'SIGTERM');
    const grace =
      live > 0
        ? o.clock.setTimer(o.graceMs, () => {
            if (!this.#closed) void o.programs.signalSession(sessionKey, 'SIGKILL').catch(() => {});
          })
        : undefined;
    const emptied = await Promise.race([o.programs.whenEmpty(sessionKey).then(() => true), closed]);
    grace?.cancel();
    if (!emptied || this.#closed) return false;
    const deleted = await o.kernel.transact((k) => {
      const row = k.tx.get('wtsSessions', sessionKey);
      if (row === undefined) return undefined;
      const now = o.clock.now();
      k.tx.delete('wtsSessions', sessionKey);
      if (row.tokenHandle !== null && k.resolveHandle(row.tokenHandle) !== undefined)
        k.closeHandle(row.tokenHandle);
      appendSessionEvent(k.tx, WTS_SESSION_TERMINATE, row, now);
      const replacement = isConsoleSession(row)
        ? createConsoleSession(k.tx, o.host, now, o.reserved, row.sessionId)
        : undefined;
      return { sessionId: row.sessionId, replacement: replacement?.sessionId };
    });
    if (deleted !== undefined) o.onDeleted(deleted.sessionId, deleted.replacement);
    return true;
  }
}
