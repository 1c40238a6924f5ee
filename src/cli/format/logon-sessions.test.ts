import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LogonSession } from '../../client/types.ts';
import { formatLogonSessions, formatLuidColon } from './logon-sessions.ts';

const SYSTEM: LogonSession = {
  logonId: '0x0:0x3e7',
  userName: 'HOST$',
  logonDomain: 'WORKGROUP',
  userSid: 'S-1-5-18',
  authenticationPackage: 'Negotiate',
  logonType: 0,
  logonTypeName: '',
  session: 0,
  logonTime: '2025-05-30T09:10:01.000Z',
  logonServer: '',
  dnsDomainName: '',
  upn: '',
  phase: 'active',
  referenceCount: 1,
  host: 'HOST',
};

const ALICE: LogonSession = {
  ...SYSTEM,
  logonId: '0x0:0x3ee',
  userName: 'alice',
  logonDomain: 'HOST',
  userSid: 'S-1-5-21-1-2-3-1001',
  authenticationPackage: 'MSV1_0',
  logonType: 10,
  logonTypeName: 'RemoteInteractive',
  session: 2,
  logonTime: '2025-05-30T09:14:02.000Z',
  logonServer: 'HOST',
  upn: 'alice@host',
  referenceCount: 2,
};

test('logonsessions prints one Sysinternals-style block per logon session', () => {
  assert.equal(
    formatLogonSessions([SYSTEM, ALICE], { timeZone: 'UTC' }),
    [
      '[0] Logon session 00000000:000003e7:',
      '    User name:    WORKGROUP\\HOST$',
      '    Auth package: Negotiate',
      '    Logon type:   (none)',
      '    Session:      0',
      '    Sid:          S-1-5-18',
      '    Logon time:   5/30/2025 9:10:01 AM',
      '    Logon server:',
      '    DNS Domain:',
      '    UPN:',
      '',
      '[1] Logon session 00000000:000003ee:',
      '    User name:    HOST\\alice',
      '    Auth package: MSV1_0',
      '    Logon type:   RemoteInteractive',
      '    Session:      2',
      '    Sid:          S-1-5-21-1-2-3-1001',
      '    Logon time:   5/30/2025 9:14:02 AM',
      '    Logon server: HOST',
      '    DNS Domain:',
      '    UPN:          alice@host',
    ].join('\n'),
  );
});

test('logonsessions --holders lists each token and handle that keeps a session alive', () => {
  const holders = new Map([
    [
      ALICE.logonId,
      {
        logonId: ALICE.logonId,
        holders: [
          {
            tokenId: 17,
            tokenType: 'primary' as const,
            source: 'User32',
            sessionId: 2,
            handles: [
              { handle: 44, holder: 'logond cli 127.0.0.1', createdAt: '2025-05-30T09:14:02.000Z' },
              { handle: 45, holder: '', createdAt: '' },
            ],
          },
        ],
      },
    ],
    [SYSTEM.logonId, { logonId: SYSTEM.logonId, holders: [] }],
  ]);
  const text = formatLogonSessions([SYSTEM, ALICE], { timeZone: 'UTC', holders });
  assert.match(text, / {4}UPN:\n {4}References: {3}1\n {4}Held by: {6}\(nothing\)\n\n\[1\]/);
  assert.ok(
    text.endsWith(
      [
        '    References:   2',
        '    Held by:',
        '        Token 17 (primary, source User32, session 2)',
        '            Handle 44: logond cli 127.0.0.1, opened 5/30/2025 9:14:02 AM',
        '            Handle 45',
      ].join('\n'),
    ),
    text,
  );
});

test('formatLuidColon prints high and low parts as 8 hex digits', () => {
  assert.equal(formatLuidColon('0x0:0x3e9'), '00000000:000003e9');
  assert.equal(formatLuidColon('0x1:0xffffffff'), '00000001:ffffffff');
  assert.equal(formatLuidColon('garbage'), 'garbage');
});
