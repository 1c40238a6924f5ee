import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLoadLoop, type LoadOutcome } from './load-loop.ts';

/** A load that ends when the test says so. */
function deferred<T>(): {
  load: () => Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
  calls: number;
} {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const d = {
    calls: 0,
    load: () => {
      d.calls += 1;
      return new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
    },
    resolve: (value: T) => resolve(value),
    reject: (error: unknown) => reject(error),
  };
  return d;
}

function harness<T>(first: () => Promise<T>) {
  const h = {
    source: first,
    alive: true,
    settled: [] as LoadOutcome<T>[],
    busy: [] as boolean[],
  };
  const run = createLoadLoop<T>({
    current: () => h.source,
    alive: () => h.alive,
    settle: (o) => h.settled.push(o),
    busy: (b) => h.busy.push(b),
  });
  return { h, run };
}

const tick = () => new Promise((r) => setImmediate(r));

test('a source replaced while it loads is dropped, and the new source is loaded after it', async () => {
  const hostA = deferred<string>();
  const hostB = deferred<string>();
  const { h, run } = harness(hostA.load);
  const first = run();
  h.source = hostB.load; // the Host selector changed while host A's list was on its way
  const second = run();
  await second; // queued behind the running load, not started
  assert.equal(hostB.calls, 0);
  hostA.resolve('sessions of A');
  await tick();
  assert.deepEqual(h.settled, [], 'host A’s list is not shown as host B’s');
  assert.equal(hostB.calls, 1);
  hostB.resolve('sessions of B');
  await first;
  assert.deepEqual(h.settled, [{ ok: true, data: 'sessions of B' }]);
  assert.deepEqual(h.busy, [true, false]);
});

test('reloads asked for during a load are coalesced into one more load', async () => {
  const source = deferred<number>();
  const { h, run } = harness(source.load);
  const first = run();
  void run();
  void run();
  void run();
  source.resolve(1);
  await tick();
  assert.equal(source.calls, 2);
  source.resolve(2);
  await first;
  assert.deepEqual(
    h.settled.map((o) => (o.ok ? o.data : undefined)),
    [1, 2],
  );
  const later = run();
  assert.equal(source.calls, 3, 'a later run loads again');
  source.resolve(3);
  await later;
});

test('a failure is settled as such, and nothing is settled once the view is gone', async () => {
  const source = deferred<number>();
  const { h, run } = harness(source.load);
  const first = run();
  source.reject(new Error('503'));
  await first;
  assert.equal(h.settled.length, 1);
  assert.equal(h.settled[0]?.ok, false);
  const second = run();
  h.alive = false;
  source.resolve(5);
  await second;
  assert.equal(h.settled.length, 1);
  assert.deepEqual(h.busy, [true, false, true]);
});
