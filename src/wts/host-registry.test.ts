/**
 * The host registry on one process (memory store, ManualClock): registration, heartbeat, close,
 * failed heartbeats, and that none of it runs without cluster options.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../nt/clock.ts';
import { NtError } from '../nt/nt-error.ts';
import { RPC_NT_SERVER_UNAVAILABLE, STATUS_INVALID_PARAMETER } from '../nt/ntstatus.ts';
import { MemoryStore } from '../store/memory/memory-store.ts';
import type { Store } from '../store/store.ts';
import { createSystem, type SystemOptions } from '../system.ts';
import { createFakeProcessHost } from './_fake-process-host.ts';
import type { HostLink } from './host-link.ts';
import { type ClusterHostRow, hashHostKey, isHostKeyOf } from './host-registry.ts';

const unreachable: HostLink = {
  call: () => Promise.reject(new NtError(RPC_NT_SERVER_UNAVAILABLE)),
};
const KEY = 'k'.repeat(43);

function options(store: Store, clock: ManualClock, warnings: string[], cluster = true): SystemOptions {
  return {
    store,
    clock,
    computerName: 'SOLO',
    passwordHashing: { N: 16, r: 1, p: 1 },
    logger: { warn: (m, f) => void warnings.push(`${m} ${JSON.stringify(f)}`) },
    wts: { processHost: createFakeProcessHost() },
    ...(cluster
      ? {
          cluster: {
            address: 'http://127.0.0.1:7391',
            link: unreachable,
            hostKey: KEY,
            heartbeatMs: 1000,
            downAfterMs: 3000,
          },
        }
      : {}),
  };
}

/** A memory store whose writes fail while `failing` is set. */
function flakyStore(): { store: Store; fail(on: boolean): void; writes(): number } {
  const inner = new MemoryStore();
  let failing = false;
  let writes = 0;
  const store: Store = {
    kind: inner.kind,
    durable: inner.durable,
    transact: (fn) => {
      writes++;
      return failing ? Promise.reject(new Error('database is gone')) : inner.transact(fn);
    },
    read: (fn) => inner.read(fn),
    readEvents: (o) => inner.readEvents(o),
    lastEventSeq: () => inner.lastEventSeq(),
    onEvents: (l) => inner.onEvents(l),
    close: () => inner.close(),
  };
  return {
    store,
    fail(on) {
      failing = on;
    },
    writes: () => writes,
  };
}

const row = (store: Store) => store.read((tx) => tx.get('hosts', 'SOLO') as ClusterHostRow | undefined);
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('host registry', () => {
  it('without cluster options: the host row has no key and no address, and no heartbeat runs', async () => {
    const clock = new ManualClock();
    const store = new MemoryStore();
    const system = await createSystem(options(store, clock, [], false));
    const first = await row(store);
    assert.equal(first?.keyHash, undefined);
    assert.equal(first?.address, '');
    clock.advance(10_000);
    await tick();
    assert.equal((await row(store))?.heartbeatAt, first?.heartbeatAt);
    assert.deepEqual(
      (await system.wts.hosts()).map((h) => [h.name, h.up, h.self]),
      [['SOLO', true, true]],
    );
    await system.close();
  });

  it('with cluster options: address and key hash registered, heartbeat every heartbeatMs until close', async () => {
    const clock = new ManualClock();
    const spied = flakyStore();
    const store = spied.store;
    const system = await createSystem(options(store, clock, []));
    const start = clock.now();
    const first = await row(store);
    assert.deepEqual(first, {
      name: 'SOLO',
      address: 'http://127.0.0.1:7391',
      heartbeatAt: start,
      startedAt: start,
      keyHash: hashHostKey(KEY),
    });
    assert.ok(isHostKeyOf(first, KEY));
    assert.ok(!isHostKeyOf(first, `${KEY}x`));
    assert.ok(!isHostKeyOf(undefined, KEY));
    clock.advance(1000);
    await tick();
    assert.equal((await row(store))?.heartbeatAt, start + 1000);
    clock.advance(1000);
    await tick();
    assert.equal((await row(store))?.heartbeatAt, start + 2000);
    await system.close();
    const writes = spied.writes();
    clock.advance(5000);
    await tick();
    assert.equal(spied.writes(), writes, 'no heartbeat after close');
  });

  it('a failed heartbeat write is logged, not thrown, and the next one runs', async () => {
    const clock = new ManualClock();
    const flaky = flakyStore();
    const warnings: string[] = [];
    const system = await createSystem(options(flaky.store, clock, warnings));
    const start = clock.now();
    flaky.fail(true);
    clock.advance(1000);
    await tick();
    assert.equal(warnings.filter((w) => w.startsWith('heartbeat failed')).length, 1);
    assert.match(warnings[0]!, /database is gone/);
    flaky.fail(false);
    clock.advance(1000);
    await tick();
    assert.equal((await row(flaky.store))?.heartbeatAt, start + 2000);
    await system.close();
  });

  it('bad cluster options are refused with STATUS_INVALID_PARAMETER before anything starts', async () => {
    const clock = new ManualClock();
    const base = options(new MemoryStore(), clock, []).cluster!;
    for (const bad of [
      { ...base, address: '' },
      { ...base, hostKey: 'short' },
      { ...base, link: {} as HostLink },
      { ...base, heartbeatMs: 0 },
      { ...base, heartbeatMs: 5000, downAfterMs: 3000 },
    ]) {
      await assert.rejects(
        createSystem({ ...options(new MemoryStore(), clock, []), cluster: bad }),
        (e: unknown) => e instanceof NtError && e.status === STATUS_INVALID_PARAMETER,
      );
    }
  });
});
