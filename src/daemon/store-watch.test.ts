import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StoreWatch } from './store-watch.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('StoreWatch: a probe that fails to connect or does not answer in time marks the store unavailable; the next answer clears it', async () => {
  let mode: 'ok' | 'refused' | 'silent' = 'ok';
  let release: (() => void) | undefined;
  const changes: boolean[] = [];
  const watch = new StoreWatch(
    () => {
      if (mode === 'refused')
        return Promise.reject(
          Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
        );
      if (mode === 'silent') return new Promise<void>((resolve) => (release = resolve));
      return Promise.resolve();
    },
    { intervalMs: 10, deadlineMs: 50, onChange: (a) => changes.push(a) },
  );
  watch.start();
  await sleep(30);
  assert.equal(watch.available, true);
  mode = 'refused';
  await sleep(30);
  assert.equal(watch.available, false);
  assert.match(watch.reason ?? '', /ECONNREFUSED/);
  mode = 'ok';
  await sleep(30);
  assert.equal(watch.available, true);
  mode = 'silent';
  await sleep(120);
  assert.equal(watch.available, false, 'a probe unanswered past the deadline');
  assert.match(watch.reason ?? '', /no answer within 50 ms/);
  mode = 'ok';
  release?.();
  await sleep(30);
  assert.equal(watch.available, true, 'the late answer clears it');
  watch.failed('Connection terminated unexpectedly');
  assert.equal(watch.available, false);
  await sleep(30);
  assert.equal(watch.available, true);
  assert.deepEqual(changes, [false, true, false, true, false, true]);
  watch.close();
});
