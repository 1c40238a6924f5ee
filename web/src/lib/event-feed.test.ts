import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LogondEvent } from '../../../src/client/index.ts';
import { mergeEvents } from './event-feed.ts';

const e = (seq: number): LogondEvent => ({ seq, type: 't', time: '2024-05-30T09:14:05.000Z', data: {} });

test('mergeEvents keeps newest first, each sequence number once', () => {
  const feed = mergeEvents([e(3), e(2)], [e(2), e(4), e(1)]);
  assert.deepEqual(
    feed.map((x) => x.seq),
    [4, 3, 2, 1],
  );
});

test('mergeEvents drops the oldest past the limit', () => {
  assert.deepEqual(
    mergeEvents([e(2), e(1)], [e(3)], 2).map((x) => x.seq),
    [3, 2],
  );
  assert.deepEqual(
    mergeEvents([e(3), e(2), e(1)], [], 2).map((x) => x.seq),
    [3, 2],
  );
});
