/**
 * Several PostgresStores on one schema, as the daemons of a cluster use it: no lost update, one
 * winner per race, events in one gap-free order across stores, LISTEN/NOTIFY with catch-up.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TokenRow } from '../rows.ts';
import { openStore, pgUnreachable } from './_test-pg.ts';
import type { PostgresStore } from './postgres-store.ts';

async function twoStores(
  options: { applicationName?: string } = {},
): Promise<[PostgresStore, PostgresStore]> {
  const a = await openStore();
  return [a, await openStore({ schema: a.schema, ...options })];
}

function token(id: number, logonId: bigint): TokenRow {
  return {
    id,
    logonId,
    type: 1,
    impersonationLevel: 2,
    user: 'S-1-5-21-1-2-3-1001',
    groups: [],
    privileges: [],
    restrictedSids: null,
    flags: 0,
    handleCount: 1,
    sessionId: 1,
    source: 'logon',
    createdAt: 0,
  };
}

describe('PostgresStore cluster', { skip: pgUnreachable ?? false }, () => {
  it('two stores racing 200 read-modify-write transactions on one row lose no update', async () => {
    const [a, b] = await twoStores();
    try {
      await a.transact((tx) => tx.put('meta', { name: 'counter', value: 0 }));
      const bump = (s: PostgresStore) =>
        s.transact((tx) => {
          const v = tx.get('meta', 'counter')!.value as number;
          tx.put('meta', { name: 'counter', value: v + 1 });
        });
      await Promise.all(Array.from({ length: 200 }, (_, i) => bump(i % 2 === 0 ? a : b)));
      assert.equal((await b.read((tx) => tx.get('meta', 'counter')))?.value, 200);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('racing closes of the last references from two stores start exactly one cascade', async () => {
    const [a, b] = await twoStores();
    try {
      await a.transact((tx) =>
        tx.put('kernelSessions', { logonId: 0x3e9n, refcount: 20, flags: 0, phase: 'active' }),
      );
      const close = (s: PostgresStore) =>
        s.transact((tx) => {
          const k = tx.get('kernelSessions', 0x3e9n)!;
          const refcount = k.refcount - 1;
          tx.put('kernelSessions', { ...k, refcount, phase: refcount === 0 ? 'terminating' : k.phase });
          if (refcount === 0) tx.appendEvent('cascade', { logonId: '0x0:0x3e9' }, 0);
        });
      await Promise.all(Array.from({ length: 20 }, (_, i) => close(i % 2 === 0 ? a : b)));
      const events = await b.readEvents({ after: 0, limit: 100 });
      assert.deepEqual(
        events.map((e) => e.type),
        ['cascade'],
      );
      assert.equal((await a.read((tx) => tx.get('kernelSessions', 0x3e9n)))?.phase, 'terminating');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('an index value read and found empty stays empty until commit: no write skew on find', async () => {
    const [a, b] = await twoStores();
    try {
      let nextId = 1;
      const claim = (s: PostgresStore) => {
        const id = nextId++;
        return s.transact((tx) => {
          if (tx.find('tokens', 'logonId', 0x3e9n).length === 0) tx.put('tokens', token(id, 0x3e9n));
        });
      };
      await Promise.all(Array.from({ length: 20 }, (_, i) => claim(i % 2 === 0 ? a : b)));
      assert.equal((await a.read((tx) => tx.find('tokens', 'logonId', 0x3e9n))).length, 1);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('a transaction holding the event lock never waits for a row lock: no deadlock, no retry', async () => {
    const [a, b] = await twoStores();
    try {
      await a.transact((tx) => {
        tx.put('meta', { name: 'x', value: 'y' });
        tx.put('meta', { name: 'y', value: 'x' });
      });
      // `a` reads x, then (a round trip later) the row x names, y; `b` reads only y. Both append
      // an event. Taking the event lock with the first read, `a` held it while waiting for y's
      // lock, which `b` held while waiting for the event lock: a deadlock, broken by PostgreSQL's
      // deadlock_timeout (a second) and a retry.
      const twoSteps = (i: number) =>
        a.transact((tx) => {
          tx.appendEvent('test.step', { i }, 0);
          const x = tx.get('meta', 'x');
          const y = x && tx.get('meta', x.value as string);
          if (y) tx.put('meta', { name: 'x', value: 'y' });
        });
      const oneStep = (i: number) =>
        b.transact((tx) => {
          tx.appendEvent('test.step', { i }, 0);
          if (tx.get('meta', 'y')) tx.put('meta', { name: 'y', value: 'x' });
        });
      const started = performance.now();
      for (let i = 0; i < 10; i++) await Promise.all([twoSteps(i), oneStep(i)]);
      const ms = performance.now() - started;
      assert.equal(a.stats().retries + b.stats().retries, 0, 'no transaction was retried');
      assert.ok(ms < 900, `10 racing pairs took ${ms.toFixed(0)} ms (a deadlock costs about 1,000)`);
      const events = await a.readEvents({ after: 0, limit: 100, types: ['test.step'] });
      assert.equal(events.length, 20);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('a deadlock between two stores is retried and both transactions commit', async () => {
    const [a, b] = await twoStores();
    try {
      await a.transact((tx) => {
        tx.put('meta', { name: 'x', value: 'y' });
        tx.put('meta', { name: 'y', value: 'x' });
      });
      // Each reads one row, then (a round trip later) the row it names, and writes both.
      const swap = (s: PostgresStore, first: string) =>
        s.transact((tx) => {
          const one = tx.get('meta', first);
          const other = one && tx.get('meta', one.value as string);
          if (one && other) tx.put('meta', { name: first, value: `${other.value}!` });
        });
      await Promise.all([swap(a, 'x'), swap(b, 'y')]);
      const [x, y] = await a.read((tx) => [tx.get('meta', 'x')?.value, tx.get('meta', 'y')?.value]);
      // Serial either way: the second sees the first's write.
      assert.ok((x === 'x!' && y === 'x!!') || (y === 'y!' && x === 'y!!'), `x=${x} y=${y}`);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
