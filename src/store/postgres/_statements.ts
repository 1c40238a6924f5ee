/**
 * What the round trips of a transaction are made of, and the locks a pass's writes take. Private
 * to the PostgreSQL adapter.
 *
 * Locking (read-write transactions, which run at READ COMMITTED): every read takes an exclusive
 * advisory lock on what it observed before selecting it — `K` on each key read (present or
 * absent), `I` on each index value found, `T` on a table scanned or counted — and every write takes
 * `K` on its key, `I` on the old and new value of each indexed field, and `T` shared. Locks are
 * held to COMMIT (strict two-phase locking), so transactions are serialisable, phantoms included,
 * and a contended row makes the others wait in line instead of failing. Each statement of a READ
 * COMMITTED transaction sees every commit before it, so a select after its lock sees the latest row.
 *
 * Events: the event lock `E` is taken last (after the pass's write locks, see `fetchStatements`)
 * and held to COMMIT, and sequence numbers come from the counter row read under it, so transactions
 * that append events commit one at a time, in sequence order.
 */
import type { QueryResult } from 'pg';
import type { Pass } from './_pass.ts';
import {
  indexLockName,
  indexLockPrefix,
  keyLockName,
  lockStatement,
  type PgTable,
  quoteId,
  tableLockName,
  toColumnLiteral,
  toColumnText,
  toLiteral,
} from './_sql.ts';

/** One statement of a multi-statement round trip, and what to do with its result. */
export interface Statement {
  readonly sql: string;
  readonly apply?: (result: QueryResult) => void;
}

/** Where the store lives: its schema, and the names derived from it. */
export interface StoreSql {
  readonly schema: string;
  /** `"schema".events`. */
  readonly events: string;
  /** `"schema".event_counter`. */
  readonly counter: string;
  /** The NOTIFY channel. */
  readonly channel: string;
}

/** Literals of column texts, for an `IN (...)` list. */
export function inList(spec: PgTable, field: string, texts: Iterable<string>): string {
  const type = spec.types[field]!;
  return [...texts].map((t) => toColumnLiteral(type, t)).join(', ');
}

/** The name of the event lock (see the file comment). */
export function eventLockStatement(sql: StoreSql): Statement {
  return { sql: `SELECT pg_advisory_xact_lock(hashtextextended(${toLiteral(`${sql.schema}|E`)}, 0))` };
}

/** The SQL literal of an indexed value, or NULL. */
export function indexLiteral(spec: PgTable, field: string, value: unknown): string {
  if (value === undefined || value === null) return 'NULL';
  const type = spec.types[field]!;
  return toColumnLiteral(type, toColumnText(type, value)!);
}

/** Adds the lock name of an indexed value (if any) to `locks`. */
function lockValue(locks: string[], schema: string, spec: PgTable, field: string, value: unknown): void {
  if (value === undefined || value === null) return;
  locks.push(indexLockName(schema, spec.name, field, toColumnText(spec.types[field]!, value)!));
}

/**
 * The locks of the pass's writes: `K` and old and new `I` exclusive (one sorted statement), `T`
 * shared, and, for rows written without being read, `I` on the index values they have now (read
 * under their `K` locks, so they cannot change).
 */
export function writeLockStatements(pass: Pass, schema: string): Statement[] {
  const held = pass.snapshot.held;
  const locks: string[] = [];
  const shared: string[] = [];
  const current: Statement[] = [];
  for (const [table, overlay] of pass.overlay) {
    if (overlay.size === 0) continue;
    const t = pass.snapshot.table(table);
    const { spec } = t;
    shared.push(tableLockName(schema, table));
    const unknown: string[] = [];
    for (const [key, e] of overlay) {
      const keyText = toColumnText(spec.types[spec.key]!, key)!;
      locks.push(keyLockName(schema, table, keyText));
      const b = t.lookup(key);
      if (b === undefined) {
        const done = `O:${table}|${keyText}`;
        if (!held.has(done)) unknown.push(keyText);
        held.add(done);
      } else if (b !== null) for (const f of spec.indexes) lockValue(locks, schema, spec, f, b.row[f]);
      if (e.row !== null) for (const f of spec.indexes) lockValue(locks, schema, spec, f, e.row[f]);
    }
    if (unknown.length === 0) continue;
    const keyList = inList(spec, spec.key, unknown);
    for (const f of spec.indexes) {
      const name = `${toLiteral(indexLockPrefix(schema, table, f))} || ${quoteId(f)}::text`;
      current.push({
        sql:
          `SELECT pg_advisory_xact_lock(hashtextextended(n, 0)) FROM (SELECT DISTINCT ${name} AS n ` +
          `FROM ${spec.sqlName} WHERE ${quoteId(spec.key)} IN (${keyList}) AND ${quoteId(f)} IS NOT NULL) AS s ORDER BY n`,
      });
    }
  }
  const out: Statement[] = [];
  const exclusive = takeNew(held, locks, '');
  if (exclusive.length > 0) out.push({ sql: lockStatement(exclusive) });
  const sharedNew = takeNew(held, shared, 'S:');
  if (sharedNew.length > 0) out.push({ sql: lockStatement(sharedNew, true) });
  return out.concat(current);
}

/**
 * The lock names of `names` not yet in `held` (under `prefix`), sorted and without duplicates;
 * records them as held (a failed round trip ends the transaction, and its locks with it).
 */
export function takeNew(held: Set<string>, names: readonly string[], prefix: string): string[] {
  const out: string[] = [];
  for (const n of names) {
    if (held.has(prefix + n)) continue;
    held.add(prefix + n);
    out.push(n);
  }
  return out.sort();
}
