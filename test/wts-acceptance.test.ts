/**
 * Acceptance cases 62–66 (spec §4.6) through the Win32-shaped functions, and the semantics of the
 * command-line cases 94–97 (spec §4.8) through `system.wts`, with scripted processes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { STATUS_ACCESS_DENIED, STATUS_CTX_WINSTATION_NOT_FOUND, STATUS_SUCCESS } from '../src/nt/ntstatus.ts';
import { wtsApiFor } from '../src/win32/_wts-test-api.ts';
import type { Ref } from '../src/win32/ref.ts';
import * as c from '../src/win32/wts-constants.ts';
import type { WTS_SESSION_INFO } from '../src/win32/wtsapi32.ts';
import { createWtsTestSystem } from '../src/wts/_test-wts.ts';
import { CONNECT_STATE_LABELS } from '../src/wts/connect-state.ts';

const H = c.WTS_CURRENT_SERVER_HANDLE;
const tick = async (n = 8) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('spec §4.6 WTS cascade cases', () => {
  it('62: after WTSLogoffSession(bWait) the session is not listed, queries fail, and X terminates once its tokens are gone', async () => {
    const t = await createWtsTestSystem();
    const u = await t.logon('alice');
    const routine: bigint[] = [];
    t.system.kernel.registerTerminationRoutine((l) => void routine.push(l));
    await t.system.wts.startProgram(u.caller, 'current', 'editor');
    const system = wtsApiFor(t);
    assert.equal(await system.WTSLogoffSession(H, u.sessionId, true), true);
    const list: Ref<WTS_SESSION_INFO[]> = {};
    await system.WTSEnumerateSessionsW(H, 0, 1, list, {});
    assert.equal(
      list.value?.some((s) => s.SessionId === u.sessionId),
      false,
    );
    assert.equal(await system.WTSQuerySessionInformationW(H, u.sessionId, c.WTSConnectState, {}, {}), false);
    assert.equal(system.GetLastError(), 7022);
    await t.system.kernel.closeHandle(u.handle);
    await t.system.settled();
    assert.deepEqual([routine, t.probe.terminated], [[u.logonId], [u.logonId]]);
    assert.equal(
      (await t.system.lsa.getLogonSessionData(t.system.trustedCaller, u.logonId)).status,
      0xc000005f,
    );
    await t.system.close();
  });

  it('63: a token from WTSQueryUserToken keeps X alive after logoff; closing it runs the cascade', async () => {
    const t = await createWtsTestSystem();
    const u = await t.logon('alice');
    await t.system.kernel.closeHandle(u.handle);
    const service = wtsApiFor(t);
    const token: Ref<number> = {};
    assert.equal(await service.WTSQueryUserToken(u.sessionId, token), true);
    assert.equal(await service.WTSLogoffSession(H, u.sessionId, true), true);
    await t.system.settled();
    assert.ok((await t.system.lsa.enumerateLogonSessions()).includes(u.logonId));
    assert.deepEqual(t.probe.terminated, []);
    const holders = await t.system.kernel.holdersOf(u.logonId);
    assert.deepEqual(
      holders.flatMap((h) => h.handles.map((x) => x.holder)),
      ['query-user-token'],
    );
    await t.system.kernel.closeHandle(token.value!);
    await t.system.settled();
    assert.deepEqual(t.probe.terminated, [u.logonId]);
    await t.system.close();
  });

  it('64: WTSLogoffSession without bWait returns TRUE before the session goes; polling eventually fails', async () => {
    const t = await createWtsTestSystem();
    const u = await t.logon('alice');
    await t.system.wts.startProgram(u.caller, 'current', 'ignore-term');
    const api = wtsApiFor(t, u.handle);
    assert.equal(await api.WTSLogoffSession(H, c.WTS_CURRENT_SESSION, false), true);
    assert.equal(
      await api.WTSQuerySessionInformationW(H, u.sessionId, c.WTSConnectState, {}, {}),
      true,
      'still there',
    );
    let polls = 0;
    for (;;) {
      polls++;
      await tick();
      t.clock.advance(250);
      if (!(await api.WTSQuerySessionInformationW(H, u.sessionId, c.WTSConnectState, {}, {}))) break;
    }
    assert.equal(api.GetLastError(), 7022);
    assert.ok(polls >= 2);
    await t.system.close();
  });

  it('65: WTSDisconnectSession leaves the user, the logon session, and calls no routine or package', async () => {
    const t = await createWtsTestSystem();
    const u = await t.logon('alice');
    const routine: bigint[] = [];
    t.system.kernel.registerTerminationRoutine((l) => void routine.push(l));
    const api = wtsApiFor(t, u.handle);
    assert.equal(await api.WTSDisconnectSession(H, u.sessionId, true), true);
    const state: Ref<unknown> = {};
    const name: Ref<unknown> = {};
    await api.WTSQuerySessionInformationW(H, u.sessionId, c.WTSConnectState, state, {});
    await api.WTSQuerySessionInformationW(H, u.sessionId, c.WTSUserName, name, {});
    assert.deepEqual([state.value, name.value], [c.WTSDisconnected, 'alice']);
    await t.system.settled();
    assert.ok((await t.system.lsa.enumerateLogonSessions()).includes(u.logonId));
    assert.deepEqual([routine, t.probe.terminated], [[], []]);
    await t.system.close();
  });

  it('66: listeners see WTS_SESSION_LOGOFF (0x6) before WTS_SESSION_TERMINATE (0xB)', async () => {
    const t = await createWtsTestSystem();
    const u = await t.logon('alice');
    const seen: { code: unknown; sessionId: unknown }[] = [];
    const sub = t.system.events.subscribe({ after: await t.system.events.last(), types: ['wts.'] }, (e) => {
      seen.push({ code: e.data['code'], sessionId: e.data['sessionId'] });
    });
    await t.system.wts.logoff(u.caller, 'current');
    await tick();
    sub.close();
    assert.deepEqual(seen, [
      { code: c.WTS_SESSION_LOGOFF, sessionId: u.sessionId },
      { code: c.WTS_SESSION_TERMINATE, sessionId: u.sessionId },
    ]);
    await t.system.close();
  });
});

describe('spec §4.8 command-line cases at the API level', () => {
  it('94: logoff without arguments logs off the current session', async () => {
    const t = await createWtsTestSystem();
    const u = await t.logon('alice');
    assert.equal(await t.system.wts.logoff(u.caller, 'current'), STATUS_SUCCESS);
    assert.equal(
      (await t.system.wts.getSession(t.system.trustedCaller, u.sessionId)).status,
      STATUS_CTX_WINSTATION_NOT_FOUND,
    );
    await t.system.close();
  });

  it("95: logoff of another user's session fails without Full Control; with it the programs end and the session goes", async () => {
    const t = await createWtsTestSystem();
    const alice = await t.logon('alice');
    const bob = await t.logon('bob');
    const carol = await t.logon('carol');
    const p = await t.system.wts.startProgram(alice.caller, 'current', 'editor');
    assert.equal(await t.system.wts.logoff(bob.caller, alice.sessionId), STATUS_ACCESS_DENIED);
    assert.equal((await t.system.wts.getSession(carol.caller, alice.sessionId)).status, STATUS_SUCCESS);
    assert.equal(await t.system.wts.logoff(carol.caller, alice.sessionId), STATUS_SUCCESS);
    assert.equal(t.processes.isAlive(p.pid!, ''), false);
    assert.equal(
      (await t.system.wts.getSession(carol.caller, alice.sessionId)).status,
      STATUS_CTX_WINSTATION_NOT_FOUND,
    );
    await t.system.close();
  });

  it("96: the session list has what query session prints, and marks the caller's session as current", async () => {
    const t = await createWtsTestSystem();
    const carol = await t.logon('carol');
    const list = await t.system.wts.listSessions(carol.caller);
    const mine = list.filter((s) => s.current);
    assert.deepEqual(
      mine.map((s) => s.sessionId),
      [carol.sessionId],
    );
    const row = list.find((s) => s.sessionId === 65536)!;
    assert.deepEqual(
      [row.winStationName, row.userName, CONNECT_STATE_LABELS[row.state], row.protocolType],
      ['RDP-Tcp', '', 'Listen', 2],
    );
    await t.system.close();
  });

  it("97: reset session logs the user off and deletes the session; one's own needs no extra permission", async () => {
    const t = await createWtsTestSystem();
    const alice = await t.logon('alice');
    const bob = await t.logon('bob');
    const carol = await t.logon('carol');
    assert.equal(await t.system.wts.reset(alice.caller, bob.sessionId), STATUS_ACCESS_DENIED);
    assert.equal(await t.system.wts.reset(carol.caller, bob.sessionId), STATUS_SUCCESS);
    assert.equal(await t.system.wts.reset(alice.caller, 'current'), STATUS_SUCCESS);
    const left = (await t.system.wts.listSessions(carol.caller)).map((s) => s.sessionId);
    assert.deepEqual([left.includes(alice.sessionId), left.includes(bob.sessionId)], [false, false]);
    await t.system.close();
  });
});
