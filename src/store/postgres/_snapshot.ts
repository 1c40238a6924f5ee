/**
 * What one PostgreSQL transaction has read so far. Private to the PostgreSQL adapter.
 *
 * A transaction function runs against this snapshot; what it lacks is fetched (and, in a
 * read-write transaction, locked) and the function runs again. The snapshot only grows: under the
 * locks (or the single snapshot of a read-only transaction) nothing it holds can change before the
 * transaction ends. It knows rows by key, keys known to be absent, index values whose rows are all
 * loaded, whole tables, row counts, and the event sequence number the transaction appends after.
 */
import type { PgTable } from './_sql.ts';

/** A row as stored, with its position (`ord`) in the table's insertion order. */
export interface BaseRow {
  readonly row: Readonly<Record<string, unknown>>;
  readonly ord: number;
}

/**
 * Map keys: bigints that fit a double exactly become numbers (as in the memory adapter), so a
 * number and a bigint of the same value are the same key, as they are in a bigint column.
 */
export function mapKey(value: unknown): unknown {
  if (typeof value === 'number') {
    // Integers past 2^53 become bigints, to meet the bigint of the same value.
    return Number.isSafeInteger(value) || !Number.isInteger(value) ? value : BigInt(value);
  }
  if (typeof value !== 'bigint') return value;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
}

/** The value under `key`, set to `create()` first if absent. */
export function entry<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let v = map.get(key);
  if (v === undefined) {
    v = create();
    map.set(key, v);
  }
  return v;
}

function byOrd(a: BaseRow, b: BaseRow): number {
  return a.ord - b.ord;
}

/** What the transaction has read of one table. */
export class BaseTable {
  readonly spec: PgTable;
  /** Rows by mapped key; `null` for keys known to be absent. */
  readonly #rows = new Map<unknown, BaseRow | null>();
  /** Per indexed field: rows by mapped value. */
  readonly #byValue = new Map<string, Map<unknown, BaseRow[]>>();
  /** Per indexed field: mapped values whose rows are all loaded. */
  readonly #found = new Map<string, Set<unknown>>();
  #present = 0;
  /** Whether every row of the table is loaded. */
  complete = false;
  /** The table's row count, once read on its own. */
  count: number | undefined;

  constructor(spec: PgTable) {
    this.spec = spec;
    for (const f of spec.indexes) {
      this.#byValue.set(f, new Map());
      this.#found.set(f, new Set());
    }
  }

  /** The row under a mapped key: the row, `null` when known absent, `undefined` when unknown. */
  lookup(key: unknown): BaseRow | null | undefined {
    const r = this.#rows.get(key);
    if (r !== undefined) return r;
    return this.complete ? null : undefined;
  }

  /** Records a row read from the database (a row already known is kept: it cannot have changed). */
  addRow(row: Record<string, unknown>, ord: number): void {
    const key = mapKey(row[this.spec.key]);
    if (this.#rows.get(key)) return;
    const base: BaseRow = { row, ord };
    this.#rows.set(key, base);
    this.#present++;
    for (const [field, values] of this.#byValue) {
      const v = row[field];
      if (v === undefined || v === null) continue;
      const mapped = mapKey(v);
      const list = values.get(mapped);
      if (list === undefined) values.set(mapped, [base]);
      else list.push(base);
    }
  }

  /** Records that no row has this mapped key. */
  markAbsent(key: unknown): void {
    if (!this.#rows.has(key)) this.#rows.set(key, null);
  }

  /** Records that every row whose `field` has this mapped value is loaded. */
  markFound(field: string, value: unknown): void {
    this.#found.get(field)?.add(value);
  }

  /** Whether every row whose `field` has this mapped value is loaded. */
  knowsValue(field: string, value: unknown): boolean {
    return this.complete || this.#found.get(field)?.has(value) === true;
  }

  /** Loaded rows whose `field` has this mapped value, in insertion order. */
  withValue(field: string, value: unknown): BaseRow[] {
    const list = this.#byValue.get(field)?.get(value);
    return list === undefined ? [] : [...list].sort(byOrd);
  }

  /** Every loaded row, in insertion order (the whole table once `complete`). */
  all(): BaseRow[] {
    const out: BaseRow[] = [];
    for (const r of this.#rows.values()) if (r !== null) out.push(r);
    return out.sort(byOrd);
  }

  /** The number of rows in the table, if known. */
  size(): number | undefined {
    return this.complete ? this.#present : this.count;
  }
}

/** Everything one transaction has read. */
export class Snapshot {
  readonly #tables = new Map<string, BaseTable>();
  /**
   * The last event sequence number committed before this transaction, once read with the counter
   * row locked: the transaction's events follow it.
   */
  eventBase: number | undefined;
  /**
   * Advisory locks this transaction holds (by name; shared ones prefixed `S:`), and rows whose
   * current index values are locked (`O:` table `|` key): taking them again would be a no-op.
   */
  readonly held = new Set<string>();

  constructor(tables: Iterable<PgTable>) {
    for (const spec of tables) this.#tables.set(spec.name, new BaseTable(spec));
  }

  /** The table's state; throws for a name that is not a table. */
  table(name: string): BaseTable {
    const t = this.#tables.get(name);
    if (t === undefined) throw new Error(`unknown table ${name}`);
    return t;
  }
}
