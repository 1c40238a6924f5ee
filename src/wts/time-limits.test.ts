import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isNtError } from '../nt/nt-error.ts';
import { STATUS_CTX_WINSTATION_NOT_FOUND, STATUS_SUCCESS } from '../nt/ntstatus.ts';
import { createWtsTestSystem } from './_test-wts.ts';
import { WTSActive, WTSDisconnected, WTSIdle } from './connect-state.ts';
import { checkTimeLimits } from './time-limits.ts';

const tick = async (n = 8) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('WTS time limits', () => {
  it('the idle limit disconnects a remote session with no input; input restarts it', async () => {
    const t = await createWtsTestSystem({ wts: { timeLimits: { idle: { ms: 60_000 } } } });
    const alice = await t.logon('alice');
    t.clock.advance(40_000);
    await t.system.wts.recordInput(alice.sessionId);
    t.clock.advance(40_000);
    await tick();
    assert.equal(
      (await t.system.wts.getSession(alice.caller, 'current')).session?.state,
      WTSActive,
      'input 40 s ago',
    );
    t.clock.advance(20_000);
    await tick();
    assert.equal((await t.system.wts.getSession(alice.caller, 'current')).session?.state, WTSDisconnected);
    const events = await t.system.events.read({ types: ['wts.remote-disconnect'] });
    assert.equal(events.at(-1)?.data['reason'], 'idle-limit');
    await t.system.close();
  });

  it('the idle limit with action logoff ends the session', async () => {
    const t = await createWtsTestSystem({ wts: { timeLimits: { idle: { ms: 1000, action: 'logoff' } } } });
    const alice = await t.logon('alice');
    t.clock.advance(1000);
    await tick();
    await t.system.wts.settled();
    assert.equal(
      (await t.system.wts.getSession(t.system.trustedCaller, alice.sessionId)).status,
      STATUS_CTX_WINSTATION_NOT_FOUND,
    );
    const logoff = await t.system.events.read({ types: ['wts.logoff'] });
    assert.equal(logoff[0]?.data['reason'], 'idle-limit');
    await t.system.close();
  });

  it('the active limit counts from the connection, whatever the input', async () => {
    const t = await createWtsTestSystem({ wts: { timeLimits: { active: { ms: 10_000 } } } });
    const alice = await t.logon('alice');
    for (let i = 0; i < 9; i++) {
      t.clock.advance(1_000);
      await t.system.wts.recordInput(alice.sessionId);
    }
    await tick();
    assert.equal((await t.system.wts.getSession(alice.caller, 'current')).session?.state, WTSActive);
    t.clock.advance(1_000);
    await tick();
    assert.equal((await t.system.wts.getSession(alice.caller, 'current')).session?.state, WTSDisconnected);
    await t.system.close();
  });

  it('the disconnected limit logs a disconnected session off; reconnecting in time stops it', async () => {
    const t = await createWtsTestSystem({ wts: { timeLimits: { disconnected: { ms: 5_000 } } } });
    const alice = await t.logon('alice');
    const bob = await t.logon('bob');
    await t.system.wts.disconnect(alice.caller, 'current');
    await t.system.wts.disconnect(bob.caller, 'current');
    t.clock.advance(3_000);
    await t.logon('bob');
    t.clock.advance(2_000);
    await tick();
    await t.system.wts.settled();
    assert.equal(
      (await t.system.wts.getSession(t.system.trustedCaller, alice.sessionId)).status,
      STATUS_CTX_WINSTATION_NOT_FOUND,
    );
    assert.equal(
      (await t.system.wts.getSession(t.system.trustedCaller, bob.sessionId)).session?.state,
      WTSActive,
    );
    await t.system.close();
  });

  it('an idle remote session nobody logged on to ends after the disconnected limit', async () => {
    const t = await createWtsTestSystem({ wts: { timeLimits: { disconnected: { ms: 5_000 } } } });
    const c = await t.system.wts.connect();
    await t.system.wts.clientLost(c.sessionId!);
    assert.equal(
      (await t.system.wts.getSession(t.system.trustedCaller, c.sessionId!)).session?.state,
      WTSIdle,
    );
    t.clock.advance(5_000);
    await tick();
    assert.equal(
      (await t.system.wts.getSession(t.system.trustedCaller, c.sessionId!)).status,
      STATUS_CTX_WINSTATION_NOT_FOUND,
    );
    await t.system.close();
  });

  it('the console session is exempt from the idle and active limits', async () => {
    const t = await createWtsTestSystem({
      wts: { timeLimits: { idle: { ms: 1_000 }, active: { ms: 1_000 } } },
    });
    const alice = await t.logon('alice', { station: 'Console' });
    t.clock.advance(10_000);
    await tick();
    assert.equal((await t.system.wts.getSession(alice.caller, 'current')).session?.state, WTSActive);
    await t.system.close();
  });

  it('close stops the timers: nothing fires afterwards', async () => {
    const t = await createWtsTestSystem({ wts: { timeLimits: { idle: { ms: 1_000 } } } });
    await t.logon('alice');
    await t.system.close();
    t.clock.advance(5_000);
    await tick();
    assert.deepEqual(t.warnings, []);
  });

  it('time limits are checked: bad durations and actions are refused with a sentence', () => {
    assert.throws(
      () => checkTimeLimits({ idle: { ms: 0 } }),
      (e: unknown) => isNtError(e) && /idle\.ms/.test(e.message),
    );
    assert.throws(
      () => checkTimeLimits({ active: { ms: 5, action: 'reboot' as 'logoff' } }),
      (e: unknown) => isNtError(e) && /active\.action/.test(e.message),
    );
    assert.throws(
      () => checkTimeLimits({ disconnected: { ms: 5, action: 'disconnect' as 'logoff' } }),
      isNtError,
    );
    checkTimeLimits({ idle: { ms: 1 }, active: { ms: 2, action: 'logoff' }, disconnected: { ms: 3 } });
    assert.equal(STATUS_SUCCESS, 0);
  });
});
