import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { User } from '../../client/types.ts';
import { formatGroupList, formatUserDetails, formatUserList } from './accounts.ts';

const ALICE: User = {
  userName: 'alice',
  sid: 'S-1-5-21-1-2-3-1001',
  fullName: 'Alice Liddell',
  disabled: false,
  mustChangePassword: false,
  passwordExpires: null,
  passwordLastSet: '2025-05-30T09:00:00.000Z',
  logonHours: null,
  workstations: null,
  groups: [
    { name: 'Users', sid: 'S-1-5-32-545' },
    { name: 'Remote Desktop Users', sid: 'S-1-5-32-555' },
    { name: 'Operators', sid: 'S-1-5-21-1-2-3-1010' },
  ],
};

test('users show prints the fields of net user <name>', () => {
  assert.equal(
    formatUserDetails(ALICE, { timeZone: 'UTC' }),
    [
      'User name                    alice',
      'Full Name                    Alice Liddell',
      'SID                          S-1-5-21-1-2-3-1001',
      'Account active               Yes',
      'Password last set            5/30/2025 9:00:00 AM',
      'Password expires             Never',
      'User must change password    No',
      'Workstations allowed         All',
      'Logon hours allowed          All',
      '',
      'Local Group Memberships      *Users                *Remote Desktop Users',
      '                             *Operators',
    ].join('\n'),
  );
});

test('users list and groups list print one row per account', () => {
  const bob: User = {
    ...ALICE,
    userName: 'bob',
    fullName: '',
    sid: 'S-1-5-21-1-2-3-1002',
    disabled: true,
    groups: [],
  };
  assert.equal(
    formatUserList([ALICE, bob]),
    [
      'User Name Full Name     SID                 Status   Groups',
      '========= ============= =================== ======== ======================================',
      'alice     Alice Liddell S-1-5-21-1-2-3-1001 Active   Users, Remote Desktop Users, Operators',
      'bob                     S-1-5-21-1-2-3-1002 Disabled',
    ].join('\n'),
  );
  assert.equal(
    formatGroupList([
      { name: 'Users', sid: 'S-1-5-32-545', description: 'Ordinary users', members: ['alice', 'bob'] },
    ]),
    [
      'Group Name SID          Members    Description',
      '========== ============ ========== ==============',
      'Users      S-1-5-32-545 alice, bob Ordinary users',
    ].join('\n'),
  );
});
