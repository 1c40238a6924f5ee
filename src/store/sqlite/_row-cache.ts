/**
 * Decoded rows of one SQLite table, by key: a read that hits skips the statement and the JSON
 * decode. Private to the SQLite adapter.
 *
 * Rows handed out by a store are snapshots never to be mutated (`ReadTx`), so one decoded object
 * can serve every reader, as the memory store's rows do. With `LOGOND_STORE_FREEZE_ROWS=1` in the
 * environment each is frozen (with its nested arrays and objects), so that code breaking that rule
 * fails loudly in tests (freezing costs ~5 % of the daemon's CPU in a logon + logoff cycle, so it is
 * off by default). The owner forgets an entry whenever its row may change (`put`, `delete`) and
 * clears everything when SQLite may have undone or changed rows behind it (a rollback; another
 * connection's commit).
 */

/** Whether decoded rows are frozen (`LOGOND_STORE_FREEZE_ROWS=1`, for tests). */
export const FREEZE_ROWS = process.env['LOGOND_STORE_FREEZE_ROWS'] === '1';

/** Most rows kept per table; the oldest entry goes first beyond it. */
export const ROW_CACHE_LIMIT = 20_000;

/**
 * The cache key of a row key: a bigint that fits a double exactly becomes a number (SQLite binds
 * both as the same integer, and V8 hashes numbers far faster), anything else stays as it is.
 */
export function cacheKey(key: unknown): unknown {
  if (typeof key !== 'bigint') return key;
  const n = Number(key);
  return Number.isSafeInteger(n) ? n : key;
}

/** Freezes `value` and every object or array inside it; returns it. */
export function deepFreeze<V>(value: V): V {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  for (const k in value) {
    const item = (value as Record<string, unknown>)[k];
    if (typeof item === 'object' && item !== null) deepFreeze(item);
  }
  return Object.freeze(value);
}

/** Decoded rows by cache key, at most `limit` of them (first in, first out). */
export class RowCache {
  readonly #rows = new Map<unknown, unknown>();
  readonly #limit: number;
  readonly #freeze: boolean;

  constructor(limit = ROW_CACHE_LIMIT, freeze = FREEZE_ROWS) {
    this.#limit = limit;
    this.#freeze = freeze;
  }

  get size(): number {
    return this.#rows.size;
  }

  /** The cached row under the cache key `k`, or undefined. */
  get(k: unknown): unknown {
    return this.#rows.get(k);
  }

  /** Keeps `row` (frozen now, if freezing) under the cache key `k`; returns it. */
  set<V>(k: unknown, row: V): V {
    if (this.#rows.size >= this.#limit && !this.#rows.has(k)) {
      const oldest = this.#rows.keys().next();
      if (!oldest.done) this.#rows.delete(oldest.value);
    }
    this.#rows.set(k, this.#freeze ? deepFreeze(row) : row);
    return row;
  }

  /** Forgets the row under the cache key `k`. */
  delete(k: unknown): void {
    this.#rows.delete(k);
  }

  /** Forgets every row. */
  clear(): void {
    this.#rows.clear();
  }
}
