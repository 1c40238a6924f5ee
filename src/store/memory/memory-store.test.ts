import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeStoreContract } from '../contract.ts';
import { MemoryStore } from './memory-store.ts';

describeStoreContract('memory', { open: async () => new MemoryStore() });

describe('MemoryStore event retention', () => {
  it('keeps the newest events, in order, across compactions and rollbacks', async () => {
    const store = new MemoryStore({ eventRetention: 5 });
    for (let i = 1; i <= 23; i++) await store.transact((tx) => tx.appendEvent('e', { i }, i * 10));
    const kept = await store.readEvents({ after: 0, limit: 100 });
    assert.deepEqual(
      kept.map((e) => [e.seq, e.type, e.time, e.data.i]),
      [19, 20, 21, 22, 23].map((n) => [n, 'e', n * 10, n]),
    );
    assert.deepEqual(
      (await store.readEvents({ after: 21, limit: 100 })).map((e) => e.seq),
      [22, 23],
    );
    assert.deepEqual(
      (await store.readEvents({ after: 23, limit: 100 })).map((e) => e.seq),
      [],
    );
    await assert.rejects(
      store.transact((tx) => {
        tx.appendEvent('e', { i: 'rolled back' }, 0);
        throw new Error('no');
      }),
    );
    assert.equal(await store.lastEventSeq(), 23);
    assert.equal(await store.transact((tx) => tx.appendEvent('e', { i: 24 }, 240)), 24);
    assert.deepEqual(
      (await store.readEvents({ after: 0, limit: 100 })).map((e) => e.seq),
      [20, 21, 22, 23, 24],
    );
  });

  it('grows past its first capacity and keeps a transaction larger than the retention until it commits', async () => {
    const store = new MemoryStore({ eventRetention: 3000 });
    await store.transact((tx) => {
      for (let i = 1; i <= 2500; i++) tx.appendEvent('a', { i }, i);
    });
    await assert.rejects(
      store.transact((tx) => {
        for (let i = 0; i < 5000; i++) tx.appendEvent('b', {}, 0);
        throw new Error('no');
      }),
    );
    assert.equal(await store.lastEventSeq(), 2500);
    const all = await store.readEvents({ after: 0, limit: 10_000 });
    assert.deepEqual([all.length, all[0]?.seq, all[2499]?.data.i], [2500, 1, 2500]);
    await store.transact((tx) => {
      for (let i = 2501; i <= 6000; i++) tx.appendEvent(i % 2 === 0 ? 'a' : 'b', { i }, i);
    });
    const kept = await store.readEvents({ after: 0, limit: 10_000 });
    assert.deepEqual(
      [kept.length, kept[0]?.seq, kept[2999]?.seq, kept[2999]?.time],
      [3000, 3001, 6000, 6000],
    );
    assert.deepEqual(
      (await store.readEvents({ after: 5990, limit: 3, types: ['b'] })).map((e) => e.seq),
      [5991, 5993, 5995],
    );
  });
});
