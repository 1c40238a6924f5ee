import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryStore } from '../store/memory/memory-store.ts';
import type { Store } from '../store/store.ts';
import { EventHub } from './event-hub.ts';

async function append(store: Store, ...types: string[]): Promise<void> {
  await store.transact((tx) => {
    for (const t of types) tx.appendEvent(t, { t }, 0);
  });
}

const tick = () => new Promise((r) => setTimeout(r, 5));

test('EventHub replays after a cursor, then delivers live events once each, in order', async () => {
  const store = new MemoryStore();
  await append(store, 'a.1', 'b.1', 'a.2');
  const hub = new EventHub(store, { encode: (r) => `${r.seq}:${r.type}` });
  await hub.start();
  const seen: string[] = [];
  hub.subscribe({ after: 0 }, (e) => seen.push(e.encoded));
  await append(store, 'a.3');
  await tick();
  await append(store, 'b.2');
  await tick();
  assert.deepEqual(seen, ['1:a.1', '2:b.1', '3:a.2', '4:a.3', '5:b.2']);
});

test('EventHub filters by type and prefix, and a reader without a cursor sees only new events', async () => {
  const store = new MemoryStore();
  await append(store, 'a.1');
  const hub = new EventHub(store, { encode: (r) => r.type });
  await hub.start();
  const replayed: string[] = [];
  const fresh: string[] = [];
  hub.subscribe({ after: 0, types: ['b.'] }, (e) => replayed.push(e.row.type));
  hub.subscribe({ types: ['a.2', 'c.'] }, (e) => fresh.push(e.row.type));
  await append(store, 'b.1', 'a.2', 'c.x', 'bb');
  await tick();
  assert.deepEqual(replayed, ['b.1']);
  assert.deepEqual(fresh, ['a.2', 'c.x']);
});

test('EventHub makes one store read per commit for all readers and encodes each event once', async () => {
  const store = new MemoryStore();
  let encodes = 0;
  const hub = new EventHub(store, {
    encode: (r) => {
      encodes++;
      return String(r.seq);
    },
  });
  await hub.start();
  const counts = new Array<number>(1000).fill(0);
  for (let i = 0; i < 1000; i++) hub.subscribe({}, () => counts[i]!++);
  const before = hub.sharedReads;
  await append(store, 'x', 'y');
  await tick();
  assert.equal(hub.sharedReads - before, 1);
  assert.equal(encodes, 0, 'nobody asked for the encoding');
  assert.ok(counts.every((c) => c === 2));
  const texts = new Set<string>();
  hub.subscribe({}, (e) => texts.add(e.encoded));
  hub.subscribe({}, (e) => texts.add(e.encoded));
  await append(store, 'z');
  await tick();
  assert.equal(encodes, 1);
  assert.equal(hub.subscribers, 1002);
});

test('EventHub joins a replaying reader to the live stream without a gap or a repeat', async () => {
  const store = new MemoryStore();
  for (let i = 0; i < 1200; i++) await append(store, 'e');
  const hub = new EventHub(store, { encode: String });
  await hub.start();
  const seqs: number[] = [];
  const sub = hub.subscribe({ after: 10 }, (e) => seqs.push(e.row.seq));
  // Commits keep arriving while the reader replays.
  for (let i = 0; i < 20; i++) await append(store, 'e');
  await tick();
  await append(store, 'e');
  await tick();
  assert.equal(sub.live, true);
  assert.deepEqual(
    seqs,
    Array.from({ length: 1221 - 10 }, (_, i) => i + 11),
  );
  sub.close();
  await append(store, 'e');
  await tick();
  assert.equal(seqs.length, 1211);
});

test('EventHub reads again by itself after a failed read (a lost database), and is behind meanwhile', async () => {
  const store = new MemoryStore();
  let failing = false;
  const flaky: Store = {
    kind: store.kind,
    durable: store.durable,
    transact: (fn) => store.transact(fn),
    read: (fn) => store.read(fn),
    readEvents: (o) => (failing ? Promise.reject(new Error('connect ECONNREFUSED')) : store.readEvents(o)),
    lastEventSeq: () => store.lastEventSeq(),
    onEvents: (listener) => store.onEvents(listener),
    close: () => store.close(),
  };
  const hub = new EventHub(flaky, { encode: (r) => r.type });
  await hub.start();
  const seen: string[] = [];
  hub.subscribe({}, (e) => seen.push(e.row.type));
  failing = true;
  await append(store, 'x.1');
  await tick();
  assert.deepEqual(seen, []);
  assert.equal(hub.behind, true, 'the commit was heard, its events not read');
  failing = false;
  // No new commit announces anything: the hub's own retry reads it.
  await new Promise((r) => setTimeout(r, 400));
  assert.deepEqual(seen, ['x.1']);
  assert.equal(hub.behind, false);
  hub.close();
});
