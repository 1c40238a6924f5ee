import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { describeStoreContract } from '../contract.ts';
import type { Store } from '../store.ts';
import { openStore, pgUnreachable, withClient } from './_test-pg.ts';
import { createPostgresStore } from './create-postgres-store.ts';
import type { PostgresStore } from './postgres-store.ts';

async function reopen(store: Store): Promise<PostgresStore> {
  const pg = store as PostgresStore;
  await pg.close();
  return openStore({ schema: pg.schema });
}

if (pgUnreachable === undefined) describeStoreContract('postgres', { open: () => openStore(), reopen });
else it('Store contract: postgres', { skip: pgUnreachable }, () => {});

describe('PostgresStore', { skip: pgUnreachable ?? false }, () => {
  it('PostgresStore resolves misses by re-running, batching independent reads in one round trip', async () => {
    const store = await openStore();
    try {
      await store.transact((tx) => {
        for (const name of ['a', 'b', 'c']) tx.put('meta', { name, value: name });
      });
      const before = store.stats();
      let runs = 0;
      const values = await store.transact((tx) => {
        runs++;
        const got = ['a', 'b', 'c'].map((name) => tx.get('meta', name)?.value);
        tx.put('meta', { name: 'joined', value: got.join('') });
        return got;
      });
      const after = store.stats();
      assert.deepEqual(values, ['a', 'b', 'c']);
      assert.equal(runs, 2, 'one pass to find the misses, one to run with them');
      assert.equal(
        after.roundTrips - before.roundTrips,
        2,
        'one fetch (BEGIN, locks, select) and one commit',
      );
      assert.equal((await store.read((tx) => tx.get('meta', 'joined')))?.value, 'abc');
    } finally {
      await store.close();
    }
  });

  it('PostgresStore follows dependent reads one round trip per level', async () => {
    const store = await openStore();
    try {
      await store.transact((tx) => {
        tx.put('handles', { id: 7, tokenId: 3, holder: 'h', secretHash: null, createdAt: 0 });
        tx.put('meta', { name: 'token-3', value: 0x3e9n });
        tx.put('kernelSessions', { logonId: 0x3e9n, refcount: 1, flags: 0, phase: 'active' });
      });
      const before = store.stats().roundTrips;
      const refcount = await store.read((tx) => {
        const h = tx.get('handles', 7);
        const luid = h && (tx.get('meta', `token-${h.tokenId}`)?.value as bigint | undefined);
        return luid === undefined ? -1 : tx.get('kernelSessions', luid)?.refcount;
      });
      assert.equal(refcount, 1);
      assert.equal(store.stats().roundTrips - before, 3, 'three levels of reads, no commit round trip');
    } finally {
      await store.close();
    }
  });

  it('PostgresStore costs no round trip for a transaction that neither reads nor writes', async () => {
    const store = await openStore();
    try {
      const before = store.stats().roundTrips;
      assert.equal(await store.transact(() => 5), 5);
      await assert.rejects(
        store.read(() => {
          throw new Error('nope');
        }),
        /nope/,
      );
      assert.equal(store.stats().roundTrips, before);
    } finally {
      await store.close();
    }
  });

  it('PostgresStore keys by the full signed 64-bit range and refuses keys beyond it, with no change', async () => {
    const store = await openStore();
    try {
      const ids = [-(1n << 63n), (1n << 63n) - 1n, -1n, 0n, 2n ** 60n];
      await store.transact((tx) => {
        for (const logonId of ids)
          tx.put('kernelSessions', { logonId, refcount: 1, flags: 0, phase: 'active' });
      });
      for (const id of ids)
        assert.equal((await store.read((tx) => tx.get('kernelSessions', id)))?.logonId, id);
      assert.equal((await store.read((tx) => tx.get('kernelSessions', 2 ** 60)))?.logonId, 2n ** 60n);
      await assert.rejects(
        store.transact((tx) => {
          tx.put('meta', { name: 'partial', value: 1 });
          tx.put('kernelSessions', { logonId: 1n << 63n, refcount: 1, flags: 0, phase: 'active' });
        }),
        /kernelSessions\.logonId is a key or indexed field: 9223372036854775808 does not fit in 64 signed bits/,
      );
      assert.equal(await store.read((tx) => tx.get('meta', 'partial')), undefined);
      assert.equal(await store.read((tx) => tx.get('kernelSessions', 'x' as unknown as bigint)), undefined);
    } finally {
      await store.close();
    }
  });

  it('PostgresStore counts with its own inserts and deletes, and scans in insertion order', async () => {
    const store = await openStore();
    try {
      await store.transact((tx) => {
        for (const name of ['x', 'y', 'z']) tx.put('cursors', { name, seq: 0 });
      });
      const [count, names] = await store.transact((tx) => {
        tx.put('cursors', { name: 'w', seq: 1 });
        tx.put('cursors', { name: 'y', seq: 2 });
        tx.delete('cursors', 'x');
        return [tx.count('cursors'), tx.scan('cursors').map((c) => `${c.name}${c.seq}`)] as const;
      });
      assert.equal(count, 3);
      assert.deepEqual(names, ['y2', 'z0', 'w1']);
      assert.deepEqual(
        (await store.read((tx) => tx.scan('cursors'))).map((c) => `${c.name}${c.seq}`),
        ['y2', 'z0', 'w1'],
      );
    } finally {
      await store.close();
    }
  });

  it('PostgresStore recovers by itself when the server ends its connections', async () => {
    const name = `logond-test-${randomBytes(4).toString('hex')}`;
    const store = await openStore({ applicationName: name, poolSize: 3 });
    try {
      await Promise.all(
        [1, 2, 3].map((i) => store.transact((tx) => tx.put('meta', { name: `m${i}`, value: i }))),
      );
      const ended = await withClient((c) =>
        c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [name]),
      );
      assert.ok((ended.rowCount ?? 0) >= 1);
      const values = await Promise.all(
        [1, 2, 3].map((i) =>
          store.transact((tx) => {
            const v = tx.get('meta', `m${i}`)!.value as number;
            tx.put('meta', { name: `m${i}`, value: v * 10 });
            return v * 10;
          }),
        ),
      );
      assert.deepEqual(values, [10, 20, 30]);
      assert.deepEqual(
        await store.read((tx) => [1, 2, 3].map((i) => tx.get('meta', `m${i}`)?.value)),
        [10, 20, 30],
      );
    } finally {
      await store.close();
    }
  });

  it('PostgresStore refuses a schema migrated by a newer logond', async () => {
    const store = await openStore();
    const { schema } = store;
    await store.close();
    await withClient((c) =>
      c.query(`INSERT INTO "${schema}".logond_schema (version, name) VALUES (99, 'future')`),
    );
    await assert.rejects(openStore({ schema }), /version 99, newer than this logond supports/);
  });

  it('PostgresStore rejects an unreachable server with the address in the message', async () => {
    await assert.rejects(
      createPostgresStore({ connectionString: 'postgres://postgres@127.0.0.1:1/none' }),
      /PostgreSQL store 127\.0\.0\.1:1\/none: cannot connect: .*ECONNREFUSED/,
    );
  });
});
