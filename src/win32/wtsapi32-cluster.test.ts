/**
 * The WTS functions against other session hosts of a cluster (PostgreSQL): WTSOpenServer of a
 * registered host, enumeration and query through its handle with the caller's access, logoff
 * forwarded to the owner, WTSEnumerateServers, and 1722 for unknown or down hosts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ManualClock, systemClock } from '../nt/clock.ts';
import { createTestCluster, pgUnreachable } from '../wts/_test-cluster.ts';
import { WTSActive, WTSDown } from '../wts/connect-state.ts';
import { ref } from './ref.ts';
import { WTSUserName } from './wts-constants.ts';
import type { WTS_SESSION_INFO } from './wtsapi32.ts';

describe('WTS functions across the cluster', { skip: pgUnreachable ?? false }, () => {
  it('WTSOpenServerW(other host) + WTSEnumerateSessionsW, WTSQuerySessionInformationW and WTSLogoffSession through it', async () => {
    const c = await createTestCluster();
    const [a, b] = c.hosts;
    const alice = await a!.logon('alice');
    const bob = await b!.logon('bob');
    const carol = await b!.logon('carol');
    await b!.system.wts.hosts(); // B learns of A (as its heartbeat would)
    const asCarol = b!.system.win32(carol.handle);
    const h = asCarol.WTSOpenServerW('hosta');
    assert.notEqual(h, 0);
    assert.equal(asCarol.GetLastError(), 0);
    const list = ref<WTS_SESSION_INFO[]>();
    const count = ref<number>();
    assert.equal(await asCarol.WTSEnumerateSessionsW(h, 0, 1, list, count), true);
    const mine = await a!.system.wts.listSessions(carol.caller);
    assert.deepEqual(
      list.value?.map((s) => [s.SessionId, s.State]),
      mine.map((s) => [s.sessionId, s.state]),
    );
    assert.ok(list.value?.some((s) => s.SessionId === alice.sessionId && s.State === WTSActive));
    const name = ref<unknown>();
    const bytes = ref<number>();
    assert.equal(
      await asCarol.WTSQuerySessionInformationW(h, alice.sessionId, WTSUserName, name, bytes),
      true,
    );
    assert.equal(name.value, 'alice');
    // bob may not query alice's session: not listed, and 5 on a query.
    const asBob = b!.system.win32(bob.handle);
    const hb = asBob.WTSOpenServerA('HOSTA');
    assert.equal(await asBob.WTSEnumerateSessionsA(hb, 0, 1, list, count), true);
    assert.ok(!list.value?.some((s) => s.SessionId === alice.sessionId));
    assert.equal(
      await asBob.WTSQuerySessionInformationW(hb, alice.sessionId, WTSUserName, name, bytes),
      false,
    );
    assert.equal(asBob.GetLastError(), 5);
    assert.equal(await asBob.WTSLogoffSession(hb, alice.sessionId, true), false);
    assert.equal(asBob.GetLastError(), 5);
    // carol logs alice off on A, waiting.
    assert.equal(await asCarol.WTSLogoffSession(h, alice.sessionId, true), true);
    assert.equal(
      await a!.system.store.read((tx) => tx.get('wtsSessions', `HOSTA/${alice.sessionId}`)),
      undefined,
    );
    assert.deepEqual(b!.forwarded.at(-1), {
      to: 'HOSTA',
      callerHandle: carol.handle,
      call: { op: 'logoff', session: alice.sessionId, wait: true },
    });
    assert.equal(await asCarol.WTSLogoffSession(h, alice.sessionId, true), false);
    assert.equal(asCarol.GetLastError(), 7022);
  });

  it('WTSEnumerateServersW/A list every host; an unknown host gives 0 and 1722; a down host 1722 on actions, WTSDown on reads', async () => {
    const c = await createTestCluster({ names: ['HOSTA', 'HOSTB', 'HOSTC'] });
    const [a, b] = c.hosts;
    const alice = await a!.logon('alice');
    const api = b!.system.win32();
    const servers = ref<{ pServerName: string }[]>();
    const count = ref<number>();
    assert.equal(await api.WTSEnumerateServersW(null, 0, 1, servers, count), true);
    assert.deepEqual(
      servers.value?.map((s) => s.pServerName),
      ['HOSTA', 'HOSTB', 'HOSTC'],
    );
    assert.equal(count.value, 3);
    assert.equal(await api.WTSEnumerateServersA('WORKGROUP', 0, 1, servers, count), true);
    assert.equal(count.value, 3);
    for (const bad of [
      () => api.WTSEnumerateServersW(null, 1, 1, servers, count),
      () => api.WTSEnumerateServersW(null, 0, 2, servers, count),
      () => api.WTSEnumerateServersW(null, 0, 1, null, count),
      () => api.WTSEnumerateServersW(null, 0, 1, servers, null),
    ]) {
      assert.equal(await bad(), false);
      assert.equal(api.GetLastError(), 87);
    }
    assert.equal(api.WTSOpenServerW('NOWHERE'), 0);
    assert.equal(api.GetLastError(), 1722);
    const h = api.WTSOpenServerExW('\\\\HOSTA');
    assert.notEqual(h, 0);
    await a!.close();
    (c.clock as ManualClock).advance(5001);
    const deadline = Date.now() + 5000;
    while ((await b!.system.wts.hosts()).find((x) => x.name === 'HOSTA')?.up !== false) {
      assert.ok(Date.now() < deadline, 'HOSTA is seen down');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.equal(await api.WTSLogoffSession(h, alice.sessionId, false), false);
    assert.equal(api.GetLastError(), 1722);
    assert.equal(await api.WTSDisconnectSession(h, alice.sessionId, false), false);
    assert.equal(api.GetLastError(), 1722);
    const list = ref<WTS_SESSION_INFO[]>();
    assert.equal(await api.WTSEnumerateSessionsW(h, 0, 1, list, count), true);
    assert.ok(list.value!.length > 0);
    assert.ok(list.value!.every((s) => s.State === WTSDown));
  });

  it('a host started after this one opens with WTSOpenServer soon after its first events, before any heartbeat', async () => {
    // Heartbeats an hour apart: only the store's event announcements can tell HOSTA of HOSTC.
    const first = await createTestCluster({
      names: ['HOSTA'],
      clock: systemClock,
      heartbeatMs: 3_600_000,
      downAfterMs: 7_200_000,
    });
    const [a] = first.hosts;
    const api = a!.system.win32(0);
    assert.equal(api.WTSOpenServerW('HOSTC'), 0);
    assert.equal(api.GetLastError(), 1722);
    await createTestCluster({
      names: ['HOSTC'],
      schemaOf: first,
      heartbeatMs: 3_600_000,
      downAfterMs: 7_200_000,
    });
    const deadline = Date.now() + 2000;
    let h = api.WTSOpenServerW('hostc');
    while (h === 0) {
      assert.ok(Date.now() < deadline, 'HOSTA learns of HOSTC within 2 s');
      await new Promise((resolve) => setTimeout(resolve, 10));
      h = api.WTSOpenServerW('hostc');
    }
    const list = ref<WTS_SESSION_INFO[]>();
    const count = ref<number>();
    assert.equal(await api.WTSEnumerateSessionsW(h, 0, 1, list, count), true);
    assert.ok((count.value ?? 0) > 0);
  });
});
