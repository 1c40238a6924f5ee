/**
 * Fan-out of the event log to many live readers (SSE clients, caches) with one store read per
 * commit, shared by all of them, instead of one read per reader. A reader that starts behind (a
 * replay from `Last-Event-ID`) catches up with its own reads, then joins the shared stream; each
 * event reaches each reader once, in order.
 */
import type { EventRow } from '../store/rows.ts';
import { matchesEventTypes, type Store } from '../store/store.ts';
import { ReadBarrier } from './read-barrier.ts';

/** An event as the hub hands it out: the row and its encoding, made once for every reader. */
export interface HubEvent {
  readonly row: EventRow;
  /** The encoded event (`encode(row)`), computed on first use and shared. */
  readonly encoded: string;
}

/** A reader's registration. */
export interface HubSubscription {
  /** The sequence number of the last event this reader has passed (delivered or filtered out). */
  readonly cursor: number;
  /** Whether it receives the shared stream (false while it replays). */
  readonly live: boolean;
  close(): void;
}

interface Reader {
  cursor: number;
  live: boolean;
  closed: boolean;
  readonly types: readonly string[] | undefined;
  readonly onEvent: (event: HubEvent) => void;
}

/** Options of a hub. */
export interface EventHubOptions {
  /** How a row is encoded once for every reader (e.g. as an SSE frame). */
  encode: (row: EventRow) => string;
  /** Rows per store read (default 1,000). */
  batch?: number;
}

const REPLAY_BATCH = 500;
const RETRY_FIRST_MS = 100;
const RETRY_MAX_MS = 2000;

/** The shared reader of one store's event log. */
export class EventHub {
  readonly #store: Store;
  readonly #encode: (row: EventRow) => string;
  readonly #batch: number;
  readonly #live = new Set<Reader>();
  #cursor = 0;
  /** The highest sequence number the store said was committed. */
  #heard = 0;
  /** Reads of the newest sequence number for `sync`. */
  readonly #barrier: ReadBarrier<number>;
  #off: (() => void) | undefined;
  #pumping = false;
  #again = false;
  /** A retry of the shared read after the store failed (cluster mode: a lost database). */
  #retry: ReturnType<typeof setTimeout> | undefined;
  #retryDelay = RETRY_FIRST_MS;
  /** Store reads made for the shared stream (for tests and metrics). */
  sharedReads = 0;

  constructor(store: Store, options: EventHubOptions) {
    this.#store = store;
    this.#encode = options.encode;
    this.#batch = options.batch ?? 1000;
    this.#barrier = new ReadBarrier(
      () => store.lastEventSeq(),
      (seq) => {
        if (seq <= this.#heard) return;
        this.#heard = seq;
        void this.#pump();
      },
    );
  }

  /** Starts following the store from its newest event. */
  async start(): Promise<void> {
    this.#off = this.#store.onEvents((seq) => {
      if (seq > this.#heard) this.#heard = seq;
      void this.#pump();
    });
    this.#cursor = await this.#store.lastEventSeq();
    if (this.#cursor > this.#heard) this.#heard = this.#cursor;
    void this.#pump();
  }

  /** The last sequence number the shared stream has passed. */
  get cursor(): number {
    return this.#cursor;
  }

  /**
   * Whether the store has said events were committed that the shared stream has not handed out
   * yet (between a commit notification and the read of its events, or while the store cannot be
   * read). Caches that drop entries on events answer from the store meanwhile.
   */
  get behind(): boolean {
    return this.#heard > this.#cursor;
  }

  /**
   * A read barrier: resolves once the store's newest sequence number, read after this call began,
   * has been heard (so `behind` tells whether anything committed before the call is still unread).
   * Calls made while one read is under way share the next read; a read serves every call made
   * before it was sent. Rejects when the store cannot be read.
   */
  sync(): Promise<void> {
    return this.#barrier.sync();
  }

  /** Readers on the shared stream. */
  get subscribers(): number {
    return this.#live.size;
  }

  /**
   * Delivers every event after `after` (default: none before now) whose type matches `types`
   * (exact names, or prefixes ending in `.`), then each new one as it commits. `onEvent` must not
   * throw; it is called synchronously in order.
   */
  subscribe(
    options: { after?: number | undefined; types?: readonly string[] | undefined },
    onEvent: (event: HubEvent) => void,
  ): HubSubscription {
    const reader: Reader = {
      cursor: options.after ?? this.#cursor,
      live: false,
      closed: false,
      types: options.types,
      onEvent,
    };
    if (reader.cursor >= this.#cursor) this.#goLive(reader);
    else void this.#replay(reader);
    const live = this.#live;
    return {
      get cursor() {
        return reader.cursor;
      },
      get live() {
        return reader.live;
      },
      close() {
        reader.closed = true;
        live.delete(reader);
      },
    };
  }

  /** Stops following the store; readers get nothing more. */
  close(): void {
    this.#off?.();
    this.#off = undefined;
    if (this.#retry !== undefined) clearTimeout(this.#retry);
    this.#retry = undefined;
    for (const r of this.#live) r.closed = true;
    this.#live.clear();
  }

  #goLive(reader: Reader): void {
    // Synchronous with the check of the cursor: nothing the shared stream passes can fall between.
    reader.live = true;
    this.#live.add(reader);
  }

  /** Reads on the reader's own behalf until it reaches the shared stream's position. */
  async #replay(reader: Reader): Promise<void> {
    try {
      while (!reader.closed) {
        if (reader.cursor >= this.#cursor) {
          this.#goLive(reader);
          return;
        }
        const upTo = await this.#store.lastEventSeq();
        const rows = await this.#store.readEvents({
          after: reader.cursor,
          limit: REPLAY_BATCH,
          ...(reader.types === undefined ? {} : { types: reader.types }),
        });
        for (const row of rows) {
          if (reader.closed) return;
          reader.cursor = row.seq;
          reader.onEvent(this.#hubEvent(row));
        }
        // A short page means everything up to `upTo` was scanned, filtered-out events included.
        if (rows.length < REPLAY_BATCH && upTo > reader.cursor) reader.cursor = upTo;
      }
    } catch {
      // The store closed under the replay: the reader ends with the daemon.
      reader.closed = true;
    }
  }

  /** One shared read per commit notification (coalesced), handed to every live reader. */
  async #pump(): Promise<void> {
    if (this.#pumping) {
      this.#again = true;
      return;
    }
    this.#pumping = true;
    try {
      do {
        this.#again = false;
        for (;;) {
          this.sharedReads++;
          const rows = await this.#store.readEvents({ after: this.#cursor, limit: this.#batch });
          for (const row of rows) this.#deliver(row);
          if (rows.length < this.#batch) break;
        }
      } while (this.#again && this.#off !== undefined);
      this.#retryDelay = RETRY_FIRST_MS;
    } catch {
      // A store that cannot be reached (a lost database) is read again, with backoff, until it
      // answers: a notification already heard would not come again. A closed hub stops.
      if (this.#off !== undefined && this.#retry === undefined) {
        this.#retry = setTimeout(() => {
          this.#retry = undefined;
          void this.#pump();
        }, this.#retryDelay);
        this.#retry.unref();
        this.#retryDelay = Math.min(RETRY_MAX_MS, this.#retryDelay * 2);
      }
    } finally {
      this.#pumping = false;
    }
  }

  #deliver(row: EventRow): void {
    let event: HubEvent | undefined;
    for (const reader of this.#live) {
      if (row.seq <= reader.cursor) continue;
      reader.cursor = row.seq;
      if (!matchesEventTypes(row.type, reader.types)) continue;
      event ??= this.#hubEvent(row);
      reader.onEvent(event);
    }
    this.#cursor = row.seq;
  }

  #hubEvent(row: EventRow): HubEvent {
    const encode = this.#encode;
    let encoded: string | undefined;
    return {
      row,
      get encoded() {
        encoded ??= encode(row);
        return encoded;
      },
    };
  }
}
