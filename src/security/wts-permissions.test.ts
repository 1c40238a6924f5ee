import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as p from './wts-permissions.ts';

test('WTS permission bits have the SDK values (test 92)', () => {
  assert.equal(p.WTS_SECURITY_QUERY_INFORMATION, 0x1);
  assert.equal(p.WTS_SECURITY_SET_INFORMATION, 0x2);
  assert.equal(p.WTS_SECURITY_RESET, 0x4);
  assert.equal(p.WTS_SECURITY_VIRTUAL_CHANNELS, 0x8);
  assert.equal(p.WTS_SECURITY_REMOTE_CONTROL, 0x10);
  assert.equal(p.WTS_SECURITY_LOGON, 0x20);
  assert.equal(p.WTS_SECURITY_LOGOFF, 0x40);
  assert.equal(p.WTS_SECURITY_MESSAGE, 0x80);
  assert.equal(p.WTS_SECURITY_CONNECT, 0x100);
  assert.equal(p.WTS_SECURITY_DISCONNECT, 0x200);
  assert.equal(p.STANDARD_RIGHTS_REQUIRED, 0xf0000);
});

test('WTS composite masks have the SDK values and ALL lacks LOGOFF', () => {
  assert.equal(p.WTS_SECURITY_GUEST_ACCESS, 0x20);
  assert.equal(p.WTS_SECURITY_CURRENT_GUEST_ACCESS, 0x48);
  assert.equal(p.WTS_SECURITY_USER_ACCESS, 0x149);
  assert.equal(p.WTS_SECURITY_CURRENT_USER_ACCESS, 0x24e);
  assert.equal(p.WTS_SECURITY_ALL_ACCESS, 0xf03bf);
  assert.equal(p.WTS_SECURITY_ALL_ACCESS & p.WTS_SECURITY_LOGOFF, 0);
  assert.notEqual(p.WTS_SECURITY_ALL_ACCESS & p.WTS_SECURITY_RESET, 0);
});

test('wtsPermissionNames lists the set bits by their UI names', () => {
  assert.deepEqual(p.wtsPermissionNames(p.WTS_SECURITY_USER_ACCESS), [
    'Query Information',
    'Virtual Channels',
    'Logoff',
    'Connect',
  ]);
  assert.deepEqual(p.wtsPermissionNames(0), []);
  assert.equal(p.wtsPermissionNames(p.WTS_SECURITY_ALL_ACCESS).includes('Logoff'), false);
  assert.equal(p.WTS_PERMISSIONS.length, 10);
});
