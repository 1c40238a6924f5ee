/**
 * The Store contract suite (DESIGN.md): every adapter lands only when it passes it whole.
 * Call `describeStoreContract(name, harness)` from the adapter's own test file.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HandleRow, KernelSessionRow, LsaSessionRow, TokenRow, UserRow } from './rows.ts';
import type { Store } from './store.ts';

/** How the suite gets stores: `open` gives a fresh empty one; `reopen` (durable adapters) reopens it. */
export interface StoreHarness {
  open(): Promise<Store>;
  /** Closes `store` and opens the same underlying data again. Absent for non-durable adapters. */
  reopen?(store: Store): Promise<Store>;
}

function kernel(logonId: bigint, refcount = 0): KernelSessionRow {
  return { logonId, refcount, flags: 0, phase: 'active' };
}

function token(id: number, logonId: bigint): TokenRow {
  return {
    id,
    logonId,
    type: 1,
    impersonationLevel: 2,
    user: 'S-1-5-21-1-2-3-1001',
    groups: ['S-1-1-0', 'S-1-5-32-545'],
    privileges: [],
    restrictedSids: null,
    flags: 0,
    handleCount: 1,
    sessionId: 2,
    source: 'logon',
    createdAt: 1_700_000_000_000,
  };
}

function user(name: string, sid: string): UserRow {
  return {
    key: name.toLowerCase(),
    userName: name,
    sid,
    fullName: 'Ünïcode Näme ✓',
    passwordHash: null,
    passwordLastSet: 1,
    passwordExpires: null,
    mustChangePassword: false,
    disabled: false,
    logonHours: null,
    workstations: ['WS1'],
    groups: ['S-1-5-32-545'],
    createdAt: 2,
  };
}

/** An LSA logon-session row of `sid` (null: not yet known, as while a package decides). */
export function lsaSession(logonId: bigint, sid: string | null): LsaSessionRow {
  return {
    logonId,
    phase: sid === null ? 'creating' : 'active',
    owningPackage: 0,
    authenticationPackage: 'MSV1_0',
    logonType: 2,
    session: 1,
    logonTime: 1_700_000_000_000,
    sid,
    userName: 'alice',
    logonDomain: 'HOST',
    logonServer: 'HOST',
    dnsDomainName: '',
    upn: '',
    userFlags: 0,
    host: 'host',
  };
}

/** Registers the contract tests for one adapter. */
export function describeStoreContract(name: string, harness: StoreHarness): void {
  describe(`Store contract: ${name}`, () => {
    it('puts, gets and deletes rows by key, bigint keys included', async () => {
      const store = await harness.open();
      try {
        await store.transact((tx) => {
          tx.put('kernelSessions', kernel(0x3e9n));
          tx.put('kernelSessions', kernel((1n << 40n) + 5n, 2));
          tx.put('kernelSessions', kernel(-1n, 1));
        });
        const [a, b, c, missing] = await store.read((tx) => [
          tx.get('kernelSessions', 0x3e9n),
          tx.get('kernelSessions', (1n << 40n) + 5n),
          tx.get('kernelSessions', -1n),
          tx.get('kernelSessions', 0x3ean),
        ]);
        assert.deepEqual(a, kernel(0x3e9n));
        assert.deepEqual(b, kernel((1n << 40n) + 5n, 2));
        assert.deepEqual(c, kernel(-1n, 1));
        assert.equal(missing, undefined);
        const deleted = await store.transact((tx) => [
          tx.delete('kernelSessions', 0x3e9n),
          tx.delete('kernelSessions', 0x3e9n),
        ]);
        assert.deepEqual(deleted, [true, false]);
        assert.equal(await store.read((tx) => tx.count('kernelSessions')), 2);
      } finally {
        await store.close();
      }
    });

    it('replaces a row with the same key and keeps nested values, nulls and strings intact', async () => {
      const store = await harness.open();
      try {
        await store.transact((tx) => tx.put('users', user('Alice', 'S-1-5-21-1-2-3-1001')));
        await store.transact((tx) =>
          tx.put('users', { ...user('Alice', 'S-1-5-21-1-2-3-1001'), disabled: true, logonHours: null }),
        );
        const row = await store.read((tx) => tx.get('users', 'alice'));
        assert.deepEqual(row, { ...user('Alice', 'S-1-5-21-1-2-3-1001'), disabled: true });
        assert.equal(await store.read((tx) => tx.count('users')), 1);
      } finally {
        await store.close();
      }
    });

    it('finds rows by a secondary index and follows index changes and deletes', async () => {
      const store = await harness.open();
      try {
        await store.transact((tx) => {
          tx.put('tokens', token(1, 0x3e9n));
          tx.put('tokens', token(2, 0x3e9n));
          tx.put('tokens', token(3, 0x3ean));
        });
        assert.deepEqual(
          (await store.read((tx) => tx.find('tokens', 'logonId', 0x3e9n))).map((t) => t.id),
          [1, 2],
        );
        await store.transact((tx) => tx.put('tokens', token(2, 0x3ean)));
        assert.deepEqual(
          (await store.read((tx) => tx.find('tokens', 'logonId', 0x3e9n))).map((t) => t.id),
          [1],
        );
        assert.deepEqual(
          (await store.read((tx) => tx.find('tokens', 'logonId', 0x3ean))).map((t) => t.id).sort(),
          [2, 3],
        );
        await store.transact((tx) => tx.delete('tokens', 1));
        assert.deepEqual(await store.read((tx) => tx.find('tokens', 'logonId', 0x3e9n)), []);
        assert.deepEqual(await store.read((tx) => tx.find('users', 'sid', 'S-1-5-21-9')), []);
      } finally {
        await store.close();
      }
    });

    it('finds logon sessions by SID, not those whose SID is still null, and follows a SID set later', async () => {
      const store = await harness.open();
      const alice = 'S-1-5-21-1-2-3-1001';
      try {
        await store.transact((tx) => {
          tx.put('lsaSessions', lsaSession(0x3e9n, alice));
          tx.put('lsaSessions', lsaSession(0x3ean, null));
          tx.put('lsaSessions', lsaSession((1n << 62n) + 1n, alice));
          tx.put('lsaSessions', lsaSession(0x3ebn, 'S-1-5-21-1-2-3-1002'));
        });
        const byAlice = () => store.read((tx) => tx.find('lsaSessions', 'sid', alice).map((r) => r.logonId));
        assert.deepEqual(await byAlice(), [0x3e9n, (1n << 62n) + 1n]);
        assert.deepEqual(await store.read((tx) => tx.find('lsaSessions', 'sid', null)), []);
        await store.transact((tx) => tx.put('lsaSessions', lsaSession(0x3ean, alice)));
        // Where a row whose indexed value changed comes in `find` is not part of the contract.
        const sorted = (luids: bigint[]) => luids.sort((x, y) => (x < y ? -1 : 1));
        assert.deepEqual(sorted(await byAlice()), [0x3e9n, 0x3ean, (1n << 62n) + 1n]);
        await store.transact((tx) => tx.delete('lsaSessions', 0x3e9n));
        assert.deepEqual(sorted(await byAlice()), [0x3ean, (1n << 62n) + 1n]);
        const rows = await store.read((tx) => tx.find('lsaSessions', 'sid', alice));
        assert.deepEqual(
          rows.sort((x, y) => (x.logonId < y.logonId ? -1 : 1)),
          [lsaSession(0x3ean, alice), lsaSession((1n << 62n) + 1n, alice)],
        );
      } finally {
        await store.close();
      }
    });

    it('scans a table in insertion order, replaced rows keeping their place', async () => {
      const store = await harness.open();
      try {
        await store.transact((tx) => {
          for (const id of [5, 3, 9])
            tx.put('handles', {
              id,
              tokenId: 1,
              holder: 'h',
              secretHash: null,
              createdAt: 0,
            } satisfies HandleRow);
        });
        await store.transact((tx) =>
          tx.put('handles', { id: 3, tokenId: 2, holder: 'x', secretHash: 'ab', createdAt: 1 }),
        );
        assert.deepEqual(
          (await store.read((tx) => tx.scan('handles'))).map((h) => h.id),
          [5, 3, 9],
        );
      } finally {
        await store.close();
      }
    });

    it('rolls back every row, event and index change when the transaction function throws', async () => {
      const store = await harness.open();
      try {
        await store.transact((tx) => {
          tx.put('tokens', token(1, 0x3e9n));
          tx.appendEvent('a', { n: 1 }, 1);
        });
        let hook = 0;
        await assert.rejects(
          store.transact((tx) => {
            tx.onRollback(() => hook++);
            tx.put('tokens', token(1, 0x3ean));
            tx.put('tokens', token(2, 0x3e9n));
            tx.delete('tokens', 1);
            tx.appendEvent('b', {}, 2);
            throw new Error('boom');
          }),
          /boom/,
        );
        assert.equal(hook, 1);
        const [rows, byOld, byNew] = await store.read((tx) => [
          tx.scan('tokens'),
          tx.find('tokens', 'logonId', 0x3e9n),
          tx.find('tokens', 'logonId', 0x3ean),
        ]);
        assert.deepEqual(rows, [token(1, 0x3e9n)]);
        assert.deepEqual(byOld, [token(1, 0x3e9n)]);
        assert.deepEqual(byNew, []);
        assert.deepEqual(
          (await store.readEvents({ after: 0, limit: 10 })).map((e) => e.type),
          ['a'],
        );
        assert.equal(await store.lastEventSeq(), 1);
        // The store stays usable after a rollback.
        await store.transact((tx) => tx.put('tokens', token(7, 0x3e9n)));
        assert.equal(await store.read((tx) => tx.count('tokens')), 2);
      } finally {
        await store.close();
      }
    });

    it('refuses writes inside a read', async () => {
      const store = await harness.open();
      try {
        await assert.rejects(
          store.read((tx) =>
            (tx as unknown as { put: (t: string, r: object) => void }).put('meta', { name: 'x', value: 1 }),
          ),
        );
        assert.equal(await store.read((tx) => tx.get('meta', 'x')), undefined);
      } finally {
        await store.close();
      }
    });

    it('appends events in order and reads them after a cursor, by type and with a limit', async () => {
      const store = await harness.open();
      try {
        const seen: number[] = [];
        const off = store.onEvents((seq) => seen.push(seq));
        const seqs = await store.transact((tx) => [
          tx.appendEvent('logon-session.created', { logonId: '0x0:0x3e9' }, 10),
          tx.appendEvent('wts.logon', { sessionId: 2 }, 11),
        ]);
        await store.transact((tx) =>
          tx.appendEvent('logon-session.terminated', { logonId: '0x0:0x3e9', n: 3n.toString() }, 12),
        );
        off();
        assert.ok(seqs[1]! > seqs[0]!);
        assert.ok(seen.length >= 1);
        assert.equal(seen.at(-1), await store.lastEventSeq());
        const all = await store.readEvents({ after: 0, limit: 100 });
        assert.deepEqual(
          all.map((e) => [e.type, e.time]),
          [
            ['logon-session.created', 10],
            ['wts.logon', 11],
            ['logon-session.terminated', 12],
          ],
        );
        assert.deepEqual(all[0]!.data, { logonId: '0x0:0x3e9' });
        assert.deepEqual(
          (await store.readEvents({ after: all[0]!.seq, limit: 1 })).map((e) => e.type),
          ['wts.logon'],
        );
        assert.deepEqual(
          (await store.readEvents({ after: 0, limit: 100, types: ['logon-session.'] })).map((e) => e.type),
          ['logon-session.created', 'logon-session.terminated'],
        );
        assert.deepEqual(await store.readEvents({ after: all[2]!.seq, limit: 100 }), []);
      } finally {
        await store.close();
      }
    });

    it('serialises many concurrent transactions without losing an update', async () => {
      const store = await harness.open();
      try {
        await store.transact((tx) => tx.put('meta', { name: 'counter', value: 0 }));
        await Promise.all(
          Array.from({ length: 200 }, () =>
            store.transact((tx) => {
              const v = tx.get('meta', 'counter')!.value as number;
              tx.put('meta', { name: 'counter', value: v + 1 });
            }),
          ),
        );
        assert.equal((await store.read((tx) => tx.get('meta', 'counter')))?.value, 200);
      } finally {
        await store.close();
      }
    });

    if (harness.reopen) {
      const reopen = harness.reopen;
      it('keeps every acknowledged row and event across a reopen', async () => {
        let store = await harness.open();
        await store.transact((tx) => {
          tx.put('kernelSessions', kernel(0x3e9n, 3));
          tx.put('tokens', token(4, 0x3e9n));
          tx.put('meta', { name: 'luid', value: 0x1000n });
          tx.appendEvent('x', { a: [1, 2] }, 5);
        });
        store = await reopen(store);
        try {
          assert.deepEqual(await store.read((tx) => tx.get('kernelSessions', 0x3e9n)), kernel(0x3e9n, 3));
          assert.deepEqual(await store.read((tx) => tx.find('tokens', 'logonId', 0x3e9n)), [
            token(4, 0x3e9n),
          ]);
          assert.equal((await store.read((tx) => tx.get('meta', 'luid')))?.value, 0x1000n);
          const events = await store.readEvents({ after: 0, limit: 10 });
          assert.deepEqual(
            events.map((e) => [e.type, e.data]),
            [['x', { a: [1, 2] }]],
          );
          const next = await store.transact((tx) => tx.appendEvent('y', {}, 6));
          assert.ok(next > events[0]!.seq, 'sequence numbers are never reused after a reopen');
        } finally {
          await store.close();
        }
      });
    }
  });
}
