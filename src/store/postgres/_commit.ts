/** The round trip that commits a pass. Private to the PostgreSQL adapter. */
import { toJson } from '../sqlite/codec.ts';
import type { Pass } from './_pass.ts';
import { quoteId, toColumnLiteral, toColumnText, toFloatLiteral, toLiteral } from './_sql.ts';
import { indexLiteral, inList, type Statement, type StoreSql, writeLockStatements } from './_statements.ts';

/**
 * The commit of `pass`: the locks of its writes, then per table one DELETE (rows deleted, and rows
 * deleted and put again, which take a new place in insertion order) and one multi-row upsert, then
 * its events, the counter and the NOTIFY, then COMMIT. Returns the statements and the last event
 * sequence number (0 without events).
 */
export function commitStatements(pass: Pass, sql: StoreSql): { statements: Statement[]; lastSeq: number } {
  const writes: Statement[] = [];
  for (const [table, overlay] of pass.overlay) {
    if (overlay.size === 0) continue;
    const t = pass.snapshot.table(table);
    const { spec } = t;
    const deletes: string[] = [];
    const values: string[] = [];
    for (const [key, e] of overlay) {
      const keyText = toColumnText(spec.types[spec.key]!, key)!;
      if (t.lookup(key) !== null && (e.row === null || e.recreated)) deletes.push(keyText);
      if (e.row === null) continue;
      const cols = [toColumnLiteral(spec.types[spec.key]!, keyText)];
      for (const f of spec.indexes) cols.push(indexLiteral(spec, f, e.row[f]));
      cols.push(toLiteral(toJson(e.row)));
      values.push(`(${cols.join(', ')})`);
    }
    if (deletes.length > 0)
      writes.push({
        sql: `DELETE FROM ${spec.sqlName} WHERE ${quoteId(spec.key)} IN (${inList(spec, spec.key, deletes)})`,
      });
    if (values.length > 0) {
      const cols = [spec.key, ...spec.indexes, 'data'].map(quoteId);
      const updates = [...spec.indexes.map(quoteId), 'data'].map((c) => `${c} = EXCLUDED.${c}`);
      writes.push({
        sql:
          `INSERT INTO ${spec.sqlName} (${cols.join(', ')}) VALUES ${values.join(', ')} ` +
          `ON CONFLICT (${quoteId(spec.key)}) DO UPDATE SET ${updates.join(', ')}`,
      });
    }
  }
  let lastSeq = 0;
  if (pass.events.length > 0) {
    const base = pass.snapshot.eventBase!;
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
  const statements = [...writeLockStatements(pass, sql.schema), ...writes, { sql: 'COMMIT' }];
  return { statements, lastSeq };
}
