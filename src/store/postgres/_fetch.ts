/** The round trip that fetches what a pass missed. Private to the PostgreSQL adapter. */
import { fromJson } from '../sqlite/codec.ts';
import type { Pass } from './_pass.ts';
import type { Snapshot } from './_snapshot.ts';
import { indexLockName, keyLockName, lockStatement, quoteId, tableLockName } from './_sql.ts';
import {
  eventLockStatement,
  inList,
  type Statement,
  type StoreSql,
  takeNew,
  writeLockStatements,
} from './_statements.ts';

interface DataRow {
  ord: string;
  data: string;
}

function addRows(snapshot: Snapshot, table: string, rows: readonly unknown[]): void {
  const t = snapshot.table(table);
  for (const r of rows as DataRow[]) t.addRow(fromJson(r.data) as Record<string, unknown>, Number(r.ord));
}

/**
 * Statements fetching what `pass` missed into its snapshot. With `locking` (read-write
 * transactions), the locks of the reads come first, in one sorted statement. The event lock and
 * counter are fetched only for a pass that appended events and missed no row, after the locks of
 * its writes: the next pass then reads only what is held, so a transaction holding the event lock
 * never waits for another lock.
 */
export function fetchStatements(pass: Pass, sql: StoreSql, locking: boolean): Statement[] {
  const { snapshot, misses } = pass;
  const locks: string[] = [];
  const selects: Statement[] = [];
  const { schema } = sql;
  for (const [table, keys] of misses.gets) {
    const spec = snapshot.table(table).spec;
    if (locking) for (const text of keys.values()) locks.push(keyLockName(schema, table, text));
    selects.push({
      sql: `SELECT ord, data FROM ${spec.sqlName} WHERE ${quoteId(spec.key)} IN (${inList(spec, spec.key, keys.values())})`,
      apply(result) {
        addRows(snapshot, table, result.rows);
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
          addRows(snapshot, table, result.rows);
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
        addRows(snapshot, table, result.rows);
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
  const out: Statement[] = [];
  const fresh = takeNew(snapshot.held, locks, '');
  if (fresh.length > 0) out.push({ sql: lockStatement(fresh) });
  out.push(...selects);
  // The event lock only once every read of the function is held (a pass that missed no row):
  // taken along with reads, a later pass could still need a row lock while holding it, and two
  // transactions would deadlock (each holding what the other waits for) until PostgreSQL's
  // deadlock_timeout broke it a second later.
  if (locking && misses.events && misses.rows === 0 && snapshot.eventBase === undefined) {
    out.push(...writeLockStatements(pass, schema), eventLockStatement(sql), {
      sql: `SELECT last FROM ${sql.counter}`,
      apply(result) {
        snapshot.eventBase = Number((result.rows[0] as { last: string }).last);
      },
    });
  }
  return out;
}
