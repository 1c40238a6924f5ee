/**
 * The reads and writes of a pass: answered from the pass's overlay and its snapshot, or recorded as
 * misses (see _pass.ts). Private to the PostgreSQL adapter.
 */
import type { Rows } from '../rows.ts';
import type { Tx } from '../store.ts';
import type { TableName } from '../tables.ts';
import type { OverlayEntry, Pass } from './_pass.ts';
import { type BaseRow, entry, mapKey } from './_snapshot.ts';
import { throwUnstorable, toColumnText } from './_sql.ts';

type AnyRow = Readonly<Record<string, unknown>>;

/** Base rows overlaid with the pass's writes, filtered by `match`, in insertion order. */
export function mergeRows(
  base: readonly BaseRow[],
  overlay: Map<unknown, OverlayEntry> | undefined,
  keyField: string,
  match: (row: AnyRow) => boolean,
): AnyRow[] {
  if (overlay === undefined || overlay.size === 0) return base.map((b) => b.row);
  const out: AnyRow[] = [];
  const placed = new Set<unknown>();
  for (const b of base) {
    const key = mapKey(b.row[keyField]);
    const e = overlay.get(key);
    if (e === undefined) {
      out.push(b.row);
      continue;
    }
    if (e.row === null || e.recreated) continue;
    placed.add(key);
    if (match(e.row)) out.push(e.row);
  }
  for (const [key, e] of overlay) if (e.row !== null && !placed.has(key) && match(e.row)) out.push(e.row);
  return out;
}

function get(pass: Pass, table: string, key: unknown): AnyRow | undefined {
  const t = pass.snapshot.table(table);
  const text = toColumnText(t.spec.types[t.spec.key]!, key);
  if (text === undefined) return undefined;
  const mapped = mapKey(key);
  const e = pass.overlay.get(table)?.get(mapped);
  if (e !== undefined) return e.row ?? undefined;
  const b = t.lookup(mapped);
  if (b === undefined) pass.missKey(table, mapped, text);
  return b?.row;
}

function find(pass: Pass, table: string, field: string, value: unknown): AnyRow[] {
  const t = pass.snapshot.table(table);
  const type = t.spec.types[field];
  if (type === undefined || !t.spec.indexes.includes(field))
    throw new Error(`table ${table} has no index on ${field}`);
  const text = toColumnText(type, value);
  if (text === undefined) return [];
  const mapped = mapKey(value);
  if (!t.knowsValue(field, mapped)) {
    pass.miss((m) => {
      const fields = entry(m.finds, table, () => new Map<string, Map<unknown, string>>());
      entry(fields, field, () => new Map<unknown, string>()).set(mapped, text);
    });
    return [];
  }
  return mergeRows(t.withValue(field, mapped), pass.overlay.get(table), t.spec.key, (row) => {
    const v = row[field];
    return v !== undefined && v !== null && mapKey(v) === mapped;
  });
}

function scan(pass: Pass, table: string): AnyRow[] {
  const t = pass.snapshot.table(table);
  if (!t.complete) {
    pass.miss((m) => m.scans.add(table));
    return [];
  }
  return mergeRows(t.all(), pass.overlay.get(table), t.spec.key, () => true);
}

/** The count: the table's row count plus the pass's inserts minus its deletes. */
function count(pass: Pass, table: string): number {
  const t = pass.snapshot.table(table);
  const size = t.size();
  if (size === undefined) {
    pass.miss((m) => m.counts.add(table));
    return 0;
  }
  let n = size;
  const keyType = t.spec.types[t.spec.key]!;
  for (const [key, e] of pass.overlay.get(table) ?? []) {
    const b = t.lookup(key);
    if (b === undefined) {
      // Whether this write inserted or replaced depends on a row not read yet.
      pass.missKey(table, key, toColumnText(keyType, key)!);
      continue;
    }
    n += (e.row === null ? 0 : 1) - (b === null ? 0 : 1);
  }
  return n;
}

function put(pass: Pass, table: string, row: AnyRow): void {
  pass.assertWritable();
  const t = pass.snapshot.table(table);
  const { key, types } = t.spec;
  const k = row[key];
  if (k === undefined || k === null) throw new Error(`row for ${table} lacks its key ${key}`);
  if (toColumnText(types[key]!, k) === undefined) throwUnstorable(table, key, types[key]!, k);
  for (const f of t.spec.indexes) {
    const v = row[f];
    if (v !== undefined && v !== null && toColumnText(types[f]!, v) === undefined)
      throwUnstorable(table, f, types[f]!, v);
  }
  const overlay = pass.overlayOf(table);
  const mapped = mapKey(k);
  const e = overlay.get(mapped);
  if (e === undefined) overlay.set(mapped, { row, recreated: false });
  else if (e.row !== null) e.row = row;
  else {
    // Deleted earlier in the pass: the row moves to the end, as a new row does.
    overlay.delete(mapped);
    overlay.set(mapped, { row, recreated: true });
  }
}

function remove(pass: Pass, table: string, key: unknown): boolean {
  pass.assertWritable();
  const t = pass.snapshot.table(table);
  const text = toColumnText(t.spec.types[t.spec.key]!, key);
  if (text === undefined) return false;
  const mapped = mapKey(key);
  const overlay = pass.overlayOf(table);
  const e = overlay.get(mapped);
  if (e !== undefined) {
    const existed = e.row !== null;
    e.row = null;
    return existed;
  }
  const b = t.lookup(mapped);
  if (b === undefined) {
    pass.missKey(table, mapped, text);
    return false;
  }
  if (b === null) return false;
  overlay.set(mapped, { row: null, recreated: false });
  return true;
}

/** The `Tx` a pass hands the transaction function (read-only passes refuse its writes). */
export function createTx(pass: Pass): Tx {
  return {
    get: ((table: TableName, key: unknown) => get(pass, table, key)) as Tx['get'],
    find: ((table: TableName, field: string, value: unknown) =>
      find(pass, table, field, value)) as Tx['find'],
    scan: ((table: TableName) => scan(pass, table)) as Tx['scan'],
    count: (table: TableName) => count(pass, table),
    put: ((table: TableName, row: Rows[TableName]) =>
      put(pass, table, row as unknown as AnyRow)) as Tx['put'],
    delete: ((table: TableName, key: unknown) => remove(pass, table, key)) as Tx['delete'],
    appendEvent: (type, data, time) => pass.appendEvent(type, data, time),
    onRollback(fn) {
      pass.hooks.push(fn);
    },
  };
}
