import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HOST_SESSIONS } from './_fixtures.ts';
import { formatUserTable } from './user-table.ts';

test('quser table lists sessions with a user, > on the caller, idle and logon times as Windows does', () => {
  assert.equal(
    formatUserTable(HOST_SESSIONS, { timeZone: 'UTC' }),
    [
      ' USERNAME              SESSIONNAME        ID  STATE   IDLE TIME  LOGON TIME',
      '>alice                 rdp-tcp#2           2  active          .  5/30/2025 9:14 AM',
      ' bob                   rdp-tcp#3           3  disc         1:05  5/29/2025 4:00 PM',
    ].join('\n'),
  );
});
