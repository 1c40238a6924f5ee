import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lsaSession } from '../contract.ts';
import { toJson } from '../sqlite/codec.ts';
import { quoteId, toLiteral } from './_sql.ts';
import { freshSchema, openStore, pgUnreachable, withClient } from './_test-pg.ts';
import { applyMigrations, MIGRATIONS, SCHEMA_VERSION } from './migrations.ts';

describe('PostgreSQL migrations', { skip: pgUnreachable ?? false }, () => {
  it('migration 2 indexes the logon sessions of a version-1 schema by SID, existing rows included', async () => {
    const schema = freshSchema();
    const alice = 'S-1-5-21-1-2-3-1001';
    await withClient(async (c) => {
      assert.equal(await applyMigrations(c, schema, MIGRATIONS.slice(0, 1)), 1);
      for (const row of [lsaSession(0x3e9n, alice), lsaSession(0x3ean, null), lsaSession(1n << 60n, alice)]) {
        await c.query(
          `INSERT INTO ${quoteId(schema)}."lsaSessions" ("logonId", data) VALUES (${row.logonId}, ${toLiteral(toJson(row))})`,
        );
      }
    });

    const store = await openStore({ schema });
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

    await withClient(async (c) => {
      const applied = await c.query(`SELECT version FROM ${quoteId(schema)}.logond_schema ORDER BY version`);
      assert.deepEqual(
        applied.rows.map((r) => (r as { version: number }).version),
        Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1),
      );
      const index = await c.query(
        'SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname = $2',
        [schema, 'lsaSessions_sid'],
      );
      assert.match(String((index.rows[0] as { indexdef: string } | undefined)?.indexdef), /\("?sid"?\)/);
    });
  });
});
