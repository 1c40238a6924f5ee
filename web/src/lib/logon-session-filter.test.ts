import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchesLogonSession } from './logon-session-filter.ts';

const s = {
  logonId: '0x0:0x3ea',
  logonDomain: 'HOST',
  userName: 'alice',
  authenticationPackage: 'MSV1_0',
  logonTypeName: 'Network',
  session: 2,
};

test('matchesLogonSession finds the LUID, account, package and logon type, without case', () => {
  for (const text of ['', '  ', '0x3EA', 'host\\alice', 'ALICE', 'msv1_0', 'network']) {
    assert.equal(matchesLogonSession(s, text), true, text);
  }
  assert.equal(matchesLogonSession(s, 'bob'), false);
  assert.equal(matchesLogonSession(s, 'Kerberos'), false);
});
