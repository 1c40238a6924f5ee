import type { EventRow, Rows } from './rows.ts';
import type { TableName } from './tables.ts';

/** A key value: what a table's key field holds. */
export type KeyOf<T extends TableName> = Rows[T][keyof Rows[T]];

/** What a transaction function may read. Rows are snapshots: never mutate them. */
export interface ReadTx {
  get<T extends TableName>(table: T, key: Rows[T][keyof Rows[T]]): Rows[T] | undefined;
  /** Rows whose indexed `field` equals `value`, in insertion order. */
  find<T extends TableName>(table: T, field: keyof Rows[T] & string, value: unknown): Rows[T][];
  /** Every row of the table, in insertion order (order is not part of any public contract). */
  scan<T extends TableName>(table: T): Rows[T][];
  count<T extends TableName>(table: T): number;
}

/** What a transaction function may do. */
export interface Tx extends ReadTx {
  /** Inserts or replaces the row with the same key. */
  put<T extends TableName>(table: T, row: Rows[T]): void;
  /** Deletes the row with that key; returns whether it existed. */
  delete<T extends TableName>(table: T, key: Rows[T][keyof Rows[T]]): boolean;
  /** Appends an event; returns its sequence number (ordered, never reused). */
  appendEvent(type: string, data: Record<string, unknown>, time: number): number;
  /** Runs `fn` if this transaction is rolled back (to forget in-memory state derived from it). */
  onRollback(fn: () => void): void;
}

/** Options of `Store.readEvents`. */
export interface ReadEventsOptions {
  /** Only events whose sequence number is greater than this. */
  after: number;
  limit: number;
  /** Only these event types (exact names, or prefixes ending in `.`). */
  types?: readonly string[];
}

/**
 * The Store port (DESIGN.md): the source of truth in every mode.
 *
 * Contract for `transact(fn)`:
 * - `fn` is synchronous, and must be free of side effects outside `tx`: an adapter may run it more
 *   than once (optimistic retries) and rolls back every change if it throws.
 * - The returned promise resolves with `fn`'s result once the change is durable (for durable
 *   stores), and rejects with the error `fn` threw (after rollback) or with an I/O error.
 * - Transactions are serialisable with respect to each other.
 */
export interface Store {
  /** `memory`, `sqlite` or `postgres`. */
  readonly kind: string;
  /** Whether acknowledged commits survive a crash. */
  readonly durable: boolean;
  transact<R>(fn: (tx: Tx) => R): Promise<R>;
  /** A read-only transaction; never waits for durability. */
  read<R>(fn: (tx: ReadTx) => R): Promise<R>;
  readEvents(options: ReadEventsOptions): Promise<EventRow[]>;
  /** The highest event sequence number committed so far (0 when empty). */
  lastEventSeq(): Promise<number>;
  /** Called after each commit that appended events, with the highest new sequence number. */
  onEvents(listener: (lastSeq: number) => void): () => void;
  close(): Promise<void>;
}

/** Whether an event of `type` passes a type filter (exact names, or prefixes ending in `.`). */
export function matchesEventTypes(type: string, types: readonly string[] | undefined): boolean {
  if (types === undefined || types.length === 0) return true;
  for (const t of types) {
    if (t === type || (t.endsWith('.') && type.startsWith(t)) || t === '*') return true;
  }
  return false;
}
