import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestEngine } from '../lsa/_test-engine.ts';
import { ANONYMOUS_LOGON_LUID, SYSTEM_LUID } from '../nt/luid.ts';
import {
  STATUS_BAD_LOGON_SESSION_STATE,
  STATUS_INSUFFICIENT_RESOURCES,
  STATUS_INVALID_HANDLE,
  STATUS_LOGON_SESSION_EXISTS,
  STATUS_NO_SUCH_LOGON_SESSION,
  STATUS_NOT_FOUND,
  STATUS_PRIVILEGE_NOT_HELD,
  STATUS_SUCCESS,
} from '../nt/ntstatus.ts';
import { MemoryStore } from '../store/memory/memory-store.ts';
import type { Store, Tx } from '../store/store.ts';
import { type Caller, TRUSTED_CALLER } from './caller.ts';
import { Kernel } from './kernel.ts';
import type { TokenSpec } from './kernel-tx.ts';

function spec(logonId: bigint): TokenSpec {
  return {
    logonId,
    type: 1,
    impersonationLevel: 2,
    user: 'S-1-5-21-1-2-3-1001',
    groups: [],
    privileges: [],
    sessionId: 1,
    source: 'test',
  };
}

const UNPRIVILEGED: Caller = {
  ...TRUSTED_CALLER,
  user: 'S-1-5-21-1-2-3-1001',
  groups: [],
  privileges: [],
  trusted: false,
  handle: 9,
};

describe('kernel logon-session table', () => {
  it('has the well-known sessions from the start with refcount 0 (spec test 5)', async () => {
    const { kernel } = await createTestEngine();
    assert.equal((await kernel.getLogonSession(SYSTEM_LUID))?.refcount, 0);
    assert.equal((await kernel.getLogonSession(ANONYMOUS_LOGON_LUID))?.refcount, 0);
  });

  it('creates a new session with refcount 0 and refuses duplicates unchanged (spec tests 6-8)', async () => {
    const { kernel } = await createTestEngine();
    const x = await kernel.allocateLocallyUniqueId();
    assert.equal(await kernel.createLogonSession(x), STATUS_SUCCESS);
    assert.deepEqual(await kernel.getLogonSession(x), { logonId: x, refcount: 0, flags: 0, phase: 'active' });
    await kernel.referenceLogonSession(x);
    await kernel.markForTerminationNotification(x);
    assert.equal(await kernel.createLogonSession(x), STATUS_LOGON_SESSION_EXISTS);
    assert.deepEqual(await kernel.getLogonSession(x), { logonId: x, refcount: 1, flags: 1, phase: 'active' });
    assert.equal(await kernel.createLogonSession(SYSTEM_LUID), STATUS_LOGON_SESSION_EXISTS);
  });

  it('deletes only unreferenced, non-well-known sessions (spec tests 9-12)', async () => {
    const { kernel } = await createTestEngine();
    assert.equal(await kernel.deleteLogonSession(0x7777777n), STATUS_NO_SUCH_LOGON_SESSION);
    assert.equal(await kernel.deleteLogonSession(SYSTEM_LUID), STATUS_BAD_LOGON_SESSION_STATE);
    assert.equal(await kernel.deleteLogonSession(ANONYMOUS_LOGON_LUID), STATUS_BAD_LOGON_SESSION_STATE);
    assert.ok(await kernel.getLogonSession(SYSTEM_LUID));
    const x = await kernel.allocateLocallyUniqueId();
    await kernel.createLogonSession(x);
    await kernel.referenceLogonSession(x);
    await kernel.referenceLogonSession(x);
    assert.equal(await kernel.deleteLogonSession(x), STATUS_BAD_LOGON_SESSION_STATE);
    assert.equal((await kernel.getLogonSession(x))?.refcount, 2);
    const y = await kernel.allocateLocallyUniqueId();
    await kernel.createLogonSession(y);
    assert.equal(await kernel.deleteLogonSession(y), STATUS_SUCCESS);
    assert.equal(await kernel.referenceLogonSession(y), STATUS_NO_SUCH_LOGON_SESSION);
  });

  it('reference and dereference of an unknown LUID fail and create nothing (spec test 13)', async () => {
    const { kernel } = await createTestEngine();
    assert.equal(await kernel.referenceLogonSession(0x999999n), STATUS_NO_SUCH_LOGON_SESSION);
    assert.equal(await kernel.dereferenceLogonSession(0x999999n), STATUS_NO_SUCH_LOGON_SESSION);
    assert.equal(await kernel.getLogonSession(0x999999n), undefined);
  });

  it('a fresh session persists; reference then dereference starts termination exactly once (spec test 14)', async () => {
    const { kernel, lsa } = await createTestEngine();
    const seen: bigint[] = [];
    kernel.registerTerminationRoutine((l) => void seen.push(l));
    const x = await kernel.allocateLocallyUniqueId();
    await kernel.createLogonSession(x);
    await lsa.cascade.settled();
    assert.deepEqual(seen, []);
    await kernel.referenceLogonSession(x);
    await kernel.dereferenceLogonSession(x);
    await lsa.cascade.settled();
    assert.deepEqual(seen, [x]);
    assert.equal(await kernel.getLogonSession(x), undefined);
  });

  it('marking an unknown LUID gives STATUS_NOT_FOUND; marking twice succeeds (spec tests 20-21)', async () => {
    const { kernel } = await createTestEngine();
    assert.equal(await kernel.markForTerminationNotification(0x55555n), STATUS_NOT_FOUND);
    const x = await kernel.allocateLocallyUniqueId();
    await kernel.createLogonSession(x);
    assert.equal(await kernel.markForTerminationNotification(x), STATUS_SUCCESS);
    assert.equal(await kernel.markForTerminationNotification(x), STATUS_SUCCESS);
    assert.equal((await kernel.getLogonSession(x))?.flags, 1);
  });
});

describe('kernel tokens', () => {
  it('creating a token on an unknown LUID fails and produces no token (spec test 29)', async () => {
    const { kernel, store } = await createTestEngine();
    const r = await kernel.createToken(spec(0x424242n), { holder: 't' });
    assert.equal(r.status, STATUS_NO_SUCH_LOGON_SESSION);
    assert.equal(r.handle, undefined);
    assert.equal(await store.read((tx) => tx.count('tokens')), 0);
  });

  it('tokens, duplicates and restricted copies each hold one reference (spec tests 30-32)', async () => {
    const { kernel } = await createTestEngine();
    const x = await kernel.allocateLocallyUniqueId();
    await kernel.createLogonSession(x);
    const t = await kernel.createToken(spec(x), { holder: 't' });
    assert.equal((await kernel.getLogonSession(x))?.refcount, 1);
    const d = await kernel.duplicateToken(t.handle!.id, { type: 2 }, { holder: 'd' });
    assert.equal(d.token?.type, 2);
    assert.equal((await kernel.getLogonSession(x))?.refcount, 2);
    const r = await kernel.createRestrictedToken(t.handle!.id, ['S-1-1-0'], { holder: 'r' });
    assert.deepEqual(r.token?.restrictedSids, ['S-1-1-0']);
    assert.equal((await kernel.getLogonSession(x))?.refcount, 3);
    assert.equal(await kernel.closeHandle(d.handle!.id), STATUS_SUCCESS);
    assert.equal((await kernel.getLogonSession(x))?.refcount, 2);
  });

  it('handles do not count: only the last handle of a token drops its reference (spec test 33)', async () => {
    const { kernel } = await createTestEngine();
    const x = await kernel.allocateLocallyUniqueId();
    await kernel.createLogonSession(x);
    const t = await kernel.createToken(spec(x), { holder: 'a' });
    const h2 = await kernel.duplicateHandle(t.handle!.id, { holder: 'b' });
    assert.equal((await kernel.getLogonSession(x))?.refcount, 1);
    await kernel.closeHandle(t.handle!.id);
    assert.equal((await kernel.getLogonSession(x))?.refcount, 1);
    await kernel.closeHandle(h2.handle!.id);
    assert.equal((await kernel.getLogonSession(x))?.refcount ?? 0, 0);
    assert.equal(await kernel.closeHandle(h2.handle!.id), STATUS_INVALID_HANDLE);
  });

  it('TokenSessionReference needs SeTcb and drops exactly one reference (spec tests 35-36)', async () => {
    const { kernel } = await createTestEngine();
    const x = await kernel.allocateLocallyUniqueId();
    await kernel.createLogonSession(x);
    const keep = await kernel.createToken(spec(x), { holder: 'keep' });
    const t = await kernel.createToken(spec(x), { holder: 't' });
    assert.equal(
      await kernel.setTokenSessionReference(UNPRIVILEGED, t.handle!.id, 0),
      STATUS_PRIVILEGE_NOT_HELD,
    );
    assert.equal((await kernel.getLogonSession(x))?.refcount, 2);
    assert.equal(await kernel.setTokenSessionReference(TRUSTED_CALLER, t.handle!.id, 0), STATUS_SUCCESS);
    assert.equal(await kernel.setTokenSessionReference(TRUSTED_CALLER, t.handle!.id, 0), STATUS_SUCCESS);
    assert.equal((await kernel.getLogonSession(x))?.refcount, 1);
    await kernel.closeHandle(t.handle!.id);
    assert.equal((await kernel.getLogonSession(x))?.refcount, 1);
    assert.ok(keep.handle);
  });

  it('bearer secrets validate their own handle only, and never after close', async () => {
    const { kernel, store } = await createTestEngine();
    const x = await kernel.allocateLocallyUniqueId();
    await kernel.createLogonSession(x);
    const t = await kernel.createToken(spec(x), { holder: 'client', bearer: true });
    assert.ok(t.secret);
    const stored = await store.read((tx) => tx.get('handles', t.handle!.id));
    assert.notEqual(stored?.secretHash, t.secret);
    assert.equal(JSON.stringify(stored).includes(t.secret), false, 'the secret itself is never stored');
    assert.equal((await kernel.authenticate(t.secret))?.caller.user, 'S-1-5-21-1-2-3-1001');
    const forged = `${t.secret.slice(0, -4)}AAAA`;
    assert.equal(await kernel.authenticate(forged), undefined);
    assert.equal(await kernel.authenticate('Bearer nonsense'), undefined);
    await kernel.closeHandle(t.handle!.id);
    assert.equal(await kernel.authenticate(t.secret), undefined);
  });

  it('the token limit gives STATUS_INSUFFICIENT_RESOURCES and changes nothing', async () => {
    const { kernel } = await createTestEngine({ maxTokens: 1 });
    const x = await kernel.allocateLocallyUniqueId();
    await kernel.createLogonSession(x);
    await kernel.createToken(spec(x), { holder: 'a' });
    assert.equal((await kernel.createToken(spec(x), { holder: 'b' })).status, STATUS_INSUFFICIENT_RESOURCES);
    assert.equal((await kernel.getLogonSession(x))?.refcount, 1);
  });

  it('LUIDs start at 0x3E9, increase by one and never repeat across a new allocator (spec tests 1-2)', async () => {
    const { kernel, store } = await createTestEngine();
    const a = await kernel.allocateLocallyUniqueId();
    const b = await kernel.allocateLocallyUniqueId();
    assert.equal(a, 0x3e9n);
    assert.equal(b, a + 1n);
    // A second engine on the same store (a restart) continues past the reserved block.
    const again = await createTestEngine({ store });
    const c = await again.kernel.allocateLocallyUniqueId();
    assert.ok(c > b);
  });
});

/**
 * A store that runs every transaction function twice, as an optimistic adapter may (Store port
 * contract): first at once against a blind transaction that sees no rows and keeps no writes, then
 * for real a turn later, after `transact` has returned.
 */
function createRerunningStore(): Store {
  const inner = new MemoryStore();
  const blind: Tx = {
    get: () => undefined,
    find: () => [],
    scan: () => [],
    count: () => 0,
    put() {},
    delete: () => false,
    appendEvent: () => 0,
    onRollback() {},
  };
  return {
    kind: 'rerunning',
    durable: false,
    transact(fn) {
      fn(blind);
      return Promise.resolve().then(() => inner.transact(fn));
    },
    read: (fn) => inner.read(fn),
    readEvents: (options) => inner.readEvents(options),
    lastEventSeq: () => inner.lastEventSeq(),
    onEvents: (listener) => inner.onEvents(listener),
    close: () => inner.close(),
  };
}

describe('kernel transactions', () => {
  it('hand over the sessions the final run terminated before the caller resumes, even when the store runs the function again later', async () => {
    const kernel = new Kernel({ store: createRerunningStore(), now: () => 0 });
    const heard: bigint[] = [];
    kernel.setTerminationListener((logonId) => heard.push(logonId));
    const x = 0x5000n;
    assert.equal(await kernel.createLogonSession(x), STATUS_SUCCESS);
    const t = await kernel.createToken(spec(x), { holder: 'test' });
    assert.equal(t.status, STATUS_SUCCESS);
    assert.equal(await kernel.closeHandle(t.handle!.id), STATUS_SUCCESS);
    assert.deepEqual(heard, [x]);
    assert.equal((await kernel.getLogonSession(x))?.phase, 'terminating');
  });
});
