/**
 * The statements of one round trip: what a pass needs fetched, and a pass's commit. Private to the
 * PostgreSQL adapter.
 *
 * Locking (read-write transactions, which run at READ COMMITTED): every read takes an exclusive
 * advisory lock on what it observed before selecting it — `K` on each key read (present or
 * absent), `I` on each index value found, `T` on a table scanned or counted — and every write takes
 * `K` on its key, `I` on the old and new value of each indexed field, and `T` shared. Locks are
 * held to COMMIT (strict two-phase locking), so transactions are serialisable, phantoms included,
 * and a contended row makes the others wait in line instead of failing. Each statement of a READ
 * COMMITTED transaction sees every commit before it, so a select after its lock sees the latest row.
 */
import type { QueryResult } from 'pg';
import { fromJson, toJson } from '../sqlite/codec.ts';
import type { Misses, Pass } from './_pass.ts';
import type { Snapshot } from './_snapshot.ts';
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
  toFloatLiteral,
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

interface DataRow {
  ord: string;
  data: string;
}

function addRows(snapshot: Snapshot, table: string, result: QueryResult): void {
  const t = snapshot.table(table);
  for (const r of result.rows as DataRow[])
    t.addRow(fromJson(r.data) as Record<string, unknown>, Number(r.ord));
}

function inList(spec: PgTable, field: string, texts: Iterable<string>): string {
  const type = spec.types[field]!;
  return [...texts].map((t) => toColumnLiteral(type, t)).join(', ');
}

/**
 * Fetches what `misses` lists into `snapshot`. With `locking`, takes the advisory locks first and
 * reads the event counter `FOR UPDATE` when the pass appended events.
 */
export function fetchStatements(
  snapshot: Snapshot,
  misses: Misses,
  sql: StoreSql,
  locking: boolean,
): Statement[] {
  const locks: string[] = [];
  const selects: Statement[] = [];
  const { schema } = sql;
  for (const [table, keys] of misses.gets) {
    const spec = snapshot.table(table).spec;
    if (locking) for (const text of keys.values()) locks.push(keyLockName(schema, table, text));
    selects.push({
      sql: `SELECT ord, data FROM ${spec.sqlName} WHERE ${quoteId(spec.key)} IN (${inList(spec, spec.key, keys.values())})`,
      apply(result) {
        addRows(snapshot, table, result);
        const t = snapshot.table(table);
        for (const key of keys.keys()) t.markAbsent(key);
      },
    });
  }
  for (const [table, fields] of misses.finds) {
    const spec = snapshot.table(table).spec;
    for (const [field, values] of fields) {
      if (locking) for (const text of values.values()) locks.push(indexLockName(schema, table, field, text));
      selects.push({
        sql: `SELECT ord, data FROM ${spec.sqlName} WHERE ${quoteId(field)} IN (${inList(spec, field, values.values())})`,
        apply(result) {
          addRows(snapshot, table, result);
          const t = snapshot.table(table);
          for (const v of values.keys()) t.markFound(field, v);
        },
      });
    }
  }
  for (const table of misses.scans) {
    if (locking) locks.push(tableLockName(schema, table));
    selects.push({
      sql: `SELECT ord, data FROM ${snapshot.table(table).spec.sqlName}`,
      apply(result) {
        addRows(snapshot, table, result);
        snapshot.table(table).complete = true;
      },
    });
  }
  for (const table of misses.counts) {
    if (misses.scans.has(table)) continue;
    if (locking) locks.push(tableLockName(schema, table));
    selects.push({
      sql: `SELECT count(*)::int8 AS n FROM ${snapshot.table(table).spec.sqlName}`,
      apply(result) {
        snapshot.table(table).count = Number((result.rows[0] as { n: string }).n);
      },
    });
  }
  if (locking && misses.events && snapshot.eventBase === undefined) {
    // Held to COMMIT: transactions that append events commit one at a time, in sequence order.
    selects.push({
      sql: `SELECT last FROM ${sql.counter} FOR UPDATE`,
      apply(result) {
        snapshot.eventBase = Number((result.rows[0] as { last: string }).last);
      },
    });
  }
  const out: Statement[] = [];
  if (locks.length > 0) out.push({ sql: lockStatement(locks.sort()) });
  return out.concat(selects);
}

/** The commit of `pass`: its locks, deletes, upserts and events, then COMMIT. Returns the last seq. */
export function commitStatements(pass: Pass, sql: StoreSql): { statements: Statement[]; lastSeq: number } {
  const { schema } = sql;
  const snapshot = pass.snapshot;
  const locks: string[] = [];
  const shared: string[] = [];
  const oldValueLocks: Statement[] = [];
  const writes: Statement[] = [];
  for (const [table, overlay] of pass.overlay) {
    if (overlay.size === 0) continue;
    const t = snapshot.table(table);
    const { spec } = t;
    shared.push(tableLockName(schema, table));
    const deletes: string[] = [];
    const unknown: string[] = [];
    const values: string[] = [];
    for (const [key, e] of overlay) {
      const keyText = toColumnText(spec.types[spec.key]!, key)!;
      locks.push(keyLockName(schema, table, keyText));
      const b = t.lookup(key);
      if (b === undefined) unknown.push(keyText);
      else if (b !== null) for (const f of spec.indexes) lockValue(locks, schema, spec, f, b.row[f]);
      if (b !== null && (e.row === null || e.recreated)) deletes.push(keyText);
      if (e.row === null) continue;
      const cols = [toColumnLiteral(spec.types[spec.key]!, keyText)];
      for (const f of spec.indexes) cols.push(lockValue(locks, schema, spec, f, e.row[f]));
      cols.push(toLiteral(toJson(e.row)));
      values.push(`(${cols.join(', ')})`);
    }
    if (unknown.length > 0 && spec.indexes.length > 0) {
      // Rows written without being read: lock the index values they have now, under their key locks.
      const keyList = inList(spec, spec.key, unknown);
      for (const f of spec.indexes) {
        const name = `${toLiteral(indexLockPrefix(schema, table, f))} || ${quoteId(f)}::text`;
        oldValueLocks.push({
          sql:
            `SELECT pg_advisory_xact_lock(hashtextextended(n, 0)) FROM (SELECT DISTINCT ${name} AS n ` +
            `FROM ${spec.sqlName} WHERE ${quoteId(spec.key)} IN (${keyList}) AND ${quoteId(f)} IS NOT NULL) AS s ORDER BY n`,
        });
      }
    }
    if (deletes.length > 0)
      writes.push({
        sql: `DELETE FROM ${spec.sqlName} WHERE ${quoteId(spec.key)} IN (${inList(spec, spec.key, deletes)})`,
      });
    if (values.length > 0) writes.push({ sql: upsert(spec, values) });
  }
  let lastSeq = 0;
  if (pass.events.length > 0) {
    const base = snapshot.eventBase!;
    lastSeq = base + pass.events.length;
    const rows = pass.events.map(
      (e, i) =>
        `(${base + i + 1}, ${toLiteral(e.type)}, ${toFloatLiteral(e.time)}, ${toLiteral(toJson(e.data))})`,
    );
    writes.push(
      { sql: `INSERT INTO ${sql.events} (seq, type, time, data) VALUES ${rows.join(', ')}` },
      { sql: `UPDATE ${sql.counter} SET last = ${lastSeq}` },
      { sql: `SELECT pg_notify(${toLiteral(sql.channel)}, ${toLiteral(String(lastSeq))})` },
    );
  }
  const statements: Statement[] = [];
  if (locks.length > 0) statements.push({ sql: lockStatement([...new Set(locks)].sort()) });
  if (shared.length > 0) statements.push({ sql: lockStatement(shared.sort(), true) });
  statements.push(...oldValueLocks, ...writes, { sql: 'COMMIT' });
  return { statements, lastSeq };
}

/** Adds the lock of an indexed value (if any) to `locks`; returns the value's SQL literal or NULL. */
function lockValue(locks: string[], schema: string, spec: PgTable, field: string, value: unknown): string {
  if (value === undefined || value === null) return 'NULL';
  const type = spec.types[field]!;
  const text = toColumnText(type, value)!;
  locks.push(indexLockName(schema, spec.name, field, text));
  return toColumnLiteral(type, text);
}

function upsert(spec: PgTable, values: readonly string[]): string {
  const cols = [spec.key, ...spec.indexes, 'data'].map(quoteId);
  const updates = [...spec.indexes.map(quoteId), 'data'].map((c) => `${c} = EXCLUDED.${c}`);
  return (
    `INSERT INTO ${spec.sqlName} (${cols.join(', ')}) VALUES ${values.join(', ')} ` +
    `ON CONFLICT (${quoteId(spec.key)}) DO UPDATE SET ${updates.join(', ')}`
  );
}
