import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReadBarrier } from './read-barrier.ts';

test('ReadBarrier: calls made during a read share the next one; a failed read rejects its callers only', async () => {
  let reads = 0;
  let fail = false;
  const seen: number[] = [];
  const barrier = new ReadBarrier(
    async () => {
      reads++;
      await new Promise((r) => setTimeout(r, 5));
      if (fail) throw new Error('connection lost');
      return reads;
    },
    (n) => seen.push(n),
  );
  await Promise.all([barrier.sync(), barrier.sync(), barrier.sync(), barrier.sync()]);
  assert.equal(reads, 2, 'the first read, then one for the three calls made while it ran');
  assert.deepEqual(seen, [1, 2]);
  fail = true;
  await assert.rejects(barrier.sync(), /connection lost/);
  fail = false;
  await barrier.sync();
  assert.deepEqual(seen, [1, 2, 4], 'reads again after a failure');
});
