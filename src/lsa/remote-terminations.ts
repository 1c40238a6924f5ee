/**
 * Termination routines for sessions other hosts terminated (issue 6, DESIGN.md "Cluster mode"):
 * routines live in a process, and a logon session's cascade runs on whichever daemon dropped its
 * last reference. Every other daemon follows the shared event log from the last sequence number it
 * saw at start and, for each `logon-session.terminated` event whose `cascadeHost` is another host,
 * calls its own registered routines once — in event order, never twice, with the local cascade's
 * deadline, counters and logging (`CascadeRunner.runRoutines`). Events of this host's own cascades
 * are skipped: their routines ran there.
 */
import { parseLuid } from '../nt/luid.ts';
import type { EventRow } from '../store/rows.ts';
import type { Store } from '../store/store.ts';
import type { CascadeLogger, CascadeRunner } from './cascade.ts';

/** Options of `RemoteTerminations`. */
export interface RemoteTerminationsOptions {
  store: Store;
  cascade: CascadeRunner;
  /** This host's name: events whose `cascadeHost` is this are skipped. */
  host: string;
  logger: CascadeLogger;
}

const TYPES = Object.freeze(['logon-session.terminated']);
const BATCH = 500;

/** The follower of other hosts' terminations (see the file comment). */
export class RemoteTerminations {
  readonly #o: RemoteTerminationsOptions;
  /** The sequence number up to which every event has been handled. */
  #cursor = 0;
  /** The highest sequence number the store announced. */
  #announced = 0;
  #off: (() => void) | undefined;
  #pumping: Promise<void> | undefined;
  #again = false;
  #closed = false;

  constructor(options: RemoteTerminationsOptions) {
    this.#o = options;
  }

  /** The sequence number of the last event handled. */
  get cursor(): number {
    return this.#cursor;
  }

  /** Starts following from the last sequence number committed now: earlier terminations are not replayed. */
  async start(): Promise<void> {
    this.#off = this.#o.store.onEvents((lastSeq) => {
      if (lastSeq > this.#announced) this.#announced = lastSeq;
      this.#pump();
    });
    const last = await this.#o.store.lastEventSeq();
    this.#cursor = Math.max(this.#cursor, last);
    if (last > this.#announced) this.#announced = last;
    this.#pump();
  }

  /** Resolves once every event announced so far has been handled. */
  async settled(): Promise<void> {
    while (this.#pumping !== undefined) await this.#pumping;
  }

  /** Stops following; waits for the routine calls under way. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#off?.();
    this.#off = undefined;
    await this.settled();
  }

  #pump(): void {
    if (this.#closed) return;
    if (this.#pumping !== undefined) {
      this.#again = true;
      return;
    }
    this.#pumping = this.#drain().finally(() => {
      this.#pumping = undefined;
    });
  }

  async #drain(): Promise<void> {
    do {
      this.#again = false;
      try {
        for (;;) {
          // Every event up to `target` is committed (sequence numbers are given in commit order),
          // so a short filtered page covers them all and the cursor may move up to it.
          const target = this.#announced;
          const batch = await this.#o.store.readEvents({ after: this.#cursor, limit: BATCH, types: TYPES });
          for (const event of batch) {
            if (this.#closed) return;
            this.#cursor = event.seq;
            await this.#handle(event);
          }
          if (batch.length < BATCH) {
            if (target > this.#cursor) this.#cursor = target;
            break;
          }
        }
      } catch (error) {
        if (!this.#closed)
          this.#o.logger.warn('reading terminations of other hosts failed; retried at the next event', {
            after: this.#cursor,
            error: String(error),
          });
        return;
      }
    } while (this.#again && !this.#closed);
  }

  async #handle(event: EventRow): Promise<void> {
    const { cascadeHost, logonId, marked } = event.data;
    if (typeof cascadeHost !== 'string' || cascadeHost === this.#o.host) return;
    const luid = typeof logonId === 'string' ? parseLuid(logonId) : undefined;
    if (luid === undefined) return;
    await this.#o.cascade.runRoutines(luid, marked === true);
  }
}
