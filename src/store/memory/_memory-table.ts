type AnyRow = Record<string, unknown>;
type Key = unknown;
/** An index bucket: one key (the common case, no allocation) or several in insertion order. */
type Bucket = Key | Key[];
type Index = Map<unknown, Bucket>;

/**
 * Map keys: bigints that fit a double exactly become numbers, which V8 hashes far faster (LUIDs
 * are bigints). A table's keys are all of one type, so no two distinct keys collide. A bigint
 * outside ±(2^53 − 1) converts to a double outside that range too, so the check needs no bigint
 * comparison.
 */
export function mapKey(value: unknown): unknown {
  if (typeof value !== 'bigint') return value;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
}

/**
 * One table of the memory store: rows by mapped key, in insertion order (a replaced row keeps its
 * place), and secondary indexes from an indexed field's value to the keys of its rows.
 *
 * An index is built the first time it is asked for and maintained from then on: a table nobody
 * looks up by field (the engine's tokens and handles, unless "who holds this session" is asked)
 * pays nothing for it on every write.
 */
export class MemoryTable {
  readonly rows = new Map<Key, AnyRow>();
  readonly keyField: string;
  readonly #indexFields: readonly string[];
  /** Built indexes, by position in `#indexFields`; undefined until first asked for. */
  readonly #indexes: (Index | undefined)[];
  #built = 0;

  constructor(keyField: string, indexFields: readonly string[]) {
    this.keyField = keyField;
    this.#indexFields = indexFields;
    this.#indexes = indexFields.map(() => undefined);
  }

  /** The index on `field` (built now if it was not yet), or undefined if the table has none. */
  index(field: string): Index | undefined {
    const i = this.#indexFields.indexOf(field);
    if (i < 0) return undefined;
    let index = this.#indexes[i];
    if (index === undefined) {
      index = new Map();
      for (const [key, row] of this.rows) {
        const value = mapKey(row[field]);
        if (value !== undefined && value !== null) addIndex(index, value, key);
      }
      this.#indexes[i] = index;
      this.#built++;
    }
    return index;
  }

  get(key: unknown): AnyRow | undefined {
    return this.rows.get(mapKey(key));
  }

  /** Inserts or replaces `row` under its (already mapped) key; returns the row it replaced. */
  put(key: Key, row: AnyRow): AnyRow | undefined {
    const prev = this.rows.get(key);
    this.rows.set(key, row);
    if (this.#built > 0) this.#reindex(key, prev, row);
    return prev;
  }

  /** Deletes the row under a mapped key; returns it. */
  delete(key: Key): AnyRow | undefined {
    const prev = this.rows.get(key);
    if (prev === undefined) return undefined;
    this.rows.delete(key);
    if (this.#built > 0) this.#reindex(key, prev, undefined);
    return prev;
  }

  /** Moves `key` in every built index from `prev`'s values to `row`'s. */
  #reindex(key: Key, prev: AnyRow | undefined, row: AnyRow | undefined): void {
    const fields = this.#indexFields;
    for (let i = 0; i < fields.length; i++) {
      const index = this.#indexes[i];
      if (index === undefined) continue;
      const field = fields[i]!;
      const value = row === undefined ? undefined : mapKey(row[field]);
      if (prev !== undefined) {
        const old = mapKey(prev[field]);
        if (old === value) continue;
        unindex(index, old, key);
      }
      if (value !== undefined && value !== null) addIndex(index, value, key);
    }
  }
}

function addIndex(index: Index, value: unknown, key: Key): void {
  const b = index.get(value);
  if (b === undefined && !index.has(value)) index.set(value, key);
  else if (Array.isArray(b)) b.push(key);
  else index.set(value, [b, key]);
}

function unindex(index: Index, value: unknown, key: Key): void {
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
