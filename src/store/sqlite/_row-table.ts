/**
 * One logical table in SQLite: its prepared statements and how keys and indexed values are bound.
 * Private to the SQLite adapter.
 */
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import { cacheKey, RowCache } from './_row-cache.ts';
import { fromJson, toJson } from './codec.ts';
import { quoteId } from './migrations.ts';

type AnyRow = Record<string, unknown>;
interface DataRow {
  data: string;
}
interface KeyDataRow {
  k: SQLInputValue;
  data: string;
}

/**
 * What a key or indexed value binds as, or `undefined` if it cannot be one: strings, numbers and
 * 64-bit signed bigints. (A number and a bigint of the same value are the same key here.)
 */
function toBindable(value: unknown): SQLInputValue | undefined {
  switch (typeof value) {
    case 'string':
    case 'number':
      return value;
    case 'bigint':
      return BigInt.asIntN(64, value) === value ? value : undefined;
    default:
      return undefined;
  }
}

/**
 * Prepared statements for one table of `TABLES`, bound to one connection, and its decoded rows
 * (`RowCache`): `get`, `find` and `scan` decode only the rows the cache lacks, `put` and `delete`
 * forget the row, and the store calls `forgetAll` when SQLite
 * may have changed rows behind the cache (a rollback, another connection's commit).
 */
export class RowTable {
  readonly name: string;
  readonly #key: string;
  readonly #indexes: readonly string[];
  readonly #get: StatementSync;
  readonly #scan: StatementSync;
  readonly #count: StatementSync;
  readonly #put: StatementSync;
  readonly #delete: StatementSync;
  readonly #find = new Map<string, StatementSync>();
  readonly #cache = new RowCache();

  constructor(
    db: DatabaseSync,
    name: string,
    spec: { readonly key: string; readonly indexes: readonly string[] },
  ) {
    this.name = name;
    this.#key = spec.key;
    this.#indexes = spec.indexes;
    const t = quoteId(name);
    const k = quoteId(spec.key);
    this.#get = db.prepare(`SELECT data FROM ${t} WHERE ${k} = ?`);
    // Keys read as bigints, so a 64-bit key comes back exact (and binds back as the same integer).
    this.#scan = db.prepare(`SELECT ${k} AS k, data FROM ${t} ORDER BY rowid`);
    this.#scan.setReadBigInts(true);
    this.#count = db.prepare(`SELECT count(*) AS n FROM ${t}`);
    this.#delete = db.prepare(`DELETE FROM ${t} WHERE ${k} = ?`);
    const cols = [spec.key, ...spec.indexes].map(quoteId);
    // An upsert, not INSERT OR REPLACE: the row keeps its rowid, so scans keep insertion order.
    const updates = [...spec.indexes.map(quoteId), 'data'].map((c) => `${c} = excluded.${c}`);
    this.#put = db.prepare(
      `INSERT INTO ${t} (${cols.join(', ')}, data) VALUES (${cols.map(() => '?').join(', ')}, ?) ` +
        `ON CONFLICT (${k}) DO UPDATE SET ${updates.join(', ')}`,
    );
    for (const f of spec.indexes) {
      const find = db.prepare(`SELECT ${k} AS k, data FROM ${t} WHERE ${quoteId(f)} = ? ORDER BY rowid`);
      find.setReadBigInts(true);
      this.#find.set(f, find);
    }
  }

  get(key: unknown): unknown {
    const k = toBindable(key);
    if (k === undefined) return undefined;
    const ck = cacheKey(k);
    const cached = this.#cache.get(ck);
    if (cached !== undefined) return cached;
    const row = this.#get.get(k) as DataRow | undefined;
    return row === undefined ? undefined : this.#cache.set(ck, fromJson(row.data));
  }

  find(field: string, value: unknown): unknown[] {
    const stmt = this.#find.get(field);
    if (stmt === undefined) throw new Error(`table ${this.name} has no index on ${field}`);
    const v = toBindable(value);
    if (v === undefined) return [];
    return (stmt.all(v) as unknown as KeyDataRow[]).map((r) => this.#cached(r));
  }

  scan(): unknown[] {
    return (this.#scan.all() as unknown as KeyDataRow[]).map((r) => this.#cached(r));
  }

  /** The cached row of a selected key, or its data decoded (and cached). */
  #cached({ k, data }: KeyDataRow): unknown {
    const ck = cacheKey(k);
    return this.#cache.get(ck) ?? this.#cache.set(ck, fromJson(data));
  }

  count(): number {
    return (this.#count.get() as { n: number }).n;
  }

  put(row: AnyRow): void {
    const key = row[this.#key];
    if (key === undefined || key === null) throw new Error(`row for ${this.name} lacks its key ${this.#key}`);
    const params: SQLInputValue[] = [this.#bind(this.#key, key)];
    for (const f of this.#indexes) {
      const v = row[f];
      params.push(v === undefined || v === null ? null : this.#bind(f, v));
    }
    params.push(toJson(row));
    this.#cache.delete(cacheKey(params[0]));
    this.#put.run(...params);
  }

  delete(key: unknown): boolean {
    const k = toBindable(key);
    if (k === undefined) return false;
    this.#cache.delete(cacheKey(k));
    return Number(this.#delete.run(k).changes) > 0;
  }

  /** Forgets every decoded row (SQLite may have changed rows behind them). */
  forgetAll(): void {
    this.#cache.clear();
  }

  /** How many decoded rows are kept (for tests). */
  get cachedRows(): number {
    return this.#cache.size;
  }

  #bind(field: string, value: unknown): SQLInputValue {
    const v = toBindable(value);
    if (v !== undefined) return v;
    const what =
      typeof value === 'bigint'
        ? `${value} does not fit in 64 signed bits`
        : `a ${typeof value} cannot be stored`;
    throw new TypeError(
      `${this.name}.${field} is a key or indexed field: ${what}; use a string, a number or a 64-bit bigint`,
    );
  }
}
