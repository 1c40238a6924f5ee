import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LogondError } from '../../../src/client/index.ts';
import { describeProblem, headingFor, isAbort, isSignedOut } from './problem.ts';

test('describeProblem shows the status, NTSTATUS, Win32 code and the daemon sentence', () => {
  const error = new LogondError({
    status: 403,
    ntstatus: 0xc0000022,
    win32: 5,
    title: 'STATUS_ACCESS_DENIED',
    detail: 'You may not log off another user’s session.',
  });
  const p = describeProblem(error, 'Log off session 3');
  assert.equal(p.heading, 'Log off session 3: Permission denied');
  assert.equal(p.detail, 'You may not log off another user’s session.');
  assert.deepEqual(p.codes, ['HTTP 403', 'STATUS_ACCESS_DENIED 0xC0000022', 'Win32 error 5']);
  assert.equal(p.status, 403);
});

test('describeProblem names the sub-status of a logon failure and Retry-After', () => {
  const error = new LogondError({
    status: 401,
    ntstatus: 0xc000006e,
    subStatus: 0xc0000072,
    retryAfter: 30,
  });
  const p = describeProblem(error);
  assert.equal(p.heading, 'Sign-in failed');
  assert.deepEqual(p.codes, [
    'HTTP 401',
    'STATUS_ACCOUNT_RESTRICTION 0xC000006E',
    'Win32 error 1327',
    'sub-status STATUS_ACCOUNT_DISABLED 0xC0000072',
    'retry after 30 s',
  ]);
});

test('describeProblem explains an unreachable daemon without an HTTP status', () => {
  const p = describeProblem(new LogondError({ status: 0, ntstatus: 0xc00000a3, detail: 'cannot reach it' }));
  assert.equal(p.heading, 'Cannot reach the daemon');
  assert.equal(p.codes[0]?.startsWith('STATUS_'), true);
  assert.equal(p.status, 0);
});

test('describeProblem still says something for a plain error or a thrown string', () => {
  assert.equal(describeProblem(new TypeError('x is undefined')).detail, 'x is undefined');
  assert.equal(describeProblem('boom').detail, 'boom');
  assert.equal(describeProblem(new Error('')).detail, 'An unexpected error occurred.');
  assert.equal(describeProblem('boom').status, undefined);
});

test('headingFor covers server failures and unlisted statuses', () => {
  assert.equal(headingFor(500), 'The daemon failed');
  assert.equal(headingFor(418), 'Request failed (HTTP 418)');
  assert.equal(headingFor(429), 'Too many attempts');
});

test('isSignedOut is true only for 401, isAbort only for an AbortError', () => {
  assert.equal(isSignedOut(new LogondError({ status: 401, ntstatus: 0xc000006d })), true);
  assert.equal(isSignedOut(new LogondError({ status: 403, ntstatus: 0xc0000022 })), false);
  assert.equal(isAbort(new DOMException('stop', 'AbortError')), true);
  assert.equal(isAbort(new Error('stop')), false);
});
