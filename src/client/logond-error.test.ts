import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromProblem, parseNtStatus, unreachable } from './_problem.ts';
import { isLogondError, LogondError } from './logond-error.ts';

test('LogondError from a problem+json answer carries every field', () => {
  const e = fromProblem(
    401,
    {
      type: 'about:blank',
      title: 'STATUS_ACCOUNT_RESTRICTION',
      status: 401,
      detail: 'The account is disabled.',
      ntstatus: '0xC000006E',
      win32: 1327,
      subStatus: '0xC0000072',
    },
    undefined,
  );
  assert.ok(isLogondError(e));
  assert.equal(e.status, 401);
  assert.equal(e.ntstatus, 0xc000006e);
  assert.equal(e.win32, 1327);
  assert.equal(e.title, 'STATUS_ACCOUNT_RESTRICTION');
  assert.equal(e.detail, 'The account is disabled.');
  assert.equal(e.subStatus, 0xc0000072);
  assert.equal(e.unreachable, false);
  assert.equal(e.message, 'STATUS_ACCOUNT_RESTRICTION (0xC000006E): The account is disabled.');
});

test('LogondError accepts ntstatus as a number and fills the Win32 code and title from the catalogue', () => {
  const e = fromProblem(403, { ntstatus: 0xc0000022 }, 7);
  assert.equal(e.ntstatus, 0xc0000022);
  assert.equal(e.win32, 5);
  assert.equal(e.title, 'STATUS_ACCESS_DENIED');
  assert.match(e.detail, /Access is denied/);
  assert.equal(e.retryAfter, 7);
});

test('LogondError for a foreign error body guesses the status from HTTP and keeps the text', () => {
  const e = fromProblem(502, '<html>Bad gateway</html>');
  assert.equal(e.status, 502);
  assert.equal(e.title, 'STATUS_INTERNAL_ERROR');
  assert.match(e.detail, /HTTP 502: <html>Bad gateway/);
  assert.equal(
    fromProblem(404, { message: 'Route GET:/v1/x not found' }).detail,
    'Route GET:/v1/x not found',
  );
});

test('LogondError for no answer has status 0, STATUS_DEVICE_NOT_READY and the cause code', () => {
  const cause = new TypeError('fetch failed', {
    cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
  });
  const e = unreachable('http://127.0.0.1:1', cause);
  assert.ok(e instanceof LogondError);
  assert.equal(e.unreachable, true);
  assert.equal(e.ntstatus, 0xc00000a3);
  assert.equal(e.win32, 21);
  assert.match(e.detail, /cannot reach the logond daemon at http:\/\/127\.0\.0\.1:1 \(ECONNREFUSED\)/);
});

test('parseNtStatus reads hex strings, numbers and decimal strings and refuses the rest', () => {
  assert.equal(parseNtStatus('0xC0000022'), 0xc0000022);
  assert.equal(parseNtStatus('0xc0000022'), 0xc0000022);
  assert.equal(parseNtStatus(3221225506), 0xc0000022);
  assert.equal(parseNtStatus(-1073741790), 0xc0000022);
  assert.equal(parseNtStatus('3221225506'), 0xc0000022);
  assert.equal(parseNtStatus('0x1C0000022'), undefined);
  assert.equal(parseNtStatus('denied'), undefined);
  assert.equal(parseNtStatus(null), undefined);
});
