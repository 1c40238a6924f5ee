import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createScriptedPackage } from '../lsa/_test-package.ts';
import { formatLuid } from '../nt/luid.ts';
import { MemoryStore } from '../store/memory/memory-store.ts';
import type { Store } from '../store/store.ts';
import { createSystem } from '../system.ts';
import { EventHub } from './event-hub.ts';
import { watchHandleDeletions } from './handle-watch.ts';
import { type Revocation, TokenCache } from './token-cache.ts';

/** A system whose store reports closed handles to the cache it returns. */
async function setup(revocation: Revocation, max?: number) {
  let cache: TokenCache | undefined;
  const store = watchHandleDeletions(new MemoryStore(), (ids) => cache?.revoke(ids));
  const system = await createSystem({
    store,
    packages: [createScriptedPackage('Scripted')],
    passwordHashing: { N: 1024, r: 1, p: 1 },
  });
  cache = new TokenCache(system.kernel, { revocation, ...(max === undefined ? {} : { max }) });
  const logon = (user = 'u') =>
    system.lsa.logonUser({
      package: 'Scripted',
      logonType: 3,
      authenticationInformation: { UserName: user },
      bearer: true,
    });
  const first = await logon();
  return { system, cache, logon, secret: first.secret!, handle: first.handle! };
}

for (const revocation of ['watched', 'checked'] as const) {
  test(`TokenCache (${revocation}) answers a known token from the cache while its handle lives`, async () => {
    const { system, cache, secret } = await setup(revocation);
    const first = await cache.authenticate(secret);
    assert.ok(first !== undefined);
    assert.equal(await cache.authenticate(secret), first);
    assert.deepEqual([cache.misses, cache.hits], [1, 1]);
    // The last character changed (to one it is not: a fixed 'x' matched one secret in 64).
    const forged = `${secret.slice(0, -1)}${secret.endsWith('x') ? 'y' : 'x'}`;
    assert.equal(await cache.authenticate(forged), undefined, 'a forged secret');
    await system.close();
  });

  test(`TokenCache (${revocation}) refuses a token at once when anyone closes its handle`, async () => {
    const { system, cache, secret, handle } = await setup(revocation);
    assert.ok((await cache.authenticate(secret)) !== undefined);
    // Closed behind the daemon's back, as a logoff or the Win32 API would.
    await system.kernel.closeHandle(handle);
    assert.equal(await cache.authenticate(secret), undefined);
    assert.equal(cache.size, 0);
    await system.close();
  });
}

test('TokenCache keeps at most `max` entries and drops derived answers on demand', async () => {
  const { system, cache, secret, logon } = await setup('watched', 1);
  const entry = (await cache.authenticate(secret))!;
  cache.setWhoami(entry, '{"a":1}');
  assert.equal(cache.whoamiOf(entry), '{"a":1}');
  cache.clearViews();
  assert.equal(cache.whoamiOf(entry), undefined);
  await cache.authenticate((await logon('v')).secret!);
  assert.equal(cache.size, 1);
  assert.equal(cache.misses, 2);
  await cache.authenticate(secret);
  assert.equal(cache.misses, 3, 'the oldest entry went');
  await system.close();
});

/** An `evented` cache fed by an event hub, as the daemon wires it in cluster mode. */
async function setupEvented(options: { sync?: boolean } = {}) {
  const store = new MemoryStore();
  const system = await createSystem({
    store,
    packages: [createScriptedPackage('Scripted')],
    passwordHashing: { N: 1024, r: 1, p: 1 },
  });
  // The hub's reads can be held back, to look at the time between a commit and the read of its events.
  let gate: Promise<void> = Promise.resolve();
  let open = () => {};
  const hold = () => {
    gate = new Promise((resolve) => {
      open = resolve;
    });
  };
  const gated: Store = {
    kind: store.kind,
    durable: store.durable,
    transact: (fn) => store.transact(fn),
    read: (fn) => store.read(fn),
    readEvents: async (o) => {
      await gate;
      return store.readEvents(o);
    },
    lastEventSeq: () => store.lastEventSeq(),
    // A notification that has not arrived yet (another daemon's commit, LISTEN lagging).
    onEvents: (listener) => store.onEvents((seq) => muted || listener(seq)),
    close: () => store.close(),
  };
  let muted = false;
  const hub = new EventHub(gated, { encode: (row) => JSON.stringify(row) });
  await hub.start();
  const cache = new TokenCache(system.kernel, {
    revocation: 'evented',
    stale: () => hub.behind,
    ...(options.sync === true ? { sync: () => hub.sync() } : {}),
  });
  hub.subscribe({ types: ['token.handle-closed', 'logon-session.terminated'] }, ({ row }) => {
    if (row.type === 'token.handle-closed') cache.revoke([row.data['handle'] as number]);
    else cache.revokeLogonSession(row.data['logonId'] as string);
  });
  const logon = async () => {
    const r = await system.lsa.logonUser({
      package: 'Scripted',
      logonType: 3,
      authenticationInformation: { UserName: 'u' },
      bearer: true,
    });
    return { secret: r.secret!, handle: r.handle!, logonId: r.logonId! };
  };
  /** A close as another daemon commits it: the row goes and the event is appended in one transaction. */
  const closeElsewhere = (handle: number) =>
    store.transact((tx) => {
      tx.delete('handles', handle);
      tx.appendEvent('token.handle-closed', { handle }, Date.now());
    });
  const mute = (on: boolean) => {
    muted = on;
  };
  return { system, store, hub, cache, logon, closeElsewhere, hold, release: () => open(), mute };
}

test('TokenCache (evented) refuses a token closed by another daemon as soon as the commit is heard', async () => {
  const { system, hub, cache, logon, closeElsewhere, hold, release } = await setupEvented();
  const { secret, handle } = await logon();
  assert.ok((await cache.authenticate(secret)) !== undefined);
  assert.ok((await cache.authenticate(secret)) !== undefined);
  assert.equal(cache.hits, 1, 'hits read nothing while no close is pending');
  hold();
  await closeElsewhere(handle);
  // The notification arrived; its event has not been read yet: the hit is checked.
  assert.equal(hub.behind, true);
  assert.equal(await cache.authenticate(secret), undefined);
  assert.equal(cache.size, 0);
  const other = await logon();
  assert.ok((await cache.authenticate(other.secret)) !== undefined, 'a live token still passes');
  release();
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(hub.behind, false);
  assert.equal(cache.size, 1, 'only the live token is cached');
  await closeElsewhere(other.handle);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(cache.size, 0, 'the event dropped the entry');
  hub.close();
  await system.close();
});

test('TokenCache (evented) drops every token of a terminated logon session', async () => {
  const { system, hub, cache, logon } = await setupEvented();
  const a = await logon();
  assert.ok((await cache.authenticate(a.secret)) !== undefined);
  cache.revokeLogonSession(formatLuid(a.logonId));
  assert.equal(cache.size, 0);
  hub.close();
  await system.close();
});

test('TokenCache (evented) does not keep an answer whose handle was revoked while it was read', async () => {
  const { system, hub, cache, logon } = await setupEvented();
  const a = await logon();
  const reading = cache.authenticate(a.secret);
  // The revocation lands between the store read and the answer.
  cache.revoke([a.handle]);
  assert.equal(await reading, undefined);
  assert.equal(cache.size, 0);
  hub.close();
  await system.close();
});

test('TokenCache (evented, with a read barrier) refuses a closed token before the notification arrives', async () => {
  const { system, hub, cache, logon, closeElsewhere, mute } = await setupEvented({ sync: true });
  const { secret, handle } = await logon();
  assert.ok((await cache.authenticate(secret)) !== undefined);
  mute(true);
  await closeElsewhere(handle);
  assert.equal(hub.behind, false, 'nothing heard yet');
  assert.equal(await cache.authenticate(secret), undefined, 'the barrier read the newer sequence number');
  mute(false);
  hub.close();
  await system.close();
});

test('EventHub.sync shares one read among the calls made while it runs, and reads again for later ones', async () => {
  const store = new MemoryStore();
  let reads = 0;
  const counted: Store = {
    kind: store.kind,
    durable: store.durable,
    transact: (fn) => store.transact(fn),
    read: (fn) => store.read(fn),
    readEvents: (o) => store.readEvents(o),
    lastEventSeq: () => {
      reads++;
      return store.lastEventSeq();
    },
    onEvents: (listener) => store.onEvents(listener),
    close: () => store.close(),
  };
  const hub = new EventHub(counted, { encode: (row) => JSON.stringify(row) });
  await hub.start();
  reads = 0;
  const first = hub.sync();
  const joined = [hub.sync(), hub.sync(), hub.sync()];
  await Promise.all([first, ...joined]);
  assert.equal(reads, 2, 'the first read, then one shared by the three calls made while it ran');
  await hub.sync();
  assert.equal(reads, 3);
  hub.close();
});

test('TokenCache (evented) does not answer with an entry revoked while its read barrier ran', async () => {
  const { system, hub, logon, closeElsewhere } = await setupEvented();
  const { secret, handle } = await logon();
  let barrier = async () => {};
  const cache = new TokenCache(system.kernel, {
    revocation: 'evented',
    stale: () => false,
    sync: () => barrier(),
  });
  assert.ok((await cache.authenticate(secret)) !== undefined);
  // The hub reads the close's event while the barrier's query is under way.
  barrier = async () => {
    await closeElsewhere(handle);
    cache.revoke([handle]);
  };
  assert.equal(await cache.authenticate(secret), undefined);
  hub.close();
  await system.close();
});
