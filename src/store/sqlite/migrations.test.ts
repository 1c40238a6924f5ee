import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, describe, it } from 'node:test';
import { lsaSession } from '../contract.ts';
import { toJson } from './codec.ts';
import {
  APPLICATION_ID,
  applyMigrations,
  checkSchema,
  MIGRATIONS,
  type Migration,
  SCHEMA_VERSION,
} from './migrations.ts';
import { createSqliteStore } from './sqlite-store.ts';

const one: Migration = {
  version: 1,
  name: 'a',
  sql: 'CREATE TABLE a (x ANY) STRICT; INSERT INTO a VALUES (1);',
};
const two: Migration = { version: 2, name: 'b', sql: 'CREATE TABLE b (x ANY) STRICT;' };

function version(db: DatabaseSync): number {
  return (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
}

describe('migrations', () => {
  it('applyMigrations applies only the missing migrations and records the version', () => {
    const db = new DatabaseSync(':memory:');
    assert.equal(applyMigrations(db, 'test.db', [one]), 1);
    assert.equal(version(db), 1);
    assert.equal(applyMigrations(db, 'test.db', [one, two]), 2);
    assert.equal(applyMigrations(db, 'test.db', [one, two]), 2);
    assert.equal(version(db), 2);
    assert.equal(
      (db.prepare('SELECT count(*) AS n FROM a').get() as { n: number }).n,
      1,
      'migration 1 ran once',
    );
    assert.equal(
      (db.prepare('PRAGMA application_id').get() as { application_id: number }).application_id,
      APPLICATION_ID,
    );
    db.close();
  });

  it('applyMigrations applies nothing when one migration fails', () => {
    const db = new DatabaseSync(':memory:');
    const bad: Migration = {
      version: 2,
      name: 'bad',
      sql: 'CREATE TABLE c (x ANY) STRICT; SELECT no_such_function();',
    };
    assert.throws(() => applyMigrations(db, 'test.db', [one, bad]), /no_such_function/);
    assert.equal(version(db), 0);
    assert.equal(db.prepare(`SELECT name FROM sqlite_master WHERE name IN ('a', 'c')`).all().length, 0);
    assert.equal(db.isTransaction, false);
    db.close();
  });

  it('applyMigrations refuses a database from a newer version', () => {
    const db = new DatabaseSync(':memory:');
    applyMigrations(db, 'test.db', [one, two]);
    assert.throws(
      () => applyMigrations(db, 'test.db', [one]),
      /test\.db has schema version 2, newer than this logond supports \(1\)/,
    );
    db.close();
  });

  it('applyMigrations refuses a database of another application', () => {
    const db = new DatabaseSync(':memory:');
    db.exec('PRAGMA user_version = 3; PRAGMA application_id = 42;');
    assert.throws(
      () => applyMigrations(db, 'other.db', [one]),
      /other\.db is an SQLite database of another application/,
    );
    db.close();
  });

  it('applyMigrations refuses a list that is not numbered 1, 2, 3', () => {
    const db = new DatabaseSync(':memory:');
    assert.throws(() => applyMigrations(db, 'test.db', [two]), /numbered 2, expected 1/);
    db.close();
  });

  it('checkSchema names a logical table or index that has no migration', () => {
    const db = new DatabaseSync(':memory:');
    applyMigrations(db, 'test.db');
    assert.equal(SCHEMA_VERSION, MIGRATIONS.length);
    checkSchema(db);
    assert.throws(
      () => checkSchema(db, { widgets: { key: 'id', indexes: [] } }),
      /SQLite table widgets is missing: add a migration/,
    );
    assert.throws(
      () => checkSchema(db, { tokens: { key: 'id', indexes: ['user'] } }),
      /tokens lacks column\(s\) user/,
    );
    db.close();
  });

  it('migration 2 indexes the logon sessions of a version-1 file by SID, existing rows included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logond-migrate-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'v1.db');
    const alice = 'S-1-5-21-1-2-3-1001';
    const old = new DatabaseSync(path);
    applyMigrations(old, path, MIGRATIONS.slice(0, 1));
    const insert = old.prepare('INSERT INTO "lsaSessions" ("logonId", data) VALUES (?, ?)');
    for (const row of [lsaSession(0x3e9n, alice), lsaSession(0x3ean, null), lsaSession(1n << 60n, alice)])
      insert.run(row.logonId, toJson(row));
    old.close();

    const store = createSqliteStore({ path });
    try {
      assert.deepEqual(await store.read((tx) => tx.find('lsaSessions', 'sid', alice)), [
        lsaSession(0x3e9n, alice),
        lsaSession(1n << 60n, alice),
      ]);
      assert.deepEqual(await store.read((tx) => tx.find('lsaSessions', 'sid', null)), []);
      await store.transact((tx) => tx.put('lsaSessions', lsaSession(0x3ean, alice)));
      assert.equal((await store.read((tx) => tx.find('lsaSessions', 'sid', alice))).length, 3);
    } finally {
      await store.close();
    }
    const db = new DatabaseSync(path);
    try {
      assert.equal(version(db), SCHEMA_VERSION);
      const plan = db
        .prepare(`EXPLAIN QUERY PLAN SELECT "logonId" FROM "lsaSessions" WHERE sid = 'x'`)
        .all()
        .map((r) => String(r['detail']));
      assert.ok(
        plan.some((d) => d.includes('USING INDEX lsaSessions_sid')),
        `the lookup uses the index: ${plan}`,
      );
    } finally {
      db.close();
    }
  });
});
