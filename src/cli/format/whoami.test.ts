import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatWhoami, type WhoamiLike } from './whoami.ts';

const ME: WhoamiLike = {
  userName: 'Alice',
  domain: 'HOST',
  userSid: 'S-1-5-21-1-2-3-1001',
  groups: [
    {
      name: 'Everyone',
      type: 'Well-known group',
      sid: 'S-1-1-0',
      attributes: ['Mandatory group', 'Enabled group'],
    },
    { name: 'BUILTIN\\Users', type: 'Alias', sid: 'S-1-5-32-545', attributes: ['Enabled group'] },
  ],
  privileges: [{ name: 'SeChangeNotifyPrivilege', description: 'Bypass traverse checking', enabled: true }],
  logonId: '0x0:0x3ee',
  logonType: 'RemoteInteractive',
  sessionId: 2,
  handle: 12,
  tokenType: 'Primary',
  administrator: false,
};

test('whoami prints user, groups, privileges and logon session as whoami /all does', () => {
  assert.equal(
    formatWhoami(ME),
    [
      'USER INFORMATION',
      '----------------',
      '',
      'User Name  SID',
      '========== ===================',
      'host\\alice S-1-5-21-1-2-3-1001',
      '',
      '',
      'GROUP INFORMATION',
      '-----------------',
      '',
      'Group Name    Type             SID          Attributes',
      '============= ================ ============ ==============================',
      'Everyone      Well-known group S-1-1-0      Mandatory group, Enabled group',
      'BUILTIN\\Users Alias            S-1-5-32-545 Enabled group',
      '',
      '',
      'PRIVILEGES INFORMATION',
      '----------------------',
      '',
      'Privilege Name          Description              State',
      '======================= ======================== =======',
      'SeChangeNotifyPrivilege Bypass traverse checking Enabled',
      '',
      '',
      'LOGON SESSION INFORMATION',
      '-------------------------',
      '',
      'Logon ID:      0x0:0x3ee (00000000:000003ee)',
      'Logon type:    RemoteInteractive',
      'WTS session:   2',
      'Token:         handle 12, Primary',
      'Administrator: No',
    ].join('\n'),
  );
});

test('whoami sections can be chosen; plain groups get a type from their SID, plain privileges a description', () => {
  const plain = {
    ...ME,
    groups: [
      { sid: 'S-1-1-0', name: 'Everyone' },
      { sid: 'S-1-5-32-544', name: 'BUILTIN\\Administrators' },
      'S-1-16-8192',
    ],
    privileges: ['SeShutdownPrivilege', 'SeMadeUpPrivilege'],
  };
  assert.equal(
    formatWhoami(plain, { groups: true, privileges: true }),
    [
      'GROUP INFORMATION',
      '-----------------',
      '',
      'Group Name             Type             SID',
      '====================== ================ ============',
      'Everyone               Well-known group S-1-1-0',
      'BUILTIN\\Administrators Alias            S-1-5-32-544',
      'S-1-16-8192            Label            S-1-16-8192',
      '',
      '',
      'PRIVILEGES INFORMATION',
      '----------------------',
      '',
      'Privilege Name      Description',
      '=================== ====================',
      'SeShutdownPrivilege Shut down the system',
      'SeMadeUpPrivilege',
    ].join('\n'),
  );
});
