import type { EventRow, Rows } from '../rows.ts';
import type { ReadEventsOptions, Store, Tx } from '../store.ts';
import { TABLE_NAMES, TABLES, type TableName } from '../tables.ts';
import { EventRing } from './_event-ring.ts';
import { MemoryTable, mapKey } from './_memory-table.ts';

type AnyRow = Record<string, unknown>;
type Key = unknown;

/** Options of the in-memory store. */
export interface MemoryStoreOptions {
  /** How many events the log keeps (older ones are dropped); default 100,000. */
  eventRetention?: number;
}

/** Undo entries are kept as flat triples (table, mapped key, previous row) to allocate nothing per write. */
const UNDO_KEEP = 3 * 64;

/**
 * The in-memory Store adapter: for tests, benchmarks and library use without persistence.
 * Transactions apply in place and keep an undo log, so a throwing transaction function leaves no
 * trace. Not durable: `durable` is false.
 *
 * The event log is an `EventRing` of the newest `eventRetention` events.
 */
export class MemoryStore implements Store {
  readonly kind = 'memory';
  readonly durable = false;
  readonly #tables: Readonly<Record<TableName, MemoryTable>>;
  readonly #events: EventRing;
  #inTx = false;
  #writable = false;
  #closed = false;
  readonly #undo: unknown[] = [];
  #undoLength = 0;
  #rollbackHooks: (() => void)[] | undefined;
  readonly #listeners = new Set<(seq: number) => void>();
  readonly #tx: Tx;

  constructor(options: MemoryStoreOptions = {}) {
    this.#events = new EventRing(options.eventRetention ?? 100_000);
    const tables = Object.create(null) as Record<TableName, MemoryTable>;
    for (const name of TABLE_NAMES) {
      const spec = TABLES[name];
      tables[name] = new MemoryTable(spec.key, spec.indexes);
    }
    this.#tables = tables;
    this.#tx = this.#createTx();
  }

  #table(name: TableName): MemoryTable {
    const t = this.#tables[name];
    if (t === undefined) throw new Error(`unknown table ${name}`);
    return t;
  }

  #createTx(): Tx {
    const store = this;
    return {
      get: ((table: TableName, key: unknown) => store.#table(table).get(key)) as Tx['get'],
      find: ((table: TableName, field: string, value: unknown) => {
        const t = store.#table(table);
        const index = t.index(field);
        if (index === undefined) throw new Error(`table ${table} has no index on ${field}`);
        const b = index.get(mapKey(value));
        if (b === undefined) return [];
        if (Array.isArray(b)) return b.map((k) => t.rows.get(k));
        return [t.rows.get(b)];
      }) as Tx['find'],
      scan: ((table: TableName) => [...store.#table(table).rows.values()]) as Tx['scan'],
      count: (table: TableName) => store.#table(table).rows.size,
      put: ((table: TableName, row: AnyRow) => {
        if (!store.#writable) throw new Error('write outside a read-write transaction');
        const t = store.#table(table);
        const raw = row[t.keyField];
        if (raw === undefined || raw === null)
          throw new Error(`row for ${table} lacks its key ${t.keyField}`);
        const key = mapKey(raw);
        store.#logUndo(t, key, t.put(key, row));
      }) as Tx['put'],
      delete: ((table: TableName, key: unknown) => {
        if (!store.#writable) throw new Error('write outside a read-write transaction');
        const t = store.#table(table);
        const mapped = mapKey(key);
        const prev = t.delete(mapped);
        if (prev === undefined) return false;
        store.#logUndo(t, mapped, prev);
        return true;
      }) as Tx['delete'],
      appendEvent(type, data, time) {
        if (!store.#writable) throw new Error('write outside a read-write transaction');
        return store.#events.append(type, time, data);
      },
      onRollback(fn) {
        if (store.#rollbackHooks === undefined) store.#rollbackHooks = [fn];
        else store.#rollbackHooks.push(fn);
      },
    };
  }

  #logUndo(table: MemoryTable, key: Key, prev: AnyRow | undefined): void {
    const u = this.#undo;
    const n = this.#undoLength;
    u[n] = table;
    u[n + 1] = key;
    u[n + 2] = prev;
    this.#undoLength = n + 3;
  }

  transact<R>(fn: (tx: Tx) => R): Promise<R> {
    if (this.#closed) return Promise.reject(new Error('store is closed'));
    if (this.#inTx)
      return Promise.reject(new Error('transactions do not nest: transact() called inside a transaction'));
    this.#inTx = true;
    this.#writable = true;
    const seqBefore = this.#events.last;
    let result: R;
    try {
      result = fn(this.#tx);
    } catch (error) {
      this.#rollback(seqBefore);
      return Promise.reject(error);
    } finally {
      this.#inTx = false;
      this.#writable = false;
    }
    this.#forgetUndo();
    this.#rollbackHooks = undefined;
    const seq = this.#events.last;
    if (seq !== seqBefore) {
      this.#events.trim();
      if (this.#listeners.size > 0) for (const l of this.#listeners) l(seq);
    }
    return Promise.resolve(result);
  }

  /**
   * Clears the undo log: a large one gives its memory back; a small one is reused as is (its stale
   * slots are overwritten by the next transaction: clearing them measured slower than keeping the
   * few rows they hold alive a little longer).
   */
  #forgetUndo(): void {
    if (this.#undoLength > UNDO_KEEP) this.#undo.length = 0;
    this.#undoLength = 0;
  }

  #rollback(seqBefore: number): void {
    const u = this.#undo;
    for (let i = this.#undoLength - 3; i >= 0; i -= 3) {
      const table = u[i] as MemoryTable;
      const prev = u[i + 2] as AnyRow | undefined;
      if (prev === undefined) table.delete(u[i + 1]);
      else table.put(u[i + 1], prev);
    }
    this.#forgetUndo();
    this.#events.truncate(seqBefore);
    const hooks = this.#rollbackHooks;
    this.#rollbackHooks = undefined;
    if (hooks !== undefined) for (const h of hooks) h();
  }

  read<R>(fn: (tx: Tx) => R): Promise<R> {
    if (this.#closed) return Promise.reject(new Error('store is closed'));
    try {
      return Promise.resolve(fn(this.#tx));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  readEvents(options: ReadEventsOptions): Promise<EventRow[]> {
    return Promise.resolve(this.#events.read(options));
  }

  lastEventSeq(): Promise<number> {
    return Promise.resolve(this.#events.last);
  }

  onEvents(listener: (lastSeq: number) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  close(): Promise<void> {
    this.#closed = true;
    return Promise.resolve();
  }
}

/** Creates an in-memory store. */
export function createMemoryStore(options?: MemoryStoreOptions): MemoryStore {
  return new MemoryStore(options);
}

export type { Rows };
