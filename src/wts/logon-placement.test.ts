import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { STATUS_SUCCESS } from '../nt/ntstatus.ts';
import { createWtsTestSystem } from './_test-wts.ts';
import { placeLogon } from './logon-placement.ts';
import type { WtsContext } from './wts-context.ts';
import { toLogonRequest } from './wts-logon-plan.ts';

describe('WTS logon placement', () => {
  it('a session that took the planned id meanwhile moves the new session to the next free id, token and LSA record included', async () => {
    const t = await createWtsTestSystem();
    const request = toLogonRequest({ userName: 'alice', password: 'pw-alice' });
    const r = await t.system.lsa.logonUser({
      package: 'MSV1_0',
      logonType: request.logonType,
      authenticationInformation: { UserName: 'alice', Password: 'pw-alice' },
      sessionId: 2,
      holder: 'wts:2',
    });
    assert.equal(r.status, STATUS_SUCCESS);
    // A connection takes id 2 before the logon commits.
    assert.equal((await t.system.wts.connect()).sessionId, 2);
    const ctx = {
      host: t.system.host,
      clock: t.clock,
      reserved: new Set([2]),
      settings: { singleSessionPerUser: true, requireLogonPermission: false, allowedPrograms: 'any' },
    } as unknown as WtsContext;
    const placed = await t.system.kernel.transact((k) =>
      placeLogon(k, ctx, { status: 0, sessionId: 2, reserved: true }, r, request),
    );
    assert.deepEqual([placed.status, placed.sessionId], [STATUS_SUCCESS, 3]);
    const holders = await t.system.kernel.holdersOf(r.logonId!);
    assert.equal(holders.length, 1, 'the first token object closed, its replacement holds the session');
    assert.deepEqual(
      [holders[0]!.token.sessionId, holders[0]!.handles.map((h) => h.holder).sort()],
      [3, ['client', 'wts:3']],
    );
    const lsa = await t.system.lsa.getLogonSessionData(t.system.trustedCaller, r.logonId!);
    assert.equal(lsa.data?.session, 3);
    await t.system.settled();
    assert.deepEqual(t.probe.terminated, [], 'the logon session never ended');
    await t.system.close();
  });
});
