/**
 * One load at a time, always of the latest source: a view's reloads (live events, a Refresh, a
 * change of what it shows, such as the Host selector) may arrive while a load runs; they are
 * coalesced into one more load after it, and that load asks for the source current *then*. A
 * result of a source that was replaced while it loaded is dropped, so switching hosts while the
 * old host's list is on its way never shows the old list as the new one.
 */

/** What a load ended with. */
export type LoadOutcome<T> =
  | { readonly ok: true; readonly data: T }
  | { readonly ok: false; readonly error: unknown };

/** The parts of a view the loop talks to. */
export interface LoadLoopHost<T> {
  /** The source to load now (read again before each load). */
  current(): () => Promise<T>;
  /** Whether results are still wanted (false once the view is gone). */
  alive(): boolean;
  /** A load of the current source ended. */
  settle(outcome: LoadOutcome<T>): void;
  /** Loading started (true) or the last queued load ended (false). */
  busy(loading: boolean): void;
}

/** Returns `run`: start a load, or queue one more if a load is running. */
export function createLoadLoop<T>(host: LoadLoopHost<T>): () => Promise<void> {
  let running = false;
  let again = false;
  return async function run(): Promise<void> {
    if (running) {
      again = true;
      return;
    }
    running = true;
    host.busy(true);
    try {
      do {
        again = false;
        const source = host.current();
        let outcome: LoadOutcome<T>;
        try {
          outcome = { ok: true, data: await source() };
        } catch (error) {
          outcome = { ok: false, error };
        }
        if (!host.alive()) return;
        if (source !== host.current()) again = true;
        else host.settle(outcome);
      } while (again && host.alive());
    } finally {
      running = false;
      if (host.alive()) host.busy(false);
    }
  };
}
