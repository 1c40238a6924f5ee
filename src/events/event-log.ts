import type { EventRow } from '../store/rows.ts';
import { matchesEventTypes, type Store } from '../store/store.ts';

/** Options of a read or a subscription. */
export interface EventFilter {
  /** Only events after this sequence number (default 0: from the start of what is kept). */
  after?: number;
  /** Only these types: exact names, or prefixes ending in `.` (`logon-session.`). */
  types?: readonly string[];
}

/** A live subscription; `close()` stops delivery. */
export interface EventSubscription {
  /** The sequence number of the last event delivered. */
  readonly cursor: number;
  close(): void;
}

/**
 * The event log (DESIGN.md): ordered, durable, replayable. Events are appended by the engine in
 * the same transaction as the change they describe; readers follow them by sequence number.
 */
export class EventLog {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /** Events after a cursor, oldest first. */
  read(filter: EventFilter & { limit?: number } = {}): Promise<EventRow[]> {
    return this.#store.readEvents({
      after: filter.after ?? 0,
      limit: filter.limit ?? 1000,
      ...(filter.types === undefined ? {} : { types: filter.types }),
    });
  }

  /** The last committed sequence number. */
  last(): Promise<number> {
    return this.#store.lastEventSeq();
  }

  /**
   * Delivers every event after `filter.after` (replay), then each new one as it commits, in order
   * and each once. `onEvent` may be async; the next event waits for it.
   */
  subscribe(filter: EventFilter, onEvent: (event: EventRow) => unknown): EventSubscription {
    const store = this.#store;
    let cursor = filter.after ?? 0;
    let closed = false;
    let pumping = false;
    let again = false;
    const pump = async (): Promise<void> => {
      if (pumping) {
        again = true;
        return;
      }
      pumping = true;
      try {
        do {
          again = false;
          for (;;) {
            const batch = await store.readEvents({ after: cursor, limit: 500 });
            if (batch.length === 0 || closed) break;
            for (const e of batch) {
              if (closed) return;
              cursor = e.seq;
              if (matchesEventTypes(e.type, filter.types)) await onEvent(e);
            }
          }
        } while (again && !closed);
      } finally {
        pumping = false;
      }
    };
    const off = store.onEvents(() => void pump());
    void pump();
    return {
      get cursor() {
        return cursor;
      },
      close() {
        closed = true;
        off();
      },
    };
  }

  /** Resolves with the first event after `after` matching `predicate` (tests and CLI waits). */
  waitFor(
    predicate: (e: EventRow) => boolean,
    options: EventFilter & { signal?: AbortSignal } = {},
  ): Promise<EventRow> {
    return new Promise((resolve, reject) => {
      const sub = this.subscribe(options, (e) => {
        if (predicate(e)) {
          sub.close();
          resolve(e);
        }
      });
      options.signal?.addEventListener('abort', () => {
        sub.close();
        reject(options.signal?.reason);
      });
    });
  }

  /** A named reader's durable position (webhooks, cluster peers). */
  async getCursor(name: string): Promise<number> {
    return (await this.#store.read((tx) => tx.get('cursors', name)))?.seq ?? 0;
  }

  /** Records a named reader's position. */
  async setCursor(name: string, seq: number): Promise<void> {
    await this.#store.transact((tx) => tx.put('cursors', { name, seq }));
  }
}
