import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isNtError } from '../nt/nt-error.ts';
import {
  STATUS_ACCESS_DENIED,
  STATUS_INVALID_PARAMETER,
  STATUS_LOGON_FAILURE,
  STATUS_SUCCESS,
  STATUS_WRONG_PASSWORD,
} from '../nt/ntstatus.ts';
import { createWtsTestSystem } from './_test-wts.ts';
import { WTSActive, WTSConnected, WTSDisconnected } from './connect-state.ts';

describe('WTS logon', () => {
  it('a console logon puts the user on the console session, which keeps its own handle to the token', async () => {
    const t = await createWtsTestSystem();
    const before = await t.system.events.last();
    const alice = await t.logon('alice', { station: 'Console' });
    assert.equal(alice.sessionId, 1);
    assert.equal(alice.caller.sessionId, 1);
    const s = (await t.system.wts.getSession(alice.caller, 'current')).session!;
    assert.deepEqual(
      [s.winStationName, s.state, s.userName, s.domain, s.protocolType],
      ['Console', WTSActive, 'alice', 'TESTHOST', 0],
    );
    assert.deepEqual(await t.wtsEvents(before), [{ type: 'wts.logon', sessionId: 1 }]);
    const holders = await t.system.kernel.holdersOf(alice.logonId);
    assert.equal(holders.length, 1, 'one token object: the session copy and the caller share it');
    assert.equal(holders[0]!.token.source, 'logon');
    assert.deepEqual(holders[0]!.handles.map((h) => h.holder).sort(), ['client', 'wts:1']);
    const lsa = await t.system.lsa.getLogonSessionData(t.system.trustedCaller, alice.logonId);
    assert.deepEqual([lsa.data?.logonType, lsa.data?.session], [2, 1]);
    await t.system.close();
  });

  it('an RDP logon opens RDP-Tcp#N at the lowest free id >= 2 and reuses ids after logoff (D9)', async () => {
    const t = await createWtsTestSystem();
    const before = await t.system.events.last();
    const alice = await t.logon('alice', { clientName: 'LAPTOP', clientAddress: '192.0.2.7' });
    const bob = await t.logon('bob');
    assert.deepEqual([alice.sessionId, bob.sessionId], [2, 3]);
    const s = (await t.system.wts.getSession(alice.caller, 'current')).session!;
    assert.deepEqual(
      [s.winStationName, s.state, s.protocolType, s.clientName, s.clientAddress],
      ['RDP-Tcp#0', WTSActive, 2, 'LAPTOP', '192.0.2.7'],
    );
    const lsa = await t.system.lsa.getLogonSessionData(t.system.trustedCaller, alice.logonId);
    assert.equal(lsa.data?.logonType, 10);
    assert.deepEqual((await t.wtsEvents(before)).slice(0, 3), [
      { type: 'wts.create', sessionId: 2 },
      { type: 'wts.remote-connect', sessionId: 2 },
      { type: 'wts.logon', sessionId: 2 },
    ]);
    assert.equal(await t.system.wts.logoff(alice.caller, 'current'), STATUS_SUCCESS);
    const carol = await t.logon('carol');
    assert.equal(carol.sessionId, 2);
    await t.system.close();
  });

  it('a failed logon returns the LSA status and changes no WTS state', async () => {
    const t = await createWtsTestSystem();
    const rows = await t.rows();
    const before = await t.system.events.last();
    const r = await t.system.wts.logon({ userName: 'alice', password: 'wrong' });
    assert.deepEqual(
      [r.status, r.subStatus, r.sessionId],
      [STATUS_LOGON_FAILURE, STATUS_WRONG_PASSWORD, undefined],
    );
    assert.deepEqual(await t.rows(), rows);
    assert.deepEqual(await t.wtsEvents(before), []);
    const next = await t.logon('alice');
    assert.equal(next.sessionId, 2, 'the id promised to the failed logon is free again');
    await t.system.close();
  });

  it('a user with a disconnected session is reconnected to it; the logon session of the new credentials ends', async () => {
    const t = await createWtsTestSystem();
    const first = await t.logon('alice');
    assert.equal(await t.system.wts.disconnect(first.caller, 'current'), STATUS_SUCCESS);
    const before = await t.system.events.last();
    const again = await t.system.wts.logon({
      userName: 'alice',
      password: 'pw-alice',
      clientName: 'PHONE',
      bearer: true,
    });
    assert.deepEqual(
      [again.status, again.sessionId, again.reconnected, again.logonId],
      [STATUS_SUCCESS, first.sessionId, true, first.logonId],
    );
    assert.equal(typeof again.secret, 'string');
    const s = (await t.system.wts.getSession(first.caller, first.sessionId)).session!;
    assert.deepEqual([s.state, s.winStationName, s.clientName], [WTSActive, 'RDP-Tcp#1', 'PHONE']);
    assert.deepEqual(await t.wtsEvents(before), [{ type: 'wts.remote-connect', sessionId: first.sessionId }]);
    await t.system.settled();
    assert.equal(
      t.probe.terminated.length,
      1,
      'the credential check made a logon session that ended at once',
    );
    assert.notEqual(t.probe.terminated[0], first.logonId);
    assert.deepEqual((await t.rows()).filter((r) => r.userName === 'alice').length, 1);
    await t.system.close();
  });

  it('one session per user takes an active session over from its old client; with the option off a second session opens', async () => {
    const t = await createWtsTestSystem();
    const a = await t.logon('alice', { clientName: 'ONE' });
    const before = await t.system.events.last();
    const b = await t.logon('alice', { clientName: 'TWO' });
    assert.equal(b.sessionId, a.sessionId);
    assert.deepEqual(await t.wtsEvents(before), [
      { type: 'wts.remote-disconnect', sessionId: a.sessionId },
      { type: 'wts.remote-connect', sessionId: a.sessionId },
    ]);
    await t.system.close();
    const u = await createWtsTestSystem({ wts: { singleSessionPerUser: false } });
    const x = await u.logon('alice');
    const y = await u.logon('alice');
    assert.notEqual(x.sessionId, y.sessionId);
    await u.system.close();
  });

  it('a console logon by another user switches users: the console user is disconnected, the newcomer gets a new console session', async () => {
    const t = await createWtsTestSystem();
    const alice = await t.logon('alice', { station: 'console' });
    const bob = await t.logon('bob', { station: 'console' });
    assert.notEqual(bob.sessionId, alice.sessionId);
    const rows = await t.rows();
    const a = rows.find((r) => r.sessionId === alice.sessionId)!;
    const b = rows.find((r) => r.sessionId === bob.sessionId)!;
    assert.deepEqual([a.state, a.winStationName, a.userName], [WTSDisconnected, '', 'alice']);
    assert.deepEqual([b.state, b.winStationName, b.userName], [WTSActive, 'Console', 'bob']);
    // alice comes back at the console: her session is shown again, bob's is disconnected.
    const back = await t.logon('alice', { station: 'console' });
    assert.equal(back.sessionId, alice.sessionId);
    const after = await t.rows();
    assert.equal(after.find((r) => r.winStationName === 'Console')?.userName, 'alice');
    assert.equal(after.find((r) => r.sessionId === bob.sessionId)?.state, WTSDisconnected);
    await t.system.close();
  });

  it('a console user who disconnected gets the console back; the logon screen session that replaced theirs ends', async () => {
    const t = await createWtsTestSystem();
    const alice = await t.logon('alice', { station: 'console' });
    await t.system.wts.disconnect(alice.caller, 'current');
    const screen = (await t.rows()).find((r) => r.winStationName === 'Console')!;
    assert.deepEqual([screen.sessionId, screen.state, screen.userSid], [2, WTSConnected, null]);
    const back = await t.logon('alice', { station: 'console' });
    assert.equal(back.sessionId, alice.sessionId);
    const rows = await t.rows();
    assert.equal(
      rows.find((r) => r.sessionId === 2),
      undefined,
    );
    assert.equal(rows.find((r) => r.winStationName === 'Console')?.sessionId, alice.sessionId);
    await t.system.close();
  });

  it('connect opens a session that goes Init, ConnectQuery, Connected; a logon in it makes it active; a lost client leaves it idle', async () => {
    const t = await createWtsTestSystem();
    const before = await t.system.events.last();
    const c = await t.system.wts.connect({ clientName: 'KIOSK' });
    assert.equal(c.status, STATUS_SUCCESS);
    const s = (await t.system.wts.getSession(t.system.trustedCaller, c.sessionId!)).session!;
    assert.deepEqual([s.state, s.userName, s.winStationName], [WTSConnected, '', 'RDP-Tcp#0']);
    assert.deepEqual(await t.wtsEvents(before), [
      { type: 'wts.create', sessionId: c.sessionId },
      { type: 'wts.remote-connect', sessionId: c.sessionId },
    ]);
    assert.equal(await t.system.wts.clientLost(c.sessionId!), STATUS_SUCCESS);
    assert.equal((await t.system.wts.getSession(t.system.trustedCaller, c.sessionId!)).session?.state, 5);
    const again = await t.system.wts.connect({ clientName: 'KIOSK2' });
    assert.equal(again.sessionId, c.sessionId, 'the idle session is reused');
    const alice = await t.logon('alice', { sessionId: c.sessionId! });
    assert.equal(alice.sessionId, c.sessionId);
    assert.equal((await t.system.wts.getSession(alice.caller, 'current')).session?.state, WTSActive);
    await t.system.close();
  });

  it('with requireLogonPermission only holders of Logon on the RDP-Tcp listener open remote sessions', async () => {
    const t = await createWtsTestSystem({ wts: { requireLogonPermission: true } });
    const rows = await t.rows();
    const denied = await t.system.wts.logon({ userName: 'alice', password: 'pw-alice' });
    assert.equal(denied.status, STATUS_ACCESS_DENIED);
    assert.deepEqual(await t.rows(), rows);
    await t.system.accounts.addToGroup('alice', 'Remote Desktop Users');
    await t.logon('alice');
    await t.logon('carol');
    await t.logon('bob', { station: 'Console' });
    await t.system.close();
  });

  it('logon rejects bad input with NtError(STATUS_INVALID_PARAMETER) and a sentence', async () => {
    const t = await createWtsTestSystem();
    const bad = [
      { userName: 'alice', password: 'x', station: 'ICA-Tcp' },
      { userName: 'alice', password: 'x', clientName: 'x'.repeat(21) },
      { userName: 'alice', password: 'x', clientAddress: '300.1.1.1' },
      { userName: '', password: 'x' },
      { userName: 'alice', password: 'x', logonType: 3 },
    ];
    for (const options of bad) {
      await assert.rejects(
        t.system.wts.logon(options),
        (e: unknown) => isNtError(e) && e.status === STATUS_INVALID_PARAMETER && e.message.length > 20,
      );
    }
    await t.system.close();
  });
});
