import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  STATUS_ACCESS_DENIED,
  STATUS_CTX_WINSTATION_NOT_FOUND,
  STATUS_INVALID_PARAMETER,
  STATUS_SUCCESS,
} from '../nt/ntstatus.ts';
import { createWtsTestSystem } from './_test-wts.ts';
import { WTSActive, WTSConnected, WTSDisconnected, WTSShadow } from './connect-state.ts';

describe('WTS disconnect', () => {
  it('disconnect of one own session keeps the user and the logon session; no cascade (spec test 65)', async () => {
    const t = await createWtsTestSystem();
    const alice = await t.logon('alice');
    const before = await t.system.events.last();
    t.clock.advance(500);
    assert.equal(await t.system.wts.disconnect(alice.caller, 'current'), STATUS_SUCCESS);
    const s = (await t.system.wts.getSession(alice.caller, alice.sessionId)).session!;
    assert.deepEqual(
      [s.state, s.userName, s.winStationName, s.disconnectTime],
      [WTSDisconnected, 'alice', '', t.clock.now()],
    );
    assert.deepEqual(await t.wtsEvents(before), [
      { type: 'wts.remote-disconnect', sessionId: alice.sessionId },
    ]);
    await t.system.settled();
    assert.deepEqual(t.probe.terminated, []);
    assert.ok((await t.system.lsa.enumerateLogonSessions()).includes(alice.logonId));
    assert.equal((await t.system.kernel.holdersOf(alice.logonId)).length, 1);
    assert.equal(
      await t.system.wts.disconnect(alice.caller, alice.sessionId),
      STATUS_SUCCESS,
      'again: nothing to do',
    );
    assert.deepEqual(await t.wtsEvents(before), [
      { type: 'wts.remote-disconnect', sessionId: alice.sessionId },
    ]);
    await t.system.close();
  });

  it("disconnect of another user's session needs Disconnect (0x200): 5 without it, unchanged", async () => {
    const t = await createWtsTestSystem();
    const alice = await t.logon('alice');
    const bob = await t.logon('bob');
    const rows = await t.rows();
    assert.equal(await t.system.wts.disconnect(bob.caller, alice.sessionId), STATUS_ACCESS_DENIED);
    assert.deepEqual(await t.rows(), rows);
    const carol = await t.logon('carol');
    assert.equal(await t.system.wts.disconnect(carol.caller, alice.sessionId), STATUS_SUCCESS);
    await t.system.close();
  });

  it('disconnect of a session with nobody logged on gives 5; of a missing one 7022', async () => {
    const t = await createWtsTestSystem();
    for (const id of [0, 1, 65536])
      assert.equal(await t.system.wts.disconnect(t.system.trustedCaller, id), STATUS_ACCESS_DENIED);
    assert.equal(await t.system.wts.disconnect(t.system.trustedCaller, 9), STATUS_CTX_WINSTATION_NOT_FOUND);
    await t.system.close();
  });

  it('disconnect of the console session leaves a fresh logon screen on the console', async () => {
    const t = await createWtsTestSystem();
    const alice = await t.logon('alice', { station: 'Console' });
    const before = await t.system.events.last();
    await t.system.wts.disconnect(alice.caller, 'current');
    assert.deepEqual(await t.wtsEvents(before), [
      { type: 'wts.console-disconnect', sessionId: 1 },
      { type: 'wts.create', sessionId: 2 },
      { type: 'wts.console-connect', sessionId: 2 },
    ]);
    const rows = await t.rows();
    assert.equal(rows.find((r) => r.sessionId === 2)?.state, WTSConnected);
    await t.system.close();
  });
});

describe('WTS shadowing and input', () => {
  it('shadowing needs Remote Control on the target; the shadowing session is WTSShadow until it stops', async () => {
    const t = await createWtsTestSystem();
    const alice = await t.logon('alice');
    const bob = await t.logon('bob');
    const carol = await t.logon('carol');
    assert.equal(await t.system.wts.shadow(bob.caller, alice.sessionId), STATUS_ACCESS_DENIED);
    assert.equal(await t.system.wts.shadow(carol.caller, carol.sessionId), STATUS_INVALID_PARAMETER);
    const before = await t.system.events.last();
    assert.equal(await t.system.wts.shadow(carol.caller, alice.sessionId), STATUS_SUCCESS);
    assert.equal((await t.system.wts.getSession(carol.caller, 'current')).session?.state, WTSShadow);
    assert.deepEqual(await t.wtsEvents(before), [{ type: 'wts.remote-control', sessionId: alice.sessionId }]);
    assert.equal(await t.system.wts.stopShadow(carol.caller), STATUS_SUCCESS);
    assert.equal((await t.system.wts.getSession(carol.caller, 'current')).session?.state, WTSActive);
    await t.system.close();
  });

  it('input moves LastInputTime, at most once a second', async () => {
    const t = await createWtsTestSystem();
    const alice = await t.logon('alice');
    const start = t.clock.now();
    t.clock.advance(400);
    await t.system.wts.recordInput(alice.sessionId);
    assert.equal((await t.system.wts.getSession(alice.caller, 'current')).session?.lastInputTime, start);
    t.clock.advance(700);
    await t.system.wts.recordInput(alice.sessionId);
    const s = (await t.system.wts.getSession(alice.caller, 'current')).session!;
    assert.deepEqual([s.lastInputTime, s.idleMs], [start + 1100, 0]);
    await t.system.close();
  });
});
