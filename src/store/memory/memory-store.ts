import type { EventRow, Rows } from '../rows.ts';
import { matchesEventTypes, type ReadEventsOptions, type Store, type Tx } from '../store.ts';
import { TABLE_NAMES, TABLES, type TableName } from '../tables.ts';

type AnyRow = Record<string, unknown>;
type Key = unknown;
/** An index bucket: one key (the common case, no allocation) or several in insertion order. */
type Bucket = Key | Key[];

/**
 * Map keys: bigints that fit a double exactly become numbers, which V8 hashes far faster (LUIDs
 * are bigints). A table's keys are all of one type, so no two distinct keys collide.
 */
function mapKey(value: unknown): unknown {
  if (typeof value === 'bigint' && value <= 9007199254740991n && value >= -9007199254740991n) return Number(value);
  return value;
}

class MemoryTable {
  readonly rows = new Map<Key, AnyRow>();
  readonly keyField: string;
  readonly indexFields: readonly string[];
  readonly indexMaps: Map<unknown, Bucket>[];
  constructor(keyField: string, indexFields: readonly string[]) {
    this.keyField = keyField;
    this.indexFields = indexFields;
    this.indexMaps = indexFields.map(() => new Map());
  }

  index(field: string): Map<unknown, Bucket> | undefined {
    const i = this.indexFields.indexOf(field);
    return i < 0 ? undefined : this.indexMaps[i];
  }

  get(key: unknown): AnyRow | undefined {
    return this.rows.get(mapKey(key));
  }

  put(row: AnyRow): AnyRow | undefined {
    const key = mapKey(row[this.keyField]);
    const prev = this.rows.get(key);
    this.rows.set(key, row);
    const fields = this.indexFields;
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i]!;
      const index = this.indexMaps[i]!;
      const value = mapKey(row[field]);
      if (prev !== undefined) {
        const old = mapKey(prev[field]);
        if (old === value) continue;
        unindex(index, old, key);
      }
      if (value !== undefined && value !== null) addIndex(index, value, key);
    }
    return prev;
  }

  delete(rawKey: unknown): AnyRow | undefined {
    const key = mapKey(rawKey);
    const prev = this.rows.get(key);
    if (prev === undefined) return undefined;
    this.rows.delete(key);
    const fields = this.indexFields;
    for (let i = 0; i < fields.length; i++) unindex(this.indexMaps[i]!, mapKey(prev[fields[i]!]), key);
    return prev;
  }
}

function addIndex(index: Map<unknown, Bucket>, value: unknown, key: Key): void {
  const b = index.get(value);
  if (b === undefined && !index.has(value)) index.set(value, key);
  else if (Array.isArray(b)) b.push(key);
  else index.set(value, [b, key]);
}

function unindex(index: Map<unknown, Bucket>, value: unknown, key: Key): void {
  if (value === undefined || value === null) return;
  const b = index.get(value);
  if (b === undefined) return;
  if (Array.isArray(b)) {
    const i = b.indexOf(key);
    if (i >= 0) b.splice(i, 1);
    if (b.length === 1) index.set(value, b[0]);
    else if (b.length === 0) index.delete(value);
  } else if (b === key) index.delete(value);
}

/** Options of the in-memory store. */
export interface MemoryStoreOptions {
  /** How many events the log keeps (older ones are dropped); default 100,000. */
  eventRetention?: number;
}

/**
 * The in-memory Store adapter: for tests, benchmarks and library use without persistence.
 * Transactions apply in place and keep an undo log, so a throwing transaction function leaves no
 * trace. Not durable: `durable` is false.
 */
export class MemoryStore implements Store {
  readonly kind = 'memory';
  readonly durable = false;
  readonly #tables = new Map<TableName, MemoryTable>();
  #events: EventRow[] = [];
  #seq = 0;
  #inTx = false;
  #closed = false;
  readonly #retention: number;
  readonly #undo: { table: MemoryTable; key: Key; prev: AnyRow | undefined }[] = [];
  readonly #rollbackHooks: (() => void)[] = [];
  readonly #listeners = new Set<(seq: number) => void>();
  readonly #tx: Tx;

  constructor(options: MemoryStoreOptions = {}) {
    this.#retention = options.eventRetention ?? 100_000;
    for (const name of TABLE_NAMES) {
      const spec = TABLES[name];
      this.#tables.set(name, new MemoryTable(spec.key, spec.indexes));
    }
    this.#tx = this.#createTx();
  }

  #table(name: TableName): MemoryTable {
    const t = this.#tables.get(name);
    if (t === undefined) throw new Error(`unknown table ${name}`);
    return t;
  }

  #createTx(): Tx {
    const store = this;
    const get = (table: TableName, key: unknown) => store.#table(table).get(key);
    return {
      get: get as Tx['get'],
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
        store.#assertWritable();
        const t = store.#table(table);
        const key = row[t.keyField];
        if (key === undefined || key === null) throw new Error(`row for ${table} lacks its key ${t.keyField}`);
        const prev = t.put(row);
        store.#undo.push({ table: t, key, prev });
      }) as Tx['put'],
      delete: ((table: TableName, key: unknown) => {
        store.#assertWritable();
        const t = store.#table(table);
        const prev = t.delete(key);
        if (prev === undefined) return false;
        store.#undo.push({ table: t, key, prev });
        return true;
      }) as Tx['delete'],
      appendEvent(type, data, time) {
        store.#assertWritable();
        const seq = ++store.#seq;
        store.#events.push({ seq, type, time, data });
        return seq;
      },
      onRollback(fn) {
        store.#rollbackHooks.push(fn);
      },
    };
  }

  #writable = false;
  #assertWritable(): void {
    if (!this.#writable) throw new Error('write outside a read-write transaction');
  }

  transact<R>(fn: (tx: Tx) => R): Promise<R> {
    if (this.#closed) return Promise.reject(new Error('store is closed'));
    if (this.#inTx) return Promise.reject(new Error('transactions do not nest: transact() called inside a transaction'));
    this.#inTx = true;
    this.#writable = true;
    const seqBefore = this.#seq;
    const eventsBefore = this.#events.length;
    let result: R;
    try {
      result = fn(this.#tx);
    } catch (error) {
      this.#rollback(seqBefore, eventsBefore);
      return Promise.reject(error);
    } finally {
      this.#inTx = false;
      this.#writable = false;
    }
    this.#undo.length = 0;
    this.#rollbackHooks.length = 0;
    if (this.#seq !== seqBefore) {
      if (this.#events.length > this.#retention + 1024) this.#events.splice(0, this.#events.length - this.#retention);
      for (const l of this.#listeners) l(this.#seq);
    }
    return Promise.resolve(result);
  }

  #rollback(seqBefore: number, eventsBefore: number): void {
    for (let i = this.#undo.length - 1; i >= 0; i--) {
      const u = this.#undo[i]!;
      if (u.prev === undefined) u.table.delete(u.key);
      else u.table.put(u.prev);
    }
    this.#undo.length = 0;
    this.#seq = seqBefore;
    this.#events.length = eventsBefore;
    const hooks = this.#rollbackHooks.splice(0);
    for (const h of hooks) h();
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
    const events = this.#events;
    // Binary search for the first event after `options.after`.
    let lo = 0;
    let hi = events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (events[mid]!.seq <= options.after) lo = mid + 1;
      else hi = mid;
    }
    const out: EventRow[] = [];
    for (let i = lo; i < events.length && out.length < options.limit; i++) {
      const e = events[i]!;
      if (matchesEventTypes(e.type, options.types)) out.push(e);
    }
    return Promise.resolve(out);
  }

  lastEventSeq(): Promise<number> {
    return Promise.resolve(this.#seq);
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
