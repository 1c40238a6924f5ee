/**
 * One run of a transaction function against a snapshot. Private to the PostgreSQL adapter.
 *
 * Writes go to an overlay (the snapshot is never changed by them). A read the snapshot cannot
 * answer is a miss: it is recorded, and the read answers as if nothing were there (`undefined`,
 * `[]`, `0`, `false`) so the function can go on and reveal its other independent reads in the same
 * pass; all of them are then fetched in one round trip. A pass with a miss is never committed: its
 * result, its writes and any error it threw are discarded, and the function runs again. After
 * `MAX_MISSES` misses a pass is cut short with the private `NeedRows` signal.
 */
import type { Rows } from '../rows.ts';
import type { Tx } from '../store.ts';
import type { TableName } from '../tables.ts';
import { type BaseRow, mapKey, type Snapshot } from './_snapshot.ts';
import { throwUnstorable, toColumnText } from './_sql.ts';

type AnyRow = Readonly<Record<string, unknown>>;

/** A write of the pass: the row put last, or `null` when the key was deleted last. */
export interface OverlayEntry {
  row: AnyRow | null;
  /** Deleted and then put again in this pass: the row takes a new place in insertion order. */
  recreated: boolean;
}

/** An event appended by the pass. */
export interface PendingEvent {
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly time: number;
}

/** What a pass needs fetched, by table: keys (mapped key → column text), index values, tables. */
export class Misses {
  readonly gets = new Map<string, Map<unknown, string>>();
  /** table → field → mapped value → column text. */
  readonly finds = new Map<string, Map<string, Map<unknown, string>>>();
  readonly scans = new Set<string>();
  readonly counts = new Set<string>();
  /** The pass appended events before the event counter was read. */
  events = false;
  /** Number of row misses (gets, finds, scans, counts). */
  rows = 0;
}

/** Thrown through the function to cut a pass short; never escapes the adapter. */
export class NeedRows extends Error {}

/** Misses after which a pass is cut short. */
const MAX_MISSES = 256;

/** A single run of a transaction function. */
export class Pass {
  readonly overlay = new Map<string, Map<unknown, OverlayEntry>>();
  readonly misses = new Misses();
  readonly events: PendingEvent[] = [];
  readonly hooks: (() => void)[] = [];
  readonly tx: Tx;
  readonly #snapshot: Snapshot;
  readonly #writable: boolean;
  /** Where provisional sequence numbers start while the counter is unread. */
  readonly #provisionalBase: number;

  constructor(snapshot: Snapshot, writable: boolean, provisionalBase: number) {
    this.#snapshot = snapshot;
    this.#writable = writable;
    this.#provisionalBase = provisionalBase;
    this.tx = createTx(this);
  }

  get snapshot(): Snapshot {
    return this.#snapshot;
  }

  /** Throws unless the pass may write. */
  assertWritable(): void {
    if (!this.#writable) throw new Error('write outside a read-write transaction');
  }

  /** The overlay of one table, created on first use. */
  overlayOf(table: string): Map<unknown, OverlayEntry> {
    return entry(this.overlay, table, () => new Map<unknown, OverlayEntry>());
  }

  /** Records a row miss; cuts the pass short once there are too many. */
  miss(record: (m: Misses) => void): void {
    record(this.misses);
    if (++this.misses.rows >= MAX_MISSES) throw new NeedRows('too many rows to fetch in one pass');
  }

  /** Records a get miss for `key` (its column text `text`). */
  missKey(table: string, key: unknown, text: string): void {
    this.miss((m) => {
      entry(m.gets, table, () => new Map<unknown, string>()).set(key, text);
    });
  }

  /** Appends an event; returns its sequence number (provisional until the counter is read). */
  appendEvent(type: string, data: Record<string, unknown>, time: number): number {
    this.assertWritable();
    this.events.push({ type, data, time });
    const base = this.#snapshot.eventBase;
    if (base !== undefined) return base + this.events.length;
    this.misses.events = true;
    return this.#provisionalBase + this.events.length;
  }
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

function createTx(pass: Pass): Tx {
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
