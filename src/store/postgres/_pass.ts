/**
 * One run of a transaction function against a snapshot. Private to the PostgreSQL adapter.
 *
 * Writes go to an overlay (the snapshot is never changed by them). A read the snapshot cannot
 * answer is a miss: it is recorded, and the read answers as if nothing were there (`undefined`,
 * `[]`, `0`, `false`) so the function can go on and reveal its other independent reads in the same
 * pass; all of them are then fetched in one round trip. A pass with a miss is never committed: its
 * result, its writes and any error it threw are discarded, and the function runs again. After
 * `MAX_MISSES` misses a pass is cut short with the private `NeedRows` signal.
 */
import type { Tx } from '../store.ts';
import { createTx } from './_pass-tx.ts';
import { entry, type Snapshot } from './_snapshot.ts';

type AnyRow = Readonly<Record<string, unknown>>;

/** A write of the pass: the row put last, or `null` when the key was deleted last. */
export interface OverlayEntry {
  row: AnyRow | null;
  /** Deleted and then put again in this pass: the row takes a new place in insertion order. */
  recreated: boolean;
}

/** An event appended by the pass. */
export interface PendingEvent {
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly time: number;
}

/** What a pass needs fetched, by table: keys (mapped key → column text), index values, tables. */
export class Misses {
  readonly gets = new Map<string, Map<unknown, string>>();
  /** table → field → mapped value → column text. */
  readonly finds = new Map<string, Map<string, Map<unknown, string>>>();
  readonly scans = new Set<string>();
  readonly counts = new Set<string>();
  /** The pass appended events before the event counter was read. */
  events = false;
  /** Number of row misses (gets, finds, scans, counts). */
  rows = 0;
}

/** Thrown through the function to cut a pass short; never escapes the adapter. */
export class NeedRows extends Error {}

/** Misses after which a pass is cut short. */
const MAX_MISSES = 256;

/** A single run of a transaction function. */
export class Pass {
  readonly overlay = new Map<string, Map<unknown, OverlayEntry>>();
  readonly misses = new Misses();
  readonly events: PendingEvent[] = [];
  readonly hooks: (() => void)[] = [];
  readonly tx: Tx;
  readonly #snapshot: Snapshot;
  readonly #writable: boolean;
  /** Where provisional sequence numbers start while the counter is unread. */
  readonly #provisionalBase: number;

  constructor(snapshot: Snapshot, writable: boolean, provisionalBase: number) {
    this.#snapshot = snapshot;
    this.#writable = writable;
    this.#provisionalBase = provisionalBase;
    this.tx = createTx(this);
  }

  get snapshot(): Snapshot {
    return this.#snapshot;
  }

  /** Throws unless the pass may write. */
  assertWritable(): void {
    if (!this.#writable) throw new Error('write outside a read-write transaction');
  }

  /** The overlay of one table, created on first use. */
  overlayOf(table: string): Map<unknown, OverlayEntry> {
    return entry(this.overlay, table, () => new Map<unknown, OverlayEntry>());
  }

  /** Records a row miss; cuts the pass short once there are too many. */
  miss(record: (m: Misses) => void): void {
    record(this.misses);
    if (++this.misses.rows >= MAX_MISSES) throw new NeedRows('too many rows to fetch in one pass');
  }

  /** Records a get miss for `key` (its column text `text`). */
  missKey(table: string, key: unknown, text: string): void {
    this.miss((m) => {
      entry(m.gets, table, () => new Map<unknown, string>()).set(key, text);
    });
  }

  /** Appends an event; returns its sequence number (provisional until the counter is read). */
  appendEvent(type: string, data: Record<string, unknown>, time: number): number {
    this.assertWritable();
    this.events.push({ type, data, time });
    const base = this.#snapshot.eventBase;
    if (base !== undefined) return base + this.events.length;
    this.misses.events = true;
    return this.#provisionalBase + this.events.length;
  }
}
