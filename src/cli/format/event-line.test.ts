import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatEventLine } from './event-line.ts';

test('event line: seq, time, type, then key=value fields', () => {
  assert.equal(
    formatEventLine({
      seq: 42,
      type: 'logon-session.terminated',
      time: '2025-05-30T09:14:02.120Z',
      data: {
        logonId: '0x0:0x3ee',
        userName: 'alice',
        fullName: 'Alice Liddell',
        sessionId: 2,
        extra: { a: 1 },
      },
    }),
    '42 2025-05-30T09:14:02.120Z logon-session.terminated logonId=0x0:0x3ee userName=alice fullName="Alice Liddell" sessionId=2 extra={"a":1}',
  );
  assert.equal(formatEventLine({ seq: 1, type: 'x', time: '', data: {} }), '1 - x');
});
