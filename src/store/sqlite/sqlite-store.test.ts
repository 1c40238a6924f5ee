import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, describe, it } from 'node:test';
import { describeStoreContract } from '../contract.ts';
import type { Store } from '../store.ts';
import { APPLICATION_ID, SCHEMA_VERSION } from './migrations.ts';
import { createSqliteStore, type SqliteStore } from './sqlite-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'logond-sqlite-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
function freshPath(): string {
  return join(dir, `store-${++files}.db`);
}

async function reopen(store: Store): Promise<SqliteStore> {
  await store.close();
  return createSqliteStore({ path: (store as SqliteStore).path });
}

describeStoreContract('sqlite', { open: async () => createSqliteStore({ path: freshPath() }), reopen });

describe('SqliteStore', () => {
  it('SqliteStore migrates a new file once, in WAL mode, and records the schema version', async () => {
    const path = freshPath();
    const store = createSqliteStore({ path });
    assert.equal(store.kind, 'sqlite');
    assert.equal(store.durable, true);
    await store.transact((tx) => tx.put('meta', { name: 'x', value: 1 }));
    const again = await reopen(store);
    assert.equal((await again.read((tx) => tx.get('meta', 'x')))?.value, 1);
    const db = new DatabaseSync(path);
    try {
      assert.deepEqual({ ...db.prepare('PRAGMA user_version').get() }, { user_version: SCHEMA_VERSION });
      assert.deepEqual({ ...db.prepare('PRAGMA application_id').get() }, { application_id: APPLICATION_ID });
      assert.deepEqual({ ...db.prepare('PRAGMA journal_mode').get() }, { journal_mode: 'wal' });
    } finally {
      db.close();
      await again.close();
    }
  });

  it('SqliteStore refuses to open a database from a newer schema version', () => {
    const path = freshPath();
    createSqliteStore({ path }).close();
    const db = new DatabaseSync(path);
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    assert.throws(
      () => createSqliteStore({ path }),
      /has schema version \d+, newer than this logond supports/,
    );
  });

  it('SqliteStore keys by the full signed 64-bit range and refuses keys beyond it, with no change', async () => {
    const store = createSqliteStore({ path: freshPath() });
    try {
      const ids = [-(1n << 63n), (1n << 63n) - 1n, -1n, 0n];
      await store.transact((tx) => {
        for (const logonId of ids)
          tx.put('kernelSessions', { logonId, refcount: 1, flags: 0, phase: 'active' });
        tx.put('tokens', { ...sampleToken(1), logonId: ids[1]! });
      });
      for (const id of ids)
        assert.equal((await store.read((tx) => tx.get('kernelSessions', id)))?.logonId, id);
      assert.deepEqual(
        (await store.read((tx) => tx.find('tokens', 'logonId', ids[1]!))).map((t) => t.id),
        [1],
      );
      await assert.rejects(
        store.transact((tx) => {
          tx.put('meta', { name: 'partial', value: 1 });
          tx.put('kernelSessions', { logonId: 1n << 63n, refcount: 1, flags: 0, phase: 'active' });
        }),
        /kernelSessions\.logonId is a key or indexed field: 9223372036854775808 does not fit in 64 signed bits/,
      );
      assert.equal(await store.read((tx) => tx.get('meta', 'partial')), undefined);
      assert.equal(await store.read((tx) => tx.get('kernelSessions', 1n << 63n)), undefined);
      // A string key is not the number of the same digits.
      await store.transact((tx) => tx.put('meta', { name: '1', value: 'one' }));
      assert.equal(await store.read((tx) => tx.get('meta', 1 as unknown as string)), undefined);
    } finally {
      await store.close();
    }
  });

  it('SqliteStore commits every transaction begun in one turn with one COMMIT', async () => {
    const store = createSqliteStore({ path: freshPath() });
    try {
      const before = store.stats().commits;
      const ids = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          store.transact((tx) => {
            tx.put('handles', { id: i, tokenId: 1, holder: 'h', secretHash: null, createdAt: i });
            return i;
          }),
        ),
      );
      assert.deepEqual(
        ids,
        Array.from({ length: 100 }, (_, i) => i),
      );
      assert.equal(store.stats().commits - before, 1);
      assert.equal(store.stats().largestBatch, 100);
      assert.equal(await store.read((tx) => tx.count('handles')), 100);
    } finally {
      await store.close();
    }
  });

  it('SqliteStore rolls back a throwing transaction without touching the rest of its batch', async () => {
    let store = createSqliteStore({ path: freshPath() });
    let hooks = 0;
    const results = await Promise.allSettled([
      store.transact((tx) => tx.put('meta', { name: 'a', value: 1 })),
      store.transact((tx) => {
        tx.onRollback(() => hooks++);
        tx.put('meta', { name: 'b', value: 2 });
        tx.put('meta', { name: 'a', value: 'clobbered' });
        tx.appendEvent('b', {}, 2);
        throw new Error('boom');
      }),
      store.transact((tx) => [tx.get('meta', 'a')?.value, tx.appendEvent('c', {}, 3)]),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    assert.deepEqual((results[2] as PromiseFulfilledResult<unknown>).value, [1, 1]);
    assert.equal(hooks, 1);
    assert.deepEqual(store.stats(), { commits: 1, syncs: 1, transactions: 2, rollbacks: 1, largestBatch: 2 });
    store = await reopen(store);
    try {
      assert.deepEqual(await store.read((tx) => tx.scan('meta')), [{ name: 'a', value: 1 }]);
      assert.deepEqual(
        (await store.readEvents({ after: 0, limit: 10 })).map((e) => [e.seq, e.type]),
        [[1, 'c']],
      );
    } finally {
      await store.close();
    }
  });

  it('SqliteStore rejects every transaction of a batch whose COMMIT fails, and stays usable', async () => {
    const path = freshPath();
    createSqliteStore({ path }).close();
    // A deferred foreign key is checked at COMMIT: a real commit failure, without mocking SQLite.
    const db = new DatabaseSync(path);
    db.exec(`CREATE TABLE parent (id INTEGER PRIMARY KEY);
      CREATE TABLE child (p INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED);
      CREATE TRIGGER poison AFTER INSERT ON meta WHEN NEW.name = 'poison' BEGIN INSERT INTO child VALUES (42); END;`);
    db.close();
    const store = createSqliteStore({ path });
    try {
      let hooks = 0;
      const seen: number[] = [];
      store.onEvents((seq) => seen.push(seq));
      const results = await Promise.allSettled([
        store.transact((tx) => {
          tx.onRollback(() => hooks++);
          tx.put('meta', { name: 'fine', value: 1 });
          return tx.appendEvent('fine', {}, 1);
        }),
        store.transact((tx) => tx.put('meta', { name: 'poison', value: 1 })),
      ]);
      for (const r of results) {
        assert.equal(r.status, 'rejected');
        assert.match(
          String(r.reason),
          /commit failed, transaction rolled back: FOREIGN KEY constraint failed/,
        );
      }
      assert.equal(hooks, 1);
      assert.deepEqual(seen, []);
      assert.equal(await store.read((tx) => tx.count('meta')), 0);
      assert.equal(await store.lastEventSeq(), 0);
      const seq = await store.transact((tx) => {
        tx.put('meta', { name: 'after', value: 2 });
        return tx.appendEvent('after', {}, 2);
      });
      assert.equal(seq, 1);
      assert.deepEqual(seen, [1]);
      assert.deepEqual(await store.read((tx) => tx.scan('meta')), [{ name: 'after', value: 2 }]);
    } finally {
      await store.close();
    }
  });

  it('SqliteStore shows events to readers and listeners only once they are committed', async () => {
    const store = createSqliteStore({ path: freshPath() });
    try {
      const seen: number[] = [];
      store.onEvents((seq) => seen.push(seq));
      const pending = [
        store.transact((tx) => tx.appendEvent('wts.logon', {}, 1)),
        store.transact((tx) => [
          tx.appendEvent('lsa.logon', { luid: 5n }, 2),
          tx.appendEvent('wts.logoff', {}, 3),
        ]),
      ];
      assert.deepEqual(await store.readEvents({ after: 0, limit: 10 }), []);
      assert.equal(await store.lastEventSeq(), 0);
      await Promise.all(pending);
      assert.deepEqual(seen, [3], 'one notification per commit, with the highest sequence number');
      assert.equal(await store.lastEventSeq(), 3);
      const events = await store.readEvents({ after: 0, limit: 10, types: ['wts.', 'lsa.logon'] });
      assert.deepEqual(
        events.map((e) => e.type),
        ['wts.logon', 'lsa.logon', 'wts.logoff'],
      );
      assert.deepEqual(events[1]!.data, { luid: 5n });
      assert.deepEqual((await store.readEvents({ after: 0, limit: 10, types: ['wts'] })).length, 0);
      assert.deepEqual((await store.readEvents({ after: 0, limit: 10, types: ['*'] })).length, 3);
      assert.deepEqual(await store.readEvents({ after: 0, limit: 0 }), []);
    } finally {
      await store.close();
    }
  });

  it('SqliteStore commits the open batch on close', async () => {
    let store = createSqliteStore({ path: freshPath() });
    const done = store.transact((tx) => tx.put('meta', { name: 'late', value: true }));
    store = await reopen(store);
    try {
      await done;
      assert.equal((await store.read((tx) => tx.get('meta', 'late')))?.value, true);
      await assert.rejects(
        createClosed().transact(() => 1),
        /store is closed/,
      );
    } finally {
      await store.close();
    }
  });
});

function createClosed(): SqliteStore {
  const store = createSqliteStore({ path: ':memory:' });
  store.close();
  return store;
}

function sampleToken(id: number) {
  return {
    id,
    logonId: 0x3e9n,
    type: 1 as const,
    impersonationLevel: 2,
    user: 'S-1-5-18',
    groups: [],
    privileges: [],
    restrictedSids: null,
    flags: 0,
    handleCount: 1,
    sessionId: 0,
    source: 'logon',
    createdAt: 0,
  };
}
