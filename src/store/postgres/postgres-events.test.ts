/**
 * Events across PostgresStores on one schema: NOTIFY reaches other stores, the log has one
 * gap-free order however stores race, and a lost LISTEN connection reconnects and catches up.
 * Also: migrations from stores opening at once apply once.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { freshSchema, openStore, pgUnreachable, withClient } from './_test-pg.ts';
import { applyMigrations, type Migration, SCHEMA_VERSION } from './migrations.ts';
import type { PostgresStore } from './postgres-store.ts';

async function waitFor(what: string, check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/**
 * Reads the log after its cursor on each notification and, until stopped, in a tight loop as well,
 * and records any read that does not continue exactly where the last one ended.
 */
function gapChecker(store: PostgresStore): {
  cursor: () => number;
  errors: string[];
  stop: () => Promise<void>;
} {
  let cursor = 0;
  let polling = true;
  const errors: string[] = [];
  let chain = Promise.resolve();
  const read = (): Promise<void> =>
    (chain = chain.then(async () => {
      for (const e of await store.readEvents({ after: cursor, limit: 10_000 })) {
        if (e.seq !== cursor + 1) errors.push(`after ${cursor} came ${e.seq}`);
        cursor = e.seq;
      }
    }));
  const unsubscribe = store.onEvents(() => void read());
  const loop = (async () => {
    while (polling) await read();
  })();
  return {
    cursor: () => cursor,
    errors,
    async stop() {
      polling = false;
      unsubscribe();
      await loop;
    },
  };
}

describe('PostgresStore events', { skip: pgUnreachable ?? false }, () => {
  it("one store's events reach another store's onEvents through NOTIFY, in sequence order", async () => {
    const a = await openStore();
    const b = await openStore({ schema: a.schema });
    try {
      const heard: number[] = [];
      b.onEvents((seq) => heard.push(seq));
      await waitFor('B to listen', () => b.stats().listenerConnects === 1);
      const first = await a.transact((tx) => [
        tx.appendEvent('x.one', { n: 1 }, 1),
        tx.appendEvent('x.two', {}, 2),
      ]);
      const last = await a.transact((tx) => tx.appendEvent('y.three', { big: 5n }, 3));
      assert.deepEqual(first, [1, 2]);
      assert.equal(last, 3);
      await waitFor('B to hear seq 3', () => heard.at(-1) === 3);
      assert.deepEqual(
        heard,
        [1, 2, 3].filter((s) => heard.includes(s)),
        'ascending',
      );
      const events = await b.readEvents({ after: 0, limit: 10 });
      assert.deepEqual(
        events.map((e) => [e.seq, e.type, e.time]),
        [
          [1, 'x.one', 1],
          [2, 'x.two', 2],
          [3, 'y.three', 3],
        ],
      );
      assert.deepEqual(events[2]!.data, { big: 5n });
      assert.equal(await b.lastEventSeq(), 3);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('concurrent appends from two stores never let a reader at a cursor skip an event', async () => {
    const a = await openStore({ poolSize: 8 });
    const b = await openStore({ schema: a.schema, poolSize: 8 });
    const reader = await openStore({ schema: a.schema });
    const checker = gapChecker(reader);
    try {
      await waitFor('the reader to listen', () => reader.stats().listenerConnects === 1);
      // Rows as well as events, so transactions take different times to commit.
      const append = (s: PostgresStore, i: number) =>
        s.transact((tx) => {
          for (let k = 0; k < (i % 3) + 1; k++) tx.put('cursors', { name: `c${i}-${k}`, seq: i });
          for (let k = 0; k < (i % 2) + 1; k++) tx.appendEvent('race', { i, k }, i);
        });
      let expected = 0;
      for (let i = 0; i < 300; i++) expected += (i % 2) + 1;
      await Promise.all(Array.from({ length: 300 }, (_, i) => append(i % 2 === 0 ? a : b, i)));
      await waitFor('the reader to reach the end', () => checker.cursor() === expected);
      assert.deepEqual(checker.errors, []);
      assert.equal(await reader.lastEventSeq(), expected);
    } finally {
      await checker.stop();
      await Promise.all([a.close(), b.close(), reader.close()]);
    }
  });

  it('a killed LISTEN connection reconnects and catches up on what it missed', async () => {
    const name = `logond-test-${randomBytes(4).toString('hex')}`;
    const a = await openStore();
    const b = await openStore({ schema: a.schema, applicationName: name });
    try {
      const heard: number[] = [];
      b.onEvents((seq) => heard.push(seq));
      await waitFor('B to listen', () => b.stats().listenerConnects === 1);
      const killed = await withClient((c) =>
        c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [
          `${name} (events)`,
        ]),
      );
      assert.equal(killed.rowCount, 1);
      const seq = await a.transact((tx) => tx.appendEvent('while-down', {}, 0));
      await waitFor('B to reconnect and catch up', () => heard.includes(seq));
      assert.equal(b.stats().listenerConnects, 2);
      // And it hears new notifications on the new connection.
      const next = await a.transact((tx) => tx.appendEvent('after', {}, 0));
      await waitFor('B to hear the next event', () => heard.includes(next));
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('stores opening a new schema at once apply each migration exactly once', async () => {
    const schema = freshSchema();
    const stores = await Promise.all(Array.from({ length: 4 }, () => openStore({ schema })));
    await Promise.all(stores.map((s) => s.close()));
    const rows = await withClient((c) =>
      c.query(`SELECT version FROM "${schema}".logond_schema ORDER BY version`),
    );
    assert.deepEqual(
      rows.rows.map((r) => r.version),
      Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1),
    );
    // With a migration that is visibly not idempotent.
    const custom: Migration[] = [
      { version: 1, name: 'table', sql: 'CREATE TABLE applied (n int)' },
      { version: 2, name: 'row', sql: 'INSERT INTO applied VALUES (1)' },
    ];
    const other = freshSchema();
    const clients = await Promise.all(
      Array.from({ length: 4 }, () => withClient((c) => applyMigrations(c, other, custom))),
    );
    assert.deepEqual(clients, [2, 2, 2, 2]);
    const count = await withClient((c) => c.query(`SELECT count(*)::int AS n FROM "${other}".applied`));
    assert.equal(count.rows[0].n, 1);
  });
});
