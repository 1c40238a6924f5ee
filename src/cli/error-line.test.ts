import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LogondError } from '../client/logond-error.ts';
import { interrupted, notLoggedOn } from './cli-error.ts';
import { formatErrorLine } from './error-line.ts';
import {
  EXIT_ACCESS_DENIED,
  EXIT_FAILURE,
  EXIT_NOT_AUTHENTICATED,
  EXIT_NOT_FOUND,
  EXIT_UNREACHABLE,
  EXIT_USAGE,
  exitCodeFor,
} from './exit-codes.ts';
import { UsageError } from './usage-error.ts';

const denied = new LogondError({
  status: 403,
  ntstatus: 0xc0000022,
  win32: 5,
  title: 'STATUS_ACCESS_DENIED',
  detail: 'You need the Reset permission\non session 3.',
});

test('error line names the status, its codes and the sentence on one line', () => {
  assert.equal(
    formatErrorLine(denied),
    'logond: access denied (STATUS_ACCESS_DENIED 0xC0000022, Win32 5): You need the Reset permission on session 3.',
  );
});

test('error line drops CTX_ from WTS statuses and shows a sub-status', () => {
  const notFound = new LogondError({ status: 404, ntstatus: 0xc00a0015, detail: 'No session 9.' });
  assert.equal(
    formatErrorLine(notFound),
    'logond: winstation not found (STATUS_CTX_WINSTATION_NOT_FOUND 0xC00A0015, Win32 7022): No session 9.',
  );
  const restricted = new LogondError({
    status: 401,
    ntstatus: 0xc000006e,
    subStatus: 0xc0000072,
    detail: 'Disabled.',
  });
  assert.equal(
    formatErrorLine(restricted),
    'logond: account restriction (STATUS_ACCOUNT_RESTRICTION 0xC000006E, Win32 1327, sub-status STATUS_ACCOUNT_DISABLED 0xC0000072): Disabled.',
  );
});

test('error line for an RPC status names it like an NTSTATUS', () => {
  const down = new LogondError({
    status: 503,
    ntstatus: 0xc0020017,
    title: 'RPC_NT_SERVER_UNAVAILABLE',
    win32: 1722,
    detail: 'The session host cannot be reached.',
  });
  assert.equal(
    formatErrorLine(down),
    'logond: server unavailable (RPC_NT_SERVER_UNAVAILABLE 0xC0020017, Win32 1722): The session host cannot be reached.',
  );
});

test('error line for an unknown status uses its hex form and the HTTP status', () => {
  const odd = new LogondError({
    status: 500,
    ntstatus: 0xc0001234,
    title: 'Internal Server Error',
    detail: 'Boom.',
  });
  assert.equal(formatErrorLine(odd), 'logond: request failed with HTTP 500 (0xC0001234, Win32 317): Boom.');
});

test('error line for an unreachable daemon, a usage error and a missing token', () => {
  const down = new LogondError({
    status: 0,
    ntstatus: 0xc00000a3,
    detail: 'cannot reach the logond daemon at http://x:1 (ECONNREFUSED); is it running?',
  });
  assert.equal(
    formatErrorLine(down),
    'logond: cannot reach the logond daemon at http://x:1 (ECONNREFUSED); is it running?',
  );
  assert.equal(
    formatErrorLine(new UsageError('unknown option --fast', 'query session')),
    'logond query session: unknown option --fast (see "logond query session --help")',
  );
  assert.match(
    formatErrorLine(notLoggedOn('http://h:1')),
    /^logond: not logged on to http:\/\/h:1: run "logond logon <user>"/,
  );
});

test('exit codes follow the documented table', () => {
  assert.equal(exitCodeFor(denied), EXIT_ACCESS_DENIED);
  assert.equal(exitCodeFor(new LogondError({ status: 404, ntstatus: 0xc00a0015 })), EXIT_NOT_FOUND);
  assert.equal(exitCodeFor(new LogondError({ status: 401, ntstatus: 0xc000006d })), EXIT_NOT_AUTHENTICATED);
  assert.equal(exitCodeFor(new LogondError({ status: 409, ntstatus: 0xc0000104 })), EXIT_FAILURE);
  assert.equal(exitCodeFor(new LogondError({ status: 0, ntstatus: 0xc00000a3 })), EXIT_UNREACHABLE);
  assert.equal(exitCodeFor(new UsageError('x')), EXIT_USAGE);
  assert.equal(exitCodeFor(notLoggedOn('s')), EXIT_NOT_AUTHENTICATED);
  assert.equal(exitCodeFor(interrupted()), 130);
  assert.equal(exitCodeFor(new Error('bug')), EXIT_FAILURE);
  assert.deepEqual(
    [EXIT_FAILURE, EXIT_USAGE, EXIT_NOT_AUTHENTICATED, EXIT_ACCESS_DENIED, EXIT_NOT_FOUND, EXIT_UNREACHABLE],
    [1, 2, 3, 4, 5, 6],
  );
});
