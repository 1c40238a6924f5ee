import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as nt from '../nt/ntstatus.ts';
import { httpStatusOf, toProblem } from './problem.ts';

test('httpStatusOf maps NTSTATUS to HTTP as docs/http-api.md says', () => {
  const expected: [number, number][] = [
    [nt.STATUS_ACCESS_DENIED, 403],
    [nt.STATUS_PRIVILEGE_NOT_HELD, 403],
    [nt.STATUS_CTX_WINSTATION_ACCESS_DENIED, 403],
    [nt.STATUS_NO_SUCH_LOGON_SESSION, 404],
    [nt.STATUS_CTX_WINSTATION_NOT_FOUND, 404],
    [nt.STATUS_NOT_FOUND, 404],
    [nt.STATUS_NO_SUCH_USER, 404],
    [nt.STATUS_NO_SUCH_PACKAGE, 404],
    [nt.STATUS_NO_SUCH_GROUP, 404],
    [nt.STATUS_LOGON_FAILURE, 401],
    [nt.STATUS_ACCOUNT_RESTRICTION, 401],
    [nt.STATUS_WRONG_PASSWORD, 401],
    [nt.STATUS_ACCOUNT_DISABLED, 401],
    [nt.STATUS_PASSWORD_MUST_CHANGE, 401],
    [nt.STATUS_LOGON_SESSION_COLLISION, 409],
    [nt.STATUS_LOGON_SESSION_EXISTS, 409],
    [nt.STATUS_BAD_LOGON_SESSION_STATE, 409],
    [nt.STATUS_USER_EXISTS, 409],
    [nt.STATUS_GROUP_EXISTS, 409],
    [nt.STATUS_INVALID_PARAMETER, 400],
    [nt.STATUS_INVALID_LOGON_TYPE, 400],
    [nt.STATUS_INVALID_HANDLE, 400],
    [nt.STATUS_TOO_MANY_SESSIONS, 503],
    [nt.STATUS_ACCOUNT_LOCKED_OUT, 429],
    [nt.STATUS_INTERNAL_ERROR, 500],
    [nt.STATUS_TIMEOUT, 500],
    [0xc0001234, 500],
  ];
  for (const [status, http] of expected) assert.equal(httpStatusOf(status), http, nt.statusName(status));
});

test('toProblem carries the NTSTATUS, its Win32 error, a sentence and the sub-status', () => {
  const p = toProblem(nt.STATUS_LOGON_FAILURE, { subStatus: nt.STATUS_WRONG_PASSWORD });
  assert.deepEqual(p, {
    type: 'about:blank',
    title: 'STATUS_LOGON_FAILURE',
    status: 401,
    detail: 'The user name or password is incorrect.',
    ntstatus: '0xC000006D',
    win32: 1326,
    subStatus: '0xC000006A',
  });
  assert.equal(toProblem(nt.STATUS_INVALID_PARAMETER, { httpStatus: 413, detail: 'too big' }).status, 413);
  assert.equal('subStatus' in toProblem(nt.STATUS_ACCESS_DENIED, { subStatus: 0 }), false);
});

test('problemOfError keeps only the sentence of an NtError, for RPC statuses too', async () => {
  const { NtError } = await import('../nt/nt-error.ts');
  const { problemOfError } = await import('./problem.ts');
  const rpc = problemOfError(new NtError(nt.RPC_NT_SERVER_UNAVAILABLE, 'The session host is down.'));
  assert.equal(rpc.detail, 'The session host is down.');
  assert.equal(rpc.status, 503);
  const plain = problemOfError(new NtError(nt.STATUS_ACCESS_DENIED));
  assert.ok(!/^STATUS_/.test(plain.detail), plain.detail);
});
