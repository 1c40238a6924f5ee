/**
 * Termination routines across the cluster (PostgreSQL): a routine registered on one system runs
 * exactly once for a session another system's cascade terminated, in event order, with the local
 * cascade's failure and deadline handling; the terminating system's own routine runs once too.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NtError } from '../nt/nt-error.ts';
import { RPC_NT_SERVER_UNAVAILABLE } from '../nt/ntstatus.ts';
import { createSystem } from '../system.ts';
import { createFakeProcessHost } from '../wts/_fake-process-host.ts';
import { createTestCluster, pgUnreachable } from '../wts/_test-cluster.ts';

async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('termination routines of other hosts', { skip: pgUnreachable ?? false }, () => {
  it('a routine registered on B (and on C) runs exactly once when a session is closed on A; A runs its own once', async () => {
    const c = await createTestCluster({ names: ['HOSTA', 'HOSTB', 'HOSTC'] });
    const [a, b, h3] = c.hosts;
    const calls: Record<string, bigint[]> = { HOSTA: [], HOSTB: [], HOSTC: [] };
    for (const h of c.hosts)
      h.system.kernel.registerTerminationRoutine((luid) => void calls[h.name]!.push(luid as bigint));
    const alice = await a!.logon('alice');
    const bob = await a!.logon('bob');
    // alice's logon session ends on A: logoff, then her own handle closed.
    await a!.system.wts.logoff(alice.caller, 'current', { wait: true });
    await a!.system.kernel.closeHandle(alice.handle);
    await a!.system.settled();
    assert.deepEqual(calls['HOSTA'], [alice.logonId]);
    await until(
      () => calls['HOSTB']!.length === 1 && calls['HOSTC']!.length === 1,
      'B and C to run their routines',
    );
    // bob's ends through B: his last handle is closed there, so B runs the cascade and A and C follow.
    await a!.system.wts.logoff(bob.caller, 'current', { wait: true });
    await b!.system.kernel.closeHandle(bob.handle);
    await b!.system.settled();
    await until(
      () => calls['HOSTA']!.length === 2 && calls['HOSTC']!.length === 2,
      'A and C to run their routines',
    );
    // Nothing more arrives: each host heard each LUID once, in event order.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await Promise.all(c.hosts.map((h) => h.system.settled()));
    assert.deepEqual(calls, {
      HOSTA: [alice.logonId, bob.logonId],
      HOSTB: [alice.logonId, bob.logonId],
      HOSTC: [alice.logonId, bob.logonId],
    });
    assert.equal(h3!.system.stats().routineCalls, 2);
    assert.equal(h3!.system.stats().started, 0, 'C ran no cascade of its own');
  });

  it('a failing or slow routine on B is logged and counted as in a local cascade; the next terminations still run', async () => {
    const c = await createTestCluster();
    const [a, b] = c.hosts;
    const seen: bigint[] = [];
    b!.system.kernel.registerTerminationRoutine((luid) => void seen.push(luid as bigint));
    b!.system.kernel.registerTerminationRoutine(() => {
      throw new Error('routine broke');
    });
    const alice = await a!.logon('alice');
    await a!.system.wts.logoff(alice.caller, 'current', { wait: true });
    await a!.system.kernel.closeHandle(alice.handle);
    const bob = await a!.logon('bob');
    await a!.system.wts.logoff(bob.caller, 'current', { wait: true });
    await a!.system.kernel.closeHandle(bob.handle);
    await until(() => seen.length === 2, 'both terminations on B');
    assert.deepEqual(seen, [alice.logonId, bob.logonId]);
    assert.equal(b!.system.stats().routineFailures, 2);
    assert.equal(b!.warnings.filter((w) => w.startsWith('termination routine failed')).length, 2);
  });

  it('terminations committed before a system started are not replayed to it', async () => {
    const c = await createTestCluster();
    const [a] = c.hosts;
    const alice = await a!.logon('alice');
    await a!.system.wts.logoff(alice.caller, 'current', { wait: true });
    await a!.system.kernel.closeHandle(alice.handle);
    await a!.system.settled();
    const late = await createTestCluster({ names: ['HOSTD'], schemaOf: c });
    const calls: bigint[] = [];
    late.hosts[0]!.system.kernel.registerTerminationRoutine((luid) => void calls.push(luid as bigint));
    const bob = await a!.logon('bob');
    await a!.system.wts.logoff(bob.caller, 'current', { wait: true });
    await a!.system.kernel.closeHandle(bob.handle);
    await until(() => calls.length === 1, 'the new termination on D');
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(calls, [bob.logonId]);
  });
});

describe('the terminated event', () => {
  for (const cluster of [false, true]) {
    it(`${cluster ? 'names the cascade host and the mark in cluster mode' : 'is unchanged without cluster mode'}`, async () => {
      const system = await createSystem({
        computerName: 'SOLO',
        wts: { processHost: createFakeProcessHost() },
        ...(cluster
          ? {
              cluster: {
                address: 'http://127.0.0.1:1',
                hostKey: 'k'.repeat(43),
                link: { call: () => Promise.reject(new NtError(RPC_NT_SERVER_UNAVAILABLE)) },
              },
            }
          : {}),
      });
      const k = system.kernel;
      const logonId = await k.allocateLocallyUniqueId();
      await k.createLogonSession(logonId);
      await k.markForTerminationNotification(logonId);
      const t = await k.createToken(
        {
          logonId,
          type: 1,
          impersonationLevel: 2,
          user: 'S-1-5-18',
          groups: [],
          privileges: [],
          sessionId: 0,
          source: 'test',
        },
        { holder: 'test' },
      );
      await k.closeHandle(t.handle!.id);
      await system.settled();
      const [event] = await system.events.read({ types: ['logon-session.terminated'] });
      assert.equal(event?.data['cascadeHost'], cluster ? 'SOLO' : undefined);
      assert.equal(event?.data['marked'], cluster ? true : undefined);
      assert.equal('cascadeHost' in event!.data, cluster);
      await system.close();
    });
  }
});
