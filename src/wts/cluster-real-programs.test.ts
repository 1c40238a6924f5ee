/**
 * Cluster mode with real processes and the real clock (PostgreSQL): a waiting logoff forwarded to
 * the owner resolves only after the owner's teardown finished — its program, which ignores
 * SIGTERM, killed after the grace period and the session deleted.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { systemClock } from '../nt/clock.ts';
import { STATUS_SUCCESS } from '../nt/ntstatus.ts';
import { createTestCluster, pgUnreachable } from './_test-cluster.ts';
import { createNodeProcessHost, readProcessStat } from './node-process-host.ts';

const noProc = readProcessStat(process.pid) === undefined ? 'needs /proc' : false;

describe('cluster logoff of real programs', { skip: pgUnreachable ?? noProc }, () => {
  it('a waiting logoff through another host returns after the owner killed a program that ignores SIGTERM', async () => {
    const real = createNodeProcessHost();
    const c = await createTestCluster({
      clock: systemClock,
      gracePeriodMs: 300,
      processHost: (name) => (name === 'HOSTA' ? real : undefined),
    });
    const [a, b] = c.hosts;
    const alice = await a!.logon('alice');
    const p = await a!.system.wts.startProgram(alice.caller, 'current', 'sh', [
      '-c',
      'trap "" TERM; sleep 30',
    ]);
    assert.equal(p.status, STATUS_SUCCESS);
    after(() => void real.signalGroup(p.pid!, 'SIGKILL'));
    const started = Date.now();
    assert.equal(
      await b!.system.wts.on('HOSTA').logoff(alice.caller, alice.sessionId, { wait: true }),
      STATUS_SUCCESS,
    );
    const took = Date.now() - started;
    assert.ok(took >= 250, `the logoff waited for the grace period (${took} ms)`);
    assert.equal(real.isAlive(p.pid!, p.startTime!), false, 'the program is gone');
    const left = await b!.system.store.read((tx) => ({
      session: tx.get('wtsSessions', `HOSTA/${alice.sessionId}`),
      processes: tx.scan('processes').filter((r) => r.host === 'HOSTA'),
    }));
    assert.deepEqual(left, { session: undefined, processes: [] });
  });
});
