/**
 * The SQLite schema, as an ordered list of numbered migrations.
 *
 * The database's `PRAGMA user_version` is the number of the last migration applied. Opening applies
 * the missing ones in one transaction, and refuses a database from a newer logond. A migration is
 * history: once released it never changes; a schema change is a new migration at the end.
 *
 * Layout: one table per logical table of `TABLES`, holding the key column, one column per indexed
 * field (with an index), and the row as JSON in `data`. Key and index columns are `ANY` in STRICT
 * tables, so strings stay text and numbers and bigints (64-bit signed) stay numeric, exactly. Rows
 * keep their rowid across replacements (upserts), which gives scans their insertion order.
 */
import type { DatabaseSync } from 'node:sqlite';
import { TABLES } from '../tables.ts';

/** One schema step. */
export interface Migration {
  /** 1, 2, 3, ...: its position in the list. */
  readonly version: number;
  readonly name: string;
  /** SQL run inside the migration transaction. */
  readonly sql: string;
}

/** Marks a file as a logond store (`PRAGMA application_id`, "LGND"). */
export const APPLICATION_ID = 0x4c474e44;

/** Quotes an SQL identifier. */
export function quoteId(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** DDL of one row table: key, indexed columns with their indexes, and `data`. */
function rowTable(name: string, key: string, indexes: readonly string[] = []): string {
  const t = quoteId(name);
  const cols = [
    `${quoteId(key)} ANY PRIMARY KEY NOT NULL`,
    ...indexes.map((f) => `${quoteId(f)} ANY`),
    'data TEXT NOT NULL',
  ];
  const idx = indexes.map((f) => `CREATE INDEX ${quoteId(`${name}_${f}`)} ON ${t} (${quoteId(f)});`);
  return [`CREATE TABLE ${t} (${cols.join(', ')}) STRICT;`, ...idx].join('\n');
}

/** Every migration, in order. Append only. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'row tables and the event log',
    sql: [
      rowTable('meta', 'name'),
      rowTable('kernelSessions', 'logonId'),
      rowTable('lsaSessions', 'logonId'),
      rowTable('tokens', 'id', ['logonId']),
      rowTable('handles', 'id', ['tokenId']),
      rowTable('cascades', 'logonId'),
      rowTable('users', 'key', ['sid']),
      rowTable('groups', 'key', ['sid']),
      rowTable('hosts', 'name'),
      rowTable('wtsSessions', 'key', ['host']),
      rowTable('processes', 'key', ['sessionKey']),
      rowTable('cursors', 'name'),
      // AUTOINCREMENT: a sequence number is never handed out twice, even after old events are deleted.
      'CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, type TEXT NOT NULL, time REAL NOT NULL, data TEXT NOT NULL) STRICT;',
    ].join('\n'),
  },
  {
    version: 2,
    name: 'lsaSessions indexed by sid',
    // Listing a user's logon sessions finds them by SID instead of scanning every session. Rows
    // written before hold the SID in `data` only: copied into the new column (a string or null).
    sql: [
      'ALTER TABLE "lsaSessions" ADD COLUMN "sid" ANY;',
      `UPDATE "lsaSessions" SET "sid" = json_extract(data, '$.sid');`,
      'CREATE INDEX "lsaSessions_sid" ON "lsaSessions" ("sid");',
    ].join('\n'),
  },
];

/** The schema version this build writes and reads. */
export const SCHEMA_VERSION = MIGRATIONS.length;

function pragmaNumber(db: DatabaseSync, pragma: string): number {
  const row = db.prepare(`PRAGMA ${pragma}`).get() as Record<string, number> | undefined;
  return row?.[pragma] ?? 0;
}

/**
 * Brings the database at `path` up to the last of `migrations`, all in one transaction: either every
 * missing migration is applied and `user_version` records the last, or nothing changes. Throws for a
 * database from a newer version, or for a file that is not a logond store. Returns the version.
 */
export function applyMigrations(
  db: DatabaseSync,
  path: string,
  migrations: readonly Migration[] = MIGRATIONS,
): number {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`migration ${m.name} is numbered ${m.version}, expected ${i + 1}`);
  });
  const latest = migrations.length;
  db.exec('BEGIN IMMEDIATE');
  try {
    // Read inside the write transaction: another process may have migrated in the meantime.
    const current = pragmaNumber(db, 'user_version');
    const appId = pragmaNumber(db, 'application_id');
    if (current > 0 && appId !== APPLICATION_ID) {
      throw new Error(
        `${path} is an SQLite database of another application (application_id ${appId}), not a logond store`,
      );
    }
    if (current > latest) {
      throw new Error(
        `${path} has schema version ${current}, newer than this logond supports (${latest}): upgrade logond, or point it at another data file`,
      );
    }
    for (const m of migrations.slice(current)) db.exec(m.sql);
    if (current < latest)
      db.exec(`PRAGMA user_version = ${latest}; PRAGMA application_id = ${APPLICATION_ID};`);
    db.exec('COMMIT');
    return latest;
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

/**
 * Checks that the database has a table with the key and index columns of every logical table in
 * `tables`, so a table or index added to `TABLES` without its migration fails at open, by name.
 */
export function checkSchema(
  db: DatabaseSync,
  tables: Readonly<Record<string, { key: string; indexes: readonly string[] }>> = TABLES,
): void {
  for (const [name, spec] of Object.entries(tables)) {
    const columns = new Set(
      (db.prepare(`PRAGMA table_info(${quoteId(name)})`).all() as { name: string }[]).map((c) => c.name),
    );
    const missing = [spec.key, ...spec.indexes, 'data'].filter((c) => !columns.has(c));
    if (columns.size === 0 || missing.length > 0) {
      const what = columns.size === 0 ? 'is missing' : `lacks column(s) ${missing.join(', ')}`;
      throw new Error(
        `SQLite table ${name} ${what}: add a migration for it in src/store/sqlite/migrations.ts`,
      );
    }
  }
}
