import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TRUSTED_CALLER } from '../kernel/caller.ts';
import { SYSTEM_LUID } from '../nt/luid.ts';
import {
  STATUS_INSUFFICIENT_RESOURCES,
  STATUS_INVALID_PARAMETER,
  STATUS_NO_SUCH_LOGON_SESSION,
  STATUS_NOT_FOUND,
  STATUS_SUCCESS,
  STATUS_UNSUCCESSFUL_FOR_TEST,
} from './_cascade-test-statuses.ts';
import { createTestEngine } from './_test-engine.ts';
import { createScriptedPackage } from './_test-package.ts';
import { Interactive } from './logon-type.ts';

async function logon(engine: Awaited<ReturnType<typeof createTestEngine>>, userName = 'alice') {
  const r = await engine.lsa.logonUser({
    package: 0,
    logonType: Interactive,
    authenticationInformation: { UserName: userName },
  });
  assert.equal(r.status, STATUS_SUCCESS);
  return { logonId: r.logonId!, handle: r.handle! };
}

describe('termination routines', () => {
  it('register and unregister return the statuses of the seed (spec tests 15, 17-19)', async () => {
    const { kernel } = await createTestEngine();
    const r = () => {};
    assert.equal(kernel.registerTerminationRoutine(null), STATUS_INVALID_PARAMETER);
    assert.equal(kernel.registerTerminationRoutine(r), STATUS_SUCCESS);
    assert.equal(kernel.registerTerminationRoutine(r), STATUS_SUCCESS);
    assert.equal(kernel.unregisterTerminationRoutine(null), STATUS_INVALID_PARAMETER);
    assert.equal(kernel.unregisterTerminationRoutine(r), STATUS_SUCCESS);
    assert.equal(kernel.unregisterTerminationRoutine(r), STATUS_SUCCESS);
    assert.equal(kernel.unregisterTerminationRoutine(r), STATUS_NOT_FOUND);
    assert.equal(
      kernel.unregisterTerminationRoutine(() => {}),
      STATUS_NOT_FOUND,
    );
  });

  it('the registry limit gives 0xC000009A and registers nothing (spec test 16, D2)', async () => {
    const { kernel } = await createTestEngine({ routineLimit: 2 });
    assert.equal(
      kernel.registerTerminationRoutine(() => {}),
      STATUS_SUCCESS,
    );
    assert.equal(
      kernel.registerTerminationRoutine(() => {}),
      STATUS_SUCCESS,
    );
    const third = () => {};
    assert.equal(kernel.registerTerminationRoutine(third), STATUS_INSUFFICIENT_RESOURCES);
    assert.equal(kernel.routines.size, 2);
    assert.equal(kernel.unregisterTerminationRoutine(third), STATUS_NOT_FOUND);
  });

  it('in strict mode a routine fires once for a marked session and not for an unmarked one (spec tests 22-23)', async () => {
    const pkg = createScriptedPackage();
    const engine = await createTestEngine({ packages: [pkg], terminationNotify: 'marked' });
    const seen: bigint[] = [];
    engine.kernel.registerTerminationRoutine((l) => void seen.push(l));
    const marked = await logon(engine);
    const unmarked = await logon(engine, 'bob');
    assert.equal(await engine.kernel.markForTerminationNotification(marked.logonId), STATUS_SUCCESS);
    await engine.kernel.closeHandle(marked.handle);
    await engine.kernel.closeHandle(unmarked.handle);
    await engine.lsa.cascade.settled();
    assert.deepEqual(seen, [marked.logonId]);
    assert.deepEqual(pkg.terminated.sort(), [marked.logonId, unmarked.logonId].sort());
  });

  it('in the default mode a routine fires for every terminating session (D1)', async () => {
    const engine = await createTestEngine({ packages: [createScriptedPackage()] });
    const seen: bigint[] = [];
    engine.kernel.registerTerminationRoutine((l) => void seen.push(l));
    const a = await logon(engine);
    await engine.kernel.closeHandle(a.handle);
    await engine.lsa.cascade.settled();
    assert.deepEqual(seen, [a.logonId]);
  });

  it('an unregistered routine is not called (spec test 24)', async () => {
    const engine = await createTestEngine({
      packages: [createScriptedPackage()],
      terminationNotify: 'marked',
    });
    let calls = 0;
    const r = () => void calls++;
    engine.kernel.registerTerminationRoutine(r);
    const a = await logon(engine);
    await engine.kernel.markForTerminationNotification(a.logonId);
    engine.kernel.unregisterTerminationRoutine(r);
    await engine.kernel.closeHandle(a.handle);
    await engine.lsa.cascade.settled();
    assert.equal(calls, 0);
  });

  it('routines run newest first; failures, rejections and hangs stop nothing (spec tests 25-26, D3)', async () => {
    const pkg = createScriptedPackage();
    const engine = await createTestEngine({ packages: [pkg], callTimeoutMs: 50 });
    const order: string[] = [];
    engine.kernel.registerTerminationRoutine(() => void order.push('R1'));
    engine.kernel.registerTerminationRoutine(() => {
      order.push('R2-throws');
      throw new Error('boom');
    });
    engine.kernel.registerTerminationRoutine(() => {
      order.push('R3-rejects');
      return Promise.reject(new Error('no'));
    });
    engine.kernel.registerTerminationRoutine(() => {
      order.push('R4-hangs');
      return new Promise(() => {});
    });
    engine.kernel.registerTerminationRoutine(() => {
      order.push('R5-status');
      return STATUS_UNSUCCESSFUL_FOR_TEST;
    });
    const a = await logon(engine);
    await engine.kernel.closeHandle(a.handle);
    await engine.lsa.cascade.settled();
    assert.deepEqual(order, ['R5-status', 'R4-hangs', 'R3-rejects', 'R2-throws', 'R1']);
    assert.deepEqual(pkg.terminated, [a.logonId]);
    assert.equal(engine.lsa.cascade.stats.routineFailures, 2);
    assert.equal(engine.lsa.cascade.stats.routineTimeouts, 1);
    assert.ok(engine.warnings.length >= 3);
    assert.deepEqual(await engine.lsa.enumerateLogonSessions().then((l) => l.includes(a.logonId)), false);
  });

  it('explicit deletion runs no routine and notifies no package (spec test 27)', async () => {
    const pkg = createScriptedPackage();
    const engine = await createTestEngine({ packages: [pkg] });
    let calls = 0;
    engine.kernel.registerTerminationRoutine(() => void calls++);
    const x = await pkg.dispatch!.AllocateLocallyUniqueId();
    await pkg.dispatch!.CreateLogonSession(x);
    await engine.kernel.markForTerminationNotification(x);
    assert.equal(await pkg.dispatch!.DeleteLogonSession(x), STATUS_SUCCESS);
    await engine.lsa.cascade.settled();
    assert.equal(calls, 0);
    assert.deepEqual(pkg.terminated, []);
  });

  it('a routine may unregister itself while called; the others still run (spec test 28)', async () => {
    const engine = await createTestEngine({ packages: [createScriptedPackage()] });
    const order: string[] = [];
    engine.kernel.registerTerminationRoutine(() => void order.push('other'));
    const self = () => {
      order.push('self');
      assert.equal(engine.kernel.unregisterTerminationRoutine(self), STATUS_SUCCESS);
    };
    engine.kernel.registerTerminationRoutine(self);
    const a = await logon(engine);
    await engine.kernel.closeHandle(a.handle);
    await engine.lsa.cascade.settled();
    assert.deepEqual(order, ['self', 'other']);
  });
});

describe('the cascade', () => {
  it('every package hears the LUID once, in package order, after the routines; then the records go (spec tests 56-57)', async () => {
    const order: string[] = [];
    const p = createScriptedPackage('P');
    const q = createScriptedPackage('Q');
    const record = (name: string, pkg: typeof p) => {
      const original = pkg.LsaApLogonTerminated.bind(pkg);
      pkg.LsaApLogonTerminated = (l) => {
        order.push(name);
        return original(l);
      };
    };
    record('P', p);
    record('Q', q);
    const engine = await createTestEngine({ packages: [p, q] });
    engine.kernel.registerTerminationRoutine(async (l) => {
      order.push('R');
      assert.ok(
        (await engine.lsa.enumerateLogonSessions()).includes(l),
        'still enumerated while routines run',
      );
    });
    const a = await logon(engine);
    await engine.kernel.closeHandle(a.handle);
    await engine.lsa.cascade.settled();
    assert.deepEqual(order, ['R', 'P', 'Q']);
    assert.deepEqual(p.terminated, [a.logonId]);
    assert.deepEqual(q.terminated, [a.logonId]);
    assert.equal((await engine.lsa.enumerateLogonSessions()).includes(a.logonId), false);
    assert.equal(
      (await engine.lsa.getLogonSessionData(TRUSTED_CALLER, a.logonId)).status,
      STATUS_NO_SUCH_LOGON_SESSION,
    );
    assert.equal(await engine.kernel.getLogonSession(a.logonId), undefined);
    const events = await engine.store.readEvents({
      after: 0,
      limit: 100,
      types: ['logon-session.terminated'],
    });
    assert.equal(events.length, 1);
  });

  it('one of two tokens closing starts nothing; the second starts the cascade once (spec test 58)', async () => {
    const pkg = createScriptedPackage();
    const engine = await createTestEngine({ packages: [pkg] });
    const a = await logon(engine);
    const d = await engine.kernel.duplicateToken(a.handle, {}, { holder: 'dup' });
    await engine.kernel.closeHandle(a.handle);
    await engine.lsa.cascade.settled();
    assert.deepEqual(pkg.terminated, []);
    await engine.kernel.closeHandle(d.handle!.id);
    await engine.lsa.cascade.settled();
    assert.deepEqual(pkg.terminated, [a.logonId]);
  });

  it('no token can be created on a terminating or terminated session (spec tests 59-60)', async () => {
    const pkg = createScriptedPackage('P', { onTerminated: 'hang' });
    const engine = await createTestEngine({ packages: [pkg], callTimeoutMs: 100 });
    const a = await logon(engine);
    const keep = await engine.kernel.duplicateToken(a.handle, {}, { holder: 'dup' });
    await engine.kernel.closeHandle(a.handle);
    await engine.kernel.closeHandle(keep.handle!.id);
    // The cascade is now waiting on the hung package: the session is terminating.
    const during = await engine.kernel.createToken(
      {
        logonId: a.logonId,
        type: 1,
        impersonationLevel: 2,
        user: 'S-1-5-21-1',
        groups: [],
        privileges: [],
        sessionId: 0,
        source: 't',
      },
      { holder: 'x' },
    );
    assert.equal(during.status, STATUS_NO_SUCH_LOGON_SESSION);
    await engine.lsa.cascade.settled();
    const after = await engine.kernel.createToken(
      {
        logonId: a.logonId,
        type: 1,
        impersonationLevel: 2,
        user: 'S-1-5-21-1',
        groups: [],
        privileges: [],
        sessionId: 0,
        source: 't',
      },
      { holder: 'x' },
    );
    assert.equal(after.status, STATUS_NO_SUCH_LOGON_SESSION);
    assert.equal(engine.lsa.cascade.stats.packageTimeouts, 1);
  });

  it('well-known sessions never terminate (spec test 61)', async () => {
    const pkg = createScriptedPackage();
    const engine = await createTestEngine({ packages: [pkg] });
    let calls = 0;
    engine.kernel.registerTerminationRoutine(() => void calls++);
    const t = await engine.kernel.createToken(
      {
        logonId: SYSTEM_LUID,
        type: 1,
        impersonationLevel: 2,
        user: 'S-1-5-18',
        groups: [],
        privileges: [],
        sessionId: 0,
        source: 't',
      },
      { holder: 'x' },
    );
    await engine.kernel.closeHandle(t.handle!.id);
    await engine.lsa.cascade.settled();
    assert.equal(calls, 0);
    assert.deepEqual(pkg.terminated, []);
    assert.ok((await engine.lsa.enumerateLogonSessions()).includes(SYSTEM_LUID));
  });

  it('many closes racing on one session give exactly one cascade', async () => {
    const pkg = createScriptedPackage();
    const engine = await createTestEngine({ packages: [pkg] });
    let calls = 0;
    engine.kernel.registerTerminationRoutine(() => void calls++);
    const a = await logon(engine);
    const dups = await Promise.all(
      Array.from({ length: 50 }, () => engine.kernel.duplicateToken(a.handle, {}, { holder: 'dup' })),
    );
    const handles = [a.handle, ...dups.map((d) => d.handle!.id)];
    const statuses = await Promise.all([...handles, ...handles].map((h) => engine.kernel.closeHandle(h)));
    assert.equal(
      statuses.filter((s) => s === STATUS_SUCCESS).length,
      handles.length,
      'each handle closes once; the second close is an invalid handle',
    );
    await engine.lsa.cascade.settled();
    assert.equal(calls, 1);
    assert.deepEqual(pkg.terminated, [a.logonId]);
    assert.equal(engine.lsa.cascade.stats.completed, 1);
  });

  it('a cascade recorded before a crash resumes with the next package and calls none twice', async () => {
    const engine = await createTestEngine({
      packages: [createScriptedPackage('P'), createScriptedPackage('Q')],
    });
    const a = await logon(engine);
    // The state a crash leaves after P was started: token gone, session terminating, P recorded as started.
    await engine.store.transact((tx) => {
      const token = tx.find('tokens', 'logonId', a.logonId)[0]!;
      tx.delete('handles', a.handle);
      tx.delete('tokens', token.id);
      tx.put('kernelSessions', {
        ...tx.get('kernelSessions', a.logonId)!,
        refcount: 0,
        phase: 'terminating',
      });
      tx.put('cascades', { logonId: a.logonId, packagesStarted: 1, marked: false, startedAt: 0 });
    });
    const p = createScriptedPackage('P');
    const q = createScriptedPackage('Q');
    const restarted = await createTestEngine({ store: engine.store, packages: [p, q] });
    await restarted.lsa.cascade.settled();
    assert.deepEqual(p.terminated, [], 'P was started before the crash: not called again');
    assert.deepEqual(q.terminated, [a.logonId]);
    assert.equal(await restarted.store.read((tx) => tx.count('cascades')), 0);
    assert.equal((await restarted.lsa.enumerateLogonSessions()).includes(a.logonId), false);
  });
});
