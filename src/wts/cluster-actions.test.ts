/**
 * Cluster mode on PostgreSQL, actions: logoff (waiting and not), disconnect and reset forwarded to
 * the owner as the caller; a down host's sessions (logoff refused with 1722, reset here by an
 * administrator with the cascade following, refused to others with no change); the owner side's
 * key and call checks; `token.handle-closed` events only in cluster mode.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ManualClock } from '../nt/clock.ts';
import { formatLuid } from '../nt/luid.ts';
import {
  RPC_NT_SERVER_UNAVAILABLE,
  STATUS_ACCESS_DENIED,
  STATUS_INVALID_HANDLE,
  STATUS_INVALID_PARAMETER,
  STATUS_SUCCESS,
} from '../nt/ntstatus.ts';
import type { System } from '../system.ts';
import { createTestCluster, pgUnreachable, type TestCluster, type TestHost } from './_test-cluster.ts';
import { WTSDisconnected, WTSReset } from './connect-state.ts';

const cluster = createTestCluster;

/** Waits until `check` holds (real commits and notifications take a few milliseconds). */
async function until(check: () => boolean | Promise<boolean>, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * Moves the clock by grace periods until `check` holds: the teardown arms its grace timer only
 * once its SIGTERMs are out, so one advance may come before the timer exists.
 */
async function graceUntil(c: TestCluster, check: () => boolean): Promise<void> {
  const clock = c.clock as ManualClock;
  await until(() => {
    if (check()) return true;
    clock.advance(1000);
    return false;
  }, 'the grace period to end the programs');
  // The heartbeats those advances started land before the test goes on (every host up again).
  await until(async () => (await c.hosts[0]!.system.wts.hosts()).every((h) => h.up), 'every host up');
}

/** The rows a refused call must leave unchanged (as text: rows hold bigints). */
function snapshot(system: System): Promise<string> {
  const tables = ['wtsSessions', 'processes', 'tokens', 'handles', 'kernelSessions', 'lsaSessions'] as const;
  const text = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x));
  return system.store.read((tx) => text(tables.map((t) => tx.scan(t).map(text).sort())));
}

/** Makes `down` stop heartbeating and moves the clock past downAfterMs (the others beat meanwhile). */
async function killHost(c: TestCluster, down: TestHost, downAfterMs = 5000): Promise<void> {
  await down.close();
  (c.clock as ManualClock).advance(downAfterMs + 1);
  const watcher = c.hosts.find((h) => !h.closed)!;
  await until(async () => {
    const hosts = await watcher.system.wts.hosts();
    return hosts.every((h) => h.up === !c.hosts.find((x) => x.name === h.name)!.closed);
  }, 'the hosts to be seen up or down');
}

describe('cluster actions', { skip: pgUnreachable ?? false }, () => {
  it('logoff without wait is forwarded to the owner and returns once marked; with wait once the teardown finished', async () => {
    const c = await cluster();
    const [a, b] = c.hosts;
    const alice = await a!.logon('alice');
    const p = await a!.system.wts.startProgram(alice.caller, 'current', 'ignore-term');
    const onA = b!.system.wts.on('HOSTA');
    // No wait: marked on A (WTSReset), the program still running.
    assert.equal(await onA.logoff(alice.caller, alice.sessionId, { wait: false }), STATUS_SUCCESS);
    assert.deepEqual(b!.forwarded.at(-1), {
      to: 'HOSTA',
      callerHandle: alice.handle,
      call: { op: 'logoff', session: alice.sessionId, wait: false },
    });
    const marked = await onA.getSession(b!.system.trustedCaller, alice.sessionId);
    assert.equal(marked.session?.state, WTSReset);
    assert.ok(a!.processes.alive().includes(p.pid!));
    await graceUntil(c, () => !a!.processes.alive().includes(p.pid!)); // the grace period: SIGKILL
    await a!.system.wts.settled();
    assert.deepEqual(a!.processes.alive(), []);

    // Wait: resolves only after the owner killed the program and deleted the session.
    const bob = await a!.logon('bob');
    const q = await a!.system.wts.startProgram(bob.caller, 'current', 'ignore-term');
    let done = false;
    const logoff = onA.logoff(bob.caller, bob.sessionId, { wait: true }).then((s) => {
      done = true;
      return s;
    });
    await until(() => a!.processes.signals.some((s) => s.pid === q.pid && s.signal === 'SIGTERM'), 'SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(done, false, 'the program ignores SIGTERM: the logoff is not finished');
    await graceUntil(c, () => done);
    assert.equal(await logoff, STATUS_SUCCESS);
    assert.deepEqual(a!.processes.alive(), []);
    assert.equal(
      await a!.system.store.read((tx) => tx.get('wtsSessions', `HOSTA/${bob.sessionId}`)),
      undefined,
      'the session is gone when the waiting logoff returns',
    );
  });

  it("logoff and disconnect of another's session are checked on the owner as the caller", async () => {
    const c = await cluster();
    const [a, b] = c.hosts;
    const alice = await a!.logon('alice');
    const bob = await b!.logon('bob');
    const carol = await b!.logon('carol');
    const onA = b!.system.wts.on('HOSTA');
    const before = await snapshot(a!.system);
    assert.equal(await onA.logoff(bob.caller, alice.sessionId), STATUS_ACCESS_DENIED);
    assert.equal(await onA.disconnect(bob.caller, alice.sessionId), STATUS_ACCESS_DENIED);
    assert.equal(await onA.reset(bob.caller, alice.sessionId), STATUS_ACCESS_DENIED);
    assert.ok((await snapshot(a!.system)) === before, 'no row changed');
    assert.equal(await onA.disconnect(carol.caller, alice.sessionId), STATUS_SUCCESS);
    assert.equal(
      (await a!.system.wts.getSession(carol.caller, alice.sessionId)).session?.state,
      WTSDisconnected,
    );
    assert.equal(b!.forwarded.at(-1)?.callerHandle, carol.handle);
    // A program started through B runs on A, in alice's session: hers, or kernel mode's (SeTcb), not carol's.
    assert.equal(
      (await onA.startProgram(carol.caller, alice.sessionId, 'editor')).status,
      STATUS_ACCESS_DENIED,
    );
    const started = await onA.startProgram(alice.caller, 'current', 'editor', ['a.txt']);
    assert.equal(started.status, STATUS_SUCCESS);
    const system = await onA.startProgram(b!.system.trustedCaller, alice.sessionId, 'shell');
    assert.equal(system.status, STATUS_SUCCESS);
    assert.equal(b!.forwarded.at(-1)?.callerHandle, 0);
    assert.deepEqual(a!.processes.alive().sort(), [started.pid!, system.pid!].sort());
    assert.deepEqual(b!.processes.alive(), []);
    const listed = await onA.listProcesses(alice.caller, { sessionId: 'current' });
    assert.deepEqual(
      listed.processes?.map((p) => [p.pid, p.args]),
      [
        [started.pid, ['a.txt']],
        [system.pid, []],
      ],
    );
  });

  it("a down host: logoff → 1722; an administrator's reset closes its tokens here, the cascade runs once, the rows go", async () => {
    const c = await cluster();
    const [a, b] = c.hosts;
    const alice = await a!.logon('alice');
    const p = await a!.system.wts.startProgram(alice.caller, 'current', 'editor');
    const carol = await b!.logon('carol');
    const bob = await b!.logon('bob');
    // Only the session's own handle and the program's keep alice's logon session alive.
    await b!.system.kernel.closeHandle(alice.handle);
    const terminated: bigint[] = [];
    b!.system.kernel.registerTerminationRoutine((luid) => void terminated.push(luid as bigint));
    await killHost(c, a!);
    const onA = b!.system.wts.on('HOSTA');
    assert.equal(await onA.logoff(carol.caller, alice.sessionId), RPC_NT_SERVER_UNAVAILABLE);
    assert.equal(await onA.disconnect(carol.caller, alice.sessionId), RPC_NT_SERVER_UNAVAILABLE);
    assert.equal(
      (await onA.startProgram(carol.caller, alice.sessionId, 'x')).status,
      RPC_NT_SERVER_UNAVAILABLE,
    );
    // The processes the store recorded are still listed (the host cannot answer).
    const listed = await onA.listProcesses(carol.caller);
    assert.deepEqual(
      listed.processes?.map((x) => x.pid),
      [p.pid],
    );
    // Not bob: no Reset permission on alice's session; nothing changes.
    const before = await snapshot(b!.system);
    assert.equal(await onA.reset(bob.caller, alice.sessionId), STATUS_ACCESS_DENIED);
    assert.equal(await onA.reset(carol.caller, 0), STATUS_ACCESS_DENIED, 'session 0 cannot be reset');
    assert.ok((await snapshot(b!.system)) === before, 'no row changed');
    const seq = await b!.system.events.last();
    assert.equal(await onA.reset(carol.caller, alice.sessionId), STATUS_SUCCESS);
    await b!.system.settled();
    const rows = await b!.system.store.read((tx) => ({
      session: tx.get('wtsSessions', `HOSTA/${alice.sessionId}`),
      processes: tx.scan('processes').filter((x) => x.host === 'HOSTA'),
      tokens: tx.find('tokens', 'logonId', alice.logonId),
      lsa: tx.get('lsaSessions', alice.logonId),
      kernel: tx.get('kernelSessions', alice.logonId),
    }));
    assert.deepEqual(rows, {
      session: undefined,
      processes: [],
      tokens: [],
      lsa: undefined,
      kernel: undefined,
    });
    assert.deepEqual(terminated, [alice.logonId], "B's routine ran once, for alice's logon session");
    const events = await b!.system.events.read({ after: seq, limit: 1000 });
    assert.deepEqual(
      events
        .filter((e) => e.type.startsWith('wts.'))
        .map((e) => [e.type, e.data['sessionId'], e.data['host']]),
      [
        ['wts.logoff', alice.sessionId, 'HOSTA'],
        ['wts.terminate', alice.sessionId, 'HOSTA'],
      ],
    );
    const ended = events.filter((e) => e.type === 'logon-session.terminated');
    assert.deepEqual(
      ended.map((e) => [e.data['logonId'], e.data['cascadeHost']]),
      [[formatLuid(alice.logonId), 'HOSTB']],
    );
    assert.equal(await onA.reset(carol.caller, alice.sessionId), 0xc00a0015, 'gone: 7022');
  });

  it('serveRemote: a wrong key or unknown host is refused, a bad call or closed handle too, all with no change', async () => {
    const c = await cluster();
    const [a, b] = c.hosts;
    const alice = await a!.logon('alice');
    const bob = await b!.logon('bob');
    await b!.system.kernel.closeHandle(bob.handle);
    const before = await snapshot(a!.system);
    const call = { op: 'logoff', session: alice.sessionId, wait: true } as const;
    const serve = a!.system.wts.serveRemote.bind(a!.system.wts);
    assert.deepEqual(
      await serve({ fromHost: 'HOSTB', hostKey: 'not-the-key-of-hostb', callerHandle: 0, call }),
      {
        status: STATUS_ACCESS_DENIED,
      },
    );
    assert.deepEqual(await serve({ fromHost: 'NOWHERE', hostKey: 'x'.repeat(43), callerHandle: 0, call }), {
      status: STATUS_ACCESS_DENIED,
    });
    assert.deepEqual(await serve({ fromHost: 'HOSTB', hostKey: '', callerHandle: 0, call }), {
      status: STATUS_ACCESS_DENIED,
    });
    assert.ok((await snapshot(a!.system)) === before, 'no row changed');
    // With the right key: bad calls and a closed caller handle are refused.
    const keyed = { fromHost: 'HOSTB', hostKey: b!.hostKey };
    const bad: unknown[] = [
      { op: 'logoff', session: -1, wait: true },
      { op: 'logoff', session: alice.sessionId },
      { op: 'logoff', session: alice.sessionId, wait: 'yes' },
      { op: 'disconnect', session: 2 ** 32 },
      { op: 'startProgram', session: alice.sessionId, program: '', args: [] },
      { op: 'startProgram', session: alice.sessionId, program: 'x', args: [1] },
      { op: 'listProcesses', session: 'current' },
      { op: 'shutdown' },
      null,
    ];
    for (const call of bad)
      assert.deepEqual(
        await serve({ ...keyed, callerHandle: 0, call: call as never }),
        { status: STATUS_INVALID_PARAMETER },
        JSON.stringify(call),
      );
    assert.deepEqual(await serve({ ...keyed, callerHandle: -1, call }), { status: STATUS_INVALID_PARAMETER });
    assert.deepEqual(await serve({ ...keyed, callerHandle: 'x' as never, call }), {
      status: STATUS_INVALID_PARAMETER,
    });
    assert.deepEqual(await serve({ ...keyed, callerHandle: bob.handle, call }), {
      status: STATUS_INVALID_HANDLE,
    });
    assert.equal(await b!.system.wts.on('HOSTA').logoff(bob.caller, alice.sessionId), STATUS_INVALID_HANDLE);
    assert.ok((await snapshot(a!.system)) === before, 'no row changed');
    // The right key, an open handle and a good call run as the caller.
    const listed = await serve({ ...keyed, callerHandle: alice.handle, call: { op: 'listProcesses' } });
    assert.equal(listed.status, STATUS_SUCCESS);
    assert.ok(Array.isArray(listed.value));
  });

  it('token.handle-closed is appended with every CloseHandle in cluster mode only', async () => {
    const c = await cluster({ names: ['HOSTA', 'HOSTB'], withoutCluster: ['HOSTB'] });
    const [a, b] = c.hosts;
    const alice = await a!.logon('alice');
    const dup = await a!.system.kernel.duplicateHandle(alice.handle, { holder: 'test' });
    const seq = await a!.system.events.last();
    assert.equal(await a!.system.kernel.closeHandle(dup.handle!.id), STATUS_SUCCESS);
    const bob = await b!.logon('bob');
    const seq2 = await b!.system.events.last();
    assert.equal(await b!.system.kernel.closeHandle(bob.handle), STATUS_SUCCESS);
    const closed = await a!.system.events.read({ after: seq, types: ['token.handle-closed'] });
    assert.deepEqual(
      closed.map((e) => e.data),
      [{ handle: dup.handle!.id, tokenId: dup.token!.id, logonId: formatLuid(alice.logonId) }],
      'HOSTB has no cluster options: its close appends nothing',
    );
    assert.ok(closed[0]!.seq > seq && closed[0]!.seq <= seq2);
  });
});
