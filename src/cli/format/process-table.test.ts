import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HOST_SESSIONS } from './_fixtures.ts';
import { formatProcessTable } from './process-table.ts';

test('query process prints the Windows columns with the image name', () => {
  const session = HOST_SESSIONS[2]!;
  const p = {
    pid: 48213,
    sessionId: 2,
    program: '/usr/bin/sleep',
    args: ['60'],
    userSid: 'S-1-5-21-1',
    startTime: '2025-05-30T09:14:02.000Z',
  };
  assert.equal(
    formatProcessTable(session, [p]),
    [
      ' USERNAME              SESSIONNAME         ID    PID  IMAGE',
      '>alice                 rdp-tcp#2            2  48213  sleep',
    ].join('\n'),
  );
});
