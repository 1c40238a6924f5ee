/**
 * Cluster mode on PostgreSQL, reads: the hosts and their heartbeat, another host's sessions read
 * from the shared store with the caller's access, WTSDown once a host stops heartbeating, and
 * unknown hosts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ManualClock } from '../nt/clock.ts';
import { NtError } from '../nt/nt-error.ts';
import {
  RPC_NT_SERVER_UNAVAILABLE,
  STATUS_ACCESS_DENIED,
  STATUS_CTX_WINSTATION_NOT_FOUND,
  STATUS_SUCCESS,
} from '../nt/ntstatus.ts';
import { createTestCluster, pgUnreachable, type TestCluster } from './_test-cluster.ts';
import { WTSActive, WTSDown } from './connect-state.ts';
import type { ClusterHostRow } from './host-registry.ts';

const cluster = createTestCluster;

describe('cluster hosts and reads', { skip: pgUnreachable ?? false }, () => {
  it('each host registers its address, key hash (never the key) and start; hosts() lists every host, up, self marked', async () => {
    const c = await cluster({ names: ['HOSTA', 'HOSTB', 'HOSTC'] });
    const [a, b] = c.hosts;
    const list = await b!.system.wts.hosts();
    assert.deepEqual(
      list.map((h) => [h.name, h.address, h.up, h.self]),
      [
        ['HOSTA', 'inproc://hosta', true, false],
        ['HOSTB', 'inproc://hostb', true, true],
        ['HOSTC', 'inproc://hostc', true, false],
      ],
    );
    const row = (await a!.system.store.read((tx) => tx.get('hosts', 'HOSTA'))) as ClusterHostRow;
    assert.match(row.keyHash ?? '', /^[0-9a-f]{64}$/);
    assert.ok(!JSON.stringify(row).includes('base64'), 'no key in the row');
    assert.equal(row.startedAt, row.heartbeatAt);
  });

  it('a host whose heartbeat stops is down after downAfterMs; the others stay up; its sessions show WTSDown', async () => {
    const c = await cluster({ heartbeatMs: 1000, downAfterMs: 5000 });
    const clock = c.clock as ManualClock;
    const [a, b] = c.hosts;
    const alice = await a!.logon('alice');
    const before = (await b!.system.wts.on('HOSTA').getSession(b!.system.trustedCaller, alice.sessionId))
      .session;
    assert.equal(before?.state, WTSActive);
    // The heartbeat moves with the clock: after 4 s both are still up.
    clock.advance(4000);
    await settleHeartbeats(c);
    assert.deepEqual(
      (await b!.system.wts.hosts()).map((h) => h.up),
      [true, true],
    );
    const beatAt = (await b!.system.wts.hosts()).find((h) => h.name === 'HOSTA')!.heartbeatAt;
    assert.equal(beatAt, clock.now(), 'the heartbeat wrote the current time');
    await a!.close();
    clock.advance(5001);
    await settleHeartbeats(c);
    const hosts = await b!.system.wts.hosts();
    assert.deepEqual(
      hosts.map((h) => [h.name, h.up]),
      [
        ['HOSTA', false],
        ['HOSTB', true],
      ],
    );
    const down = await b!.system.wts.on('hosta').getSession(b!.system.trustedCaller, alice.sessionId);
    assert.equal(down.session?.state, WTSDown);
    assert.equal(down.session?.stateName, 'WTSDown');
    const everywhere = await b!.system.wts.listClusterSessions(b!.system.trustedCaller);
    assert.ok(everywhere.filter((s) => s.host === 'HOSTA').every((s) => s.state === WTSDown));
    assert.ok(everywhere.filter((s) => s.host === 'HOSTB').every((s) => s.state !== WTSDown));
  });

  it("another host's sessions: enumerate and query with the caller's access, as on the owner", async () => {
    const c = await cluster();
    const [a, b] = c.hosts;
    const alice = await a!.logon('alice');
    const bob = await b!.logon('bob');
    const carol = await b!.logon('carol');
    const onA = b!.system.wts.on('HOSTA');
    assert.equal(onA.name, 'HOSTA');
    // alice (on A) through B sees her own session; bob sees none of A's user sessions.
    const asAlice = await onA.listSessions(alice.caller);
    const own = asAlice.find((s) => s.sessionId === alice.sessionId);
    assert.equal(own?.userName, 'alice');
    assert.equal(own?.host, 'HOSTA');
    assert.equal(own?.current, true, "alice's token belongs to this session of HOSTA");
    const asBob = await onA.listSessions(bob.caller);
    assert.equal(
      asBob.find((s) => s.sessionId === alice.sessionId),
      undefined,
    );
    assert.deepEqual(await onA.listSessions(bob.caller), await a!.system.wts.listSessions(bob.caller));
    assert.equal((await onA.getSession(bob.caller, alice.sessionId)).status, STATUS_ACCESS_DENIED);
    assert.equal((await onA.getSession(bob.caller, 777)).status, STATUS_CTX_WINSTATION_NOT_FOUND);
    // The administrator sees everything, as on the owner.
    const asCarol = await onA.getSession(carol.caller, alice.sessionId);
    assert.equal(asCarol.status, STATUS_SUCCESS);
    assert.equal(asCarol.session?.userName, 'alice');
    assert.equal(asCarol.session?.current, false);
    const holders = await onA.holders(carol.caller, alice.sessionId);
    assert.equal(holders.status, STATUS_SUCCESS);
    assert.ok(holders.holders!.length >= 1);
    assert.equal((await onA.holders(bob.caller, alice.sessionId)).status, STATUS_ACCESS_DENIED);
    // Processes come from the owner (its own process included).
    await a!.system.wts.startProgram(alice.caller, 'current', 'editor', ['x.txt']);
    const procs = await onA.listProcesses(carol.caller);
    assert.equal(procs.status, STATUS_SUCCESS);
    assert.deepEqual(
      procs.processes!.map((p) => [p.sessionId, p.program]),
      (await a!.system.wts.listProcesses(carol.caller)).processes!.map((p) => [p.sessionId, p.program]),
    );
    assert.equal(
      (await onA.listProcesses(bob.caller, { sessionId: alice.sessionId })).status,
      STATUS_ACCESS_DENIED,
    );
    // Across the cluster: each host's, with its host, only what the caller may query.
    const all = await b!.system.wts.listClusterSessions(bob.caller);
    assert.ok(all.some((s) => s.host === 'HOSTB' && s.sessionId === bob.sessionId && s.current));
    assert.ok(!all.some((s) => s.userName === 'alice' || s.userName === 'carol'));
    const everything = await b!.system.wts.listClusterSessions(carol.caller);
    assert.deepEqual(
      everything.filter((s) => s.userName !== '').map((s) => [s.host, s.userName]),
      [
        ['HOSTA', 'alice'],
        ['HOSTB', 'bob'],
        ['HOSTB', 'carol'],
      ],
    );
  });

  it('names of this host give the local server; an unknown host answers RPC_NT_SERVER_UNAVAILABLE (1722) everywhere', async () => {
    const c = await cluster();
    const [, b] = c.hosts;
    const t = b!.system.trustedCaller;
    for (const name of [undefined, '', '.', 'localhost', 'hostb', 'HOSTB', '\\\\HOSTB'])
      assert.equal(b!.system.wts.on(name).name, 'HOSTB', String(name));
    const nowhere = b!.system.wts.on('NOWHERE');
    await assert.rejects(
      nowhere.listSessions(t),
      (e: unknown) => e instanceof NtError && e.status === RPC_NT_SERVER_UNAVAILABLE && e.win32 === 1722,
    );
    assert.equal((await nowhere.getSession(t, 1)).status, RPC_NT_SERVER_UNAVAILABLE);
    assert.equal(await nowhere.logoff(t, 2), RPC_NT_SERVER_UNAVAILABLE);
    assert.equal(await nowhere.disconnect(t, 2), RPC_NT_SERVER_UNAVAILABLE);
    assert.equal(await nowhere.reset(t, 2), RPC_NT_SERVER_UNAVAILABLE);
    assert.equal((await nowhere.startProgram(t, 2, 'x')).status, RPC_NT_SERVER_UNAVAILABLE);
    assert.equal((await nowhere.listProcesses(t)).status, RPC_NT_SERVER_UNAVAILABLE);
    assert.equal((await nowhere.holders(t, 2)).status, RPC_NT_SERVER_UNAVAILABLE);
    await assert.rejects(b!.system.wts.on('HOSTA').getSession(t, -1 as never), NtError);
    // 'current' names the caller's own session only on the host it logged on to.
    const bob = await b!.logon('bob');
    const onA = b!.system.wts.on('HOSTA');
    assert.equal((await onA.getSession(bob.caller, 'current')).status, STATUS_CTX_WINSTATION_NOT_FOUND);
    assert.equal(await onA.logoff(bob.caller, 'current'), STATUS_CTX_WINSTATION_NOT_FOUND);
    assert.equal(
      (await b!.system.wts.on('HOSTB').getSession(bob.caller, 'current')).session?.userName,
      'bob',
    );
    const [a] = c.hosts;
    const alice = await a!.logon('alice');
    const own = await onA.getSession(alice.caller, 'current');
    assert.equal(own.session?.sessionId, alice.sessionId);
    assert.equal(own.session?.current, true);
  });
});

/** Waits until every open host's heartbeat has written the clock's current time (the writes a clock advance started). */
async function settleHeartbeats(c: TestCluster): Promise<void> {
  const now = c.clock.now();
  const open = c.hosts.filter((h) => !h.closed);
  const deadline = Date.now() + 5000;
  for (;;) {
    const hosts = await open[0]!.system.wts.hosts();
    if (open.every((h) => hosts.find((x) => x.name === h.name)?.heartbeatAt === now)) return;
    if (Date.now() > deadline) throw new Error('the heartbeats did not land');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
