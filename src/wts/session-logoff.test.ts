import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  STATUS_ACCESS_DENIED,
  STATUS_CTX_CLOSE_PENDING,
  STATUS_CTX_WINSTATION_NOT_FOUND,
  STATUS_SUCCESS,
} from '../nt/ntstatus.ts';
import type { WtsTestSystem } from './_test-wts.ts';
import { createWtsTestSystem } from './_test-wts.ts';
import { WTSConnected, WTSReset } from './connect-state.ts';

/** Every row of every table: a denial must leave this unchanged. */
async function snapshot(t: WtsTestSystem): Promise<unknown> {
  const tables = ['wtsSessions', 'processes', 'tokens', 'handles', 'kernelSessions', 'lsaSessions'] as const;
  return t.system.store.read((tx) => tables.map((name) => tx.scan(name)));
}

/** Lets queued microtasks and store commits run. */
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('WTS logoff', () => {
  it('logoff of one own session ends its programs, deletes it and closes its tokens; LOGOFF precedes TERMINATE (test 66)', async () => {
    const t = await createWtsTestSystem();
    const alice = await t.logon('alice');
    const p1 = await t.system.wts.startProgram(alice.caller, 'current', 'editor');
    const p2 = await t.system.wts.startProgram(alice.caller, 'current', 'shell', ['-l']);
    assert.equal(
      (await t.system.kernel.holdersOf(alice.logonId)).length,
      3,
      'the session token and one token per program',
    );
    const before = await t.system.events.last();
    assert.equal(await t.system.wts.logoff(alice.caller, 'current', { wait: true }), STATUS_SUCCESS);
    assert.deepEqual(t.processes.alive(), []);
    assert.deepEqual(
      t.processes.signals
        .filter((s) => s.signal === 'SIGTERM')
        .map((s) => s.pid)
        .sort(),
      [p1.pid, p2.pid].sort(),
    );
    assert.deepEqual(await t.wtsEvents(before), [
      { type: 'wts.logoff', sessionId: alice.sessionId },
      { type: 'wts.terminate', sessionId: alice.sessionId },
    ]);
    const logoff = (await t.system.events.read({ after: before, types: ['wts.logoff'] }))[0]!;
    assert.equal(logoff.data['audit'], 4647);
    assert.equal(
      (await t.system.wts.getSession(t.system.trustedCaller, alice.sessionId)).status,
      STATUS_CTX_WINSTATION_NOT_FOUND,
    );
    // Only the caller's own handle is left; closing it ends the logon session (spec §3.3).
    const holders = await t.system.kernel.holdersOf(alice.logonId);
    assert.deepEqual(
      holders.flatMap((h) => h.handles.map((x) => x.holder)),
      ['client'],
    );
    await t.system.kernel.closeHandle(alice.handle);
    await t.system.settled();
    assert.deepEqual(t.probe.terminated, [alice.logonId]);
    await t.system.close();
  });

  it('logoff with wait false resolves once the request is durable; the session shows WTSReset until it is gone', async () => {
    const t = await createWtsTestSystem();
    const alice = await t.logon('alice');
    await t.system.wts.startProgram(alice.caller, 'current', 'ignore-term');
    assert.equal(await t.system.wts.logoff(alice.caller, 'current', { wait: false }), STATUS_SUCCESS);
    const during = await t.system.wts.getSession(t.system.trustedCaller, alice.sessionId);
    assert.deepEqual([during.session?.state, during.session?.loggingOff], [WTSReset, true]);
    assert.ok(
      (await t.system.wts.listSessions(t.system.trustedCaller)).some((s) => s.sessionId === alice.sessionId),
      'still enumerated',
    );
    await tick();
    t.clock.advance(1000);
    await t.system.wts.settled();
    assert.equal(
      (await t.system.wts.getSession(t.system.trustedCaller, alice.sessionId)).status,
      STATUS_CTX_WINSTATION_NOT_FOUND,
    );
    assert.deepEqual(t.processes.alive(), []);
    await t.system.close();
  });

  it('logoff waits the grace period on the Clock for a program that ignores SIGTERM, then kills its group', async () => {
    const t = await createWtsTestSystem({ wts: { gracePeriodMs: 5000 } });
    const alice = await t.logon('alice');
    const p = await t.system.wts.startProgram(alice.caller, 'current', 'ignore-term');
    let done = false;
    const logoff = t.system.wts.logoff(alice.caller, 'current').then((s) => {
      done = true;
      return s;
    });
    for (let i = 0; i < 5; i++) await tick();
    t.clock.advance(4999);
    for (let i = 0; i < 5; i++) await tick();
    assert.equal(done, false, 'still waiting inside the grace period');
    assert.deepEqual(t.processes.alive(), [p.pid]);
    t.clock.advance(1);
    assert.equal(await logoff, STATUS_SUCCESS);
    assert.deepEqual(
      t.processes.signals.filter((s) => s.pid === p.pid).map((s) => s.signal),
      ['SIGTERM', 'SIGKILL', 0],
    );
    await t.system.close();
  });

  it("logoff of another user's session needs Reset: without it 5 and nothing changes; an administrator may", async () => {
    const t = await createWtsTestSystem();
    const alice = await t.logon('alice');
    const bob = await t.logon('bob');
    await t.system.wts.startProgram(alice.caller, 'current', 'editor');
    const before = await snapshot(t);
    assert.equal(await t.system.wts.logoff(bob.caller, alice.sessionId), STATUS_ACCESS_DENIED);
    assert.equal(await t.system.wts.reset(bob.caller, alice.sessionId), STATUS_ACCESS_DENIED);
    assert.deepEqual(await snapshot(t), before);
    assert.deepEqual(t.processes.signals, []);
    const carol = await t.logon('carol');
    assert.equal(await t.system.wts.logoff(carol.caller, alice.sessionId), STATUS_SUCCESS);
    assert.equal(
      (await t.system.wts.getSession(carol.caller, alice.sessionId)).status,
      STATUS_CTX_WINSTATION_NOT_FOUND,
    );
    await t.system.close();
  });

  it('logoff of a session with nobody logged on (Services, the logon screen, the listener) gives 5 and changes nothing (Q14)', async () => {
    const t = await createWtsTestSystem();
    const before = await snapshot(t);
    for (const id of [0, 1, 65536]) {
      assert.equal(
        await t.system.wts.logoff(t.system.trustedCaller, id),
        STATUS_ACCESS_DENIED,
        `session ${id}`,
      );
      assert.equal(await t.system.wts.reset(t.system.trustedCaller, id), STATUS_ACCESS_DENIED, `reset ${id}`);
    }
    assert.equal(
      await t.system.wts.logoff(t.system.trustedCaller, 'current'),
      STATUS_ACCESS_DENIED,
      'kernel mode is in session 0',
    );
    assert.deepEqual(await snapshot(t), before);
    await t.system.close();
  });

  it('logoff of a session that does not exist gives STATUS_CTX_WINSTATION_NOT_FOUND (7022)', async () => {
    const t = await createWtsTestSystem();
    assert.equal(await t.system.wts.logoff(t.system.trustedCaller, 77), STATUS_CTX_WINSTATION_NOT_FOUND);
    await t.system.close();
  });

  it('logoff of the console user puts a fresh console session with a new id in its place (D9, Q12)', async () => {
    const t = await createWtsTestSystem();
    const alice = await t.logon('alice', { station: 'Console' });
    const before = await t.system.events.last();
    assert.equal(await t.system.wts.logoff(alice.caller, 'current'), STATUS_SUCCESS);
    const consoleRow = (await t.rows()).find((r) => r.winStationName === 'Console')!;
    assert.deepEqual([consoleRow.sessionId, consoleRow.state, consoleRow.userSid], [2, WTSConnected, null]);
    assert.deepEqual(await t.wtsEvents(before), [
      { type: 'wts.logoff', sessionId: 1 },
      { type: 'wts.terminate', sessionId: 1 },
      { type: 'wts.create', sessionId: 2 },
      { type: 'wts.console-connect', sessionId: 2 },
    ]);
    assert.equal((await t.logon('bob', { station: 'Console' })).sessionId, 2);
    await t.system.close();
  });

  it('a second logoff of a session being logged off joins the first', async () => {
    const t = await createWtsTestSystem();
    const alice = await t.logon('alice');
    await t.system.wts.startProgram(alice.caller, 'current', 'ignore-term');
    const first = t.system.wts.logoff(alice.caller, 'current');
    const second = t.system.wts.logoff(t.system.trustedCaller, alice.sessionId);
    for (let i = 0; i < 5; i++) await tick();
    t.clock.advance(1000);
    assert.deepEqual(await Promise.all([first, second]), [STATUS_SUCCESS, STATUS_SUCCESS]);
    assert.equal((await t.system.events.read({ types: ['wts.logoff'] })).length, 1);
    await t.system.close();
  });

  it('no program starts in a session being logged off', async () => {
    const t = await createWtsTestSystem();
    const alice = await t.logon('alice');
    await t.system.wts.startProgram(alice.caller, 'current', 'ignore-term');
    await t.system.wts.logoff(alice.caller, 'current', { wait: false });
    const r = await t.system.wts.startProgram(alice.caller, alice.sessionId, 'late');
    assert.equal(r.status, STATUS_CTX_CLOSE_PENDING);
    await tick();
    t.clock.advance(1000);
    await t.system.wts.settled();
    await t.system.close();
  });

  it('reset deletes a remote session nobody logged on to, and logs a user off', async () => {
    const t = await createWtsTestSystem();
    const c = await t.system.wts.connect();
    assert.equal(await t.system.wts.reset(t.system.trustedCaller, c.sessionId!), STATUS_SUCCESS);
    assert.equal(
      (await t.system.wts.getSession(t.system.trustedCaller, c.sessionId!)).status,
      STATUS_CTX_WINSTATION_NOT_FOUND,
    );
    const alice = await t.logon('alice');
    assert.equal(await t.system.wts.reset(alice.caller, 'current'), STATUS_SUCCESS);
    assert.equal(
      (await t.system.wts.getSession(t.system.trustedCaller, alice.sessionId)).status,
      STATUS_CTX_WINSTATION_NOT_FOUND,
    );
    await t.system.close();
  });
});
