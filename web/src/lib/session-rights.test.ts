import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hasAnyAction, isOwnSession, sessionActions } from './session-rights.ts';

const admin = {
  userName: 'Administrator',
  domain: 'HOST',
  userSid: 'S-1-5-21-1-2-3-500',
  administrator: true,
  privileges: ['SeChangeNotifyPrivilege', 'SeDebugPrivilege'],
};
const alice = {
  userName: 'alice',
  domain: 'HOST',
  userSid: 'S-1-5-21-1-2-3-1001',
  administrator: false,
  privileges: ['SeChangeNotifyPrivilege'],
};
const adminSession = { userName: 'Administrator', domain: 'HOST', state: 0 };
const aliceSession = { userName: 'alice', domain: 'HOST', state: 0 };
const bobSession = { userName: 'bob', domain: 'HOST', state: 4 };
const services = { userName: '', domain: '', state: 4 };
const listener = { userName: '', domain: '', state: 6 };

test('sessionActions offers an administrator every action on their own session', () => {
  assert.deepEqual(sessionActions(adminSession, admin), {
    logoff: true,
    disconnect: true,
    reset: true,
    startProgram: true,
    listPrograms: true,
  });
});

test("sessionActions offers an administrator all but starting programs in another user's session", () => {
  assert.deepEqual(sessionActions(aliceSession, admin), {
    logoff: true,
    disconnect: true,
    reset: true,
    startProgram: false,
    listPrograms: true,
  });
  const withTcb = { ...admin, privileges: [...admin.privileges, 'SeTcbPrivilege'] };
  assert.equal(sessionActions(aliceSession, withTcb).startProgram, true);
});

test('sessionActions offers disconnect only to a connected session', () => {
  assert.equal(sessionActions(bobSession, admin).disconnect, false);
  assert.equal(sessionActions(bobSession, admin).logoff, true);
});

test('sessionActions offers an ordinary user their own session only', () => {
  assert.equal(hasAnyAction(sessionActions(aliceSession, alice)), true);
  assert.equal(sessionActions(aliceSession, alice).logoff, true);
  assert.equal(sessionActions(aliceSession, alice).startProgram, true);
  assert.equal(hasAnyAction(sessionActions(bobSession, alice)), false);
});

test('sessionActions offers nothing that changes a session without a user', () => {
  for (const s of [services, listener]) {
    const a = sessionActions(s, admin);
    assert.equal(hasAnyAction(a), false);
    assert.equal(hasAnyAction(sessionActions(s, alice)), false);
  }
});

test('isOwnSession compares SIDs when the session has one, else names without case', () => {
  assert.equal(isOwnSession({ userName: 'ALICE', domain: 'host', state: 0 }, alice), true);
  assert.equal(isOwnSession({ userName: 'alice', domain: 'OTHER', state: 0 }, alice), false);
  assert.equal(isOwnSession({ ...aliceSession, userSid: 'S-1-5-21-9-9-9-1001' }, alice), false);
  assert.equal(isOwnSession({ ...bobSession, userSid: alice.userSid }, alice), true);
  assert.equal(isOwnSession(services, alice), false);
});
