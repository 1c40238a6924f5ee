import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, describe, it } from 'node:test';
import { lsaSession } from '../contract.ts';
import { FREEZE_ROWS, RowCache } from './_row-cache.ts';
import { toJson } from './codec.ts';
import { createSqliteStore } from './sqlite-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'logond-row-cache-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const alice = 'S-1-5-21-1-2-3-1001';

describe('SQLite decoded-row cache', () => {
  it('hands out one object per row until the row changes', async () => {
    const store = createSqliteStore({ path: ':memory:' });
    try {
      await store.transact((tx) => tx.put('lsaSessions', lsaSession(0x3e9n, alice)));
      const [a, b, [c]] = await store.read((tx) => [
        tx.get('lsaSessions', 0x3e9n),
        tx.get('lsaSessions', 1001),
        tx.find('lsaSessions', 'sid', alice),
      ]);
      assert.ok(a !== undefined && a === b && b === c, 'the same decoded row by bigint, number and index');
      assert.equal(Object.isFrozen(a), FREEZE_ROWS, 'frozen when LOGOND_STORE_FREEZE_ROWS=1');
      await store.transact((tx) => tx.put('lsaSessions', { ...a, userName: 'bob' }));
      const d = await store.read((tx) => tx.get('lsaSessions', 0x3e9n));
      assert.equal(d?.userName, 'bob');
      assert.equal(a.userName, 'alice', 'an earlier snapshot does not change');
      await store.transact((tx) => tx.delete('lsaSessions', 0x3e9n));
      assert.equal(await store.read((tx) => tx.get('lsaSessions', 0x3e9n)), undefined);
    } finally {
      await store.close();
    }
  });

  it('forgets rows a rolled-back transaction read or wrote', async () => {
    const store = createSqliteStore({ path: ':memory:' });
    try {
      await store.transact((tx) => tx.put('lsaSessions', lsaSession(0x3e9n, alice)));
      await assert.rejects(
        store.transact((tx) => {
          tx.put('lsaSessions', { ...lsaSession(0x3e9n, alice), userName: 'rolled back' });
          assert.equal(tx.get('lsaSessions', 0x3e9n)?.userName, 'rolled back', 'read your own write');
          tx.put('lsaSessions', lsaSession(0x3ean, alice));
          assert.equal(tx.find('lsaSessions', 'sid', alice).length, 2);
          throw new Error('boom');
        }),
        /boom/,
      );
      assert.equal((await store.read((tx) => tx.get('lsaSessions', 0x3e9n)))?.userName, 'alice');
      assert.deepEqual(await store.read((tx) => tx.find('lsaSessions', 'sid', alice).map((r) => r.logonId)), [
        0x3e9n,
      ]);
    } finally {
      await store.close();
    }
  });

  it("sees another connection's commits (PRAGMA data_version)", async () => {
    const path = join(dir, 'two-connections.db');
    const store = createSqliteStore({ path });
    try {
      await store.transact((tx) => tx.put('lsaSessions', lsaSession(0x3e9n, alice)));
      assert.equal((await store.read((tx) => tx.get('lsaSessions', 0x3e9n)))?.userName, 'alice');
      const other = new DatabaseSync(path);
      const changed = { ...lsaSession(0x3e9n, alice), userName: 'changed elsewhere' };
      other.prepare('UPDATE "lsaSessions" SET data = ? WHERE "logonId" = ?').run(toJson(changed), 0x3e9n);
      other.close();
      assert.equal((await store.read((tx) => tx.get('lsaSessions', 0x3e9n)))?.userName, 'changed elsewhere');
      await store.transact((tx) => {
        assert.equal(tx.get('lsaSessions', 0x3e9n)?.userName, 'changed elsewhere');
      });
    } finally {
      await store.close();
    }
  });

  it('RowCache freezes rows deeply when asked, so that a caller mutating one fails loudly', () => {
    const cache = new RowCache(10, true);
    const row = cache.set(1, { ...token(), groups: ['S-1-1-0'], nested: { list: [{ x: 1 }] } });
    assert.ok(Object.isFrozen(row) && Object.isFrozen(row.groups) && Object.isFrozen(row.nested.list[0]));
    assert.throws(() => {
      (row as { user: string }).user = 'mallory';
    }, TypeError);
    assert.throws(() => (row.groups as string[]).push('S-1-5-32-544'), TypeError);
    const plain = new RowCache(10, false).set(1, { a: [1] });
    assert.equal(Object.isFrozen(plain), false);
  });

  it('RowCache keeps at most its limit, dropping the oldest entry first', () => {
    const cache = new RowCache(2);
    cache.set(1, { a: 1 });
    cache.set(2, { a: 2 });
    cache.set(3, { a: 3 });
    assert.equal(cache.size, 2);
    assert.equal(cache.get(1), undefined);
    assert.deepEqual(cache.get(3), { a: 3 });
  });
});

function token() {
  return {
    id: 1,
    logonId: 0x3e9n,
    type: 1 as const,
    impersonationLevel: 2,
    user: alice,
    groups: [] as string[],
    privileges: [] as string[],
    restrictedSids: null,
    flags: 0,
    handleCount: 1,
    sessionId: 1,
    source: 'logon',
    createdAt: 0,
  };
}
