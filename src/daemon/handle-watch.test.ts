import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryStore } from '../store/memory/memory-store.ts';
import { watchHandleDeletions } from './handle-watch.ts';

const handle = (id: number) => ({ id, tokenId: 1, holder: 'client', secretHash: null, createdAt: 0 });

test('watchHandleDeletions reports deleted handles once their transaction committed, and nothing else', async () => {
  const reported: number[][] = [];
  const store = watchHandleDeletions(new MemoryStore(), (ids) => {
    reported.push([...ids]);
  });
  await store.transact((tx) => {
    tx.put('handles', handle(1));
    tx.put('handles', handle(2));
    tx.put('handles', handle(3));
  });
  assert.deepEqual(reported, []);
  const result = await store.transact((tx) => {
    tx.delete('handles', 1);
    tx.delete('handles', 3);
    tx.delete('meta', 'x');
    return 'done';
  });
  assert.equal(result, 'done');
  assert.deepEqual(reported, [[1, 3]]);
  await assert.rejects(
    store.transact((tx) => {
      tx.delete('handles', 2);
      throw new Error('rolled back');
    }),
    /rolled back/,
  );
  assert.deepEqual(reported, [[1, 3]], 'a rolled-back delete is not reported');
  assert.equal(await store.read((tx) => tx.get('handles', 2)?.id), 2);
  assert.equal(store.kind, 'memory');
});

test('watchHandleDeletions holds the transaction until a promise from onClosed settles', async () => {
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const store = watchHandleDeletions(new MemoryStore(), () => gate);
  await store.transact((tx) => tx.put('handles', handle(1)));
  let done = false;
  const closing = store
    .transact((tx) => tx.delete('handles', 1))
    .then(() => {
      done = true;
    });
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(done, false, 'not answered while the other daemons are being told');
  release();
  await closing;
  assert.equal(done, true);
});
