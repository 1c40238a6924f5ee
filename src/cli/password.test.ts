import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { createTestIo } from './_test-io.ts';
import { CliError } from './cli-error.ts';
import { readPassword } from './password.ts';
import { UsageError } from './usage-error.ts';

function tty(): PassThrough & { isTTY: boolean; modes: boolean[]; setRawMode(m: boolean): void } {
  const s = new PassThrough() as PassThrough & {
    isTTY: boolean;
    modes: boolean[];
    setRawMode(m: boolean): void;
  };
  s.isTTY = true;
  s.modes = [];
  s.setRawMode = (m: boolean) => s.modes.push(m);
  return s;
}

test('readPassword on a terminal reads without echo, handles backspace and restores the mode', async () => {
  const stdin = tty();
  const io = createTestIo({ stdin });
  const p = readPassword(io, { prompt: 'Password for alice: ', fromStdin: false, command: 'logon' });
  stdin.write('sx\u007fe');
  stdin.write('cret\r');
  assert.equal(await p, 'secret');
  assert.equal(io.err(), 'Password for alice: \n', 'nothing typed is echoed');
  assert.deepEqual(stdin.modes, [true, false]);
});

test('readPassword confirms a new password and refuses a mismatch', async () => {
  const stdin = tty();
  const p = readPassword(createTestIo({ stdin }), {
    prompt: 'New: ',
    confirm: 'Again: ',
    fromStdin: false,
    command: 'users add',
  });
  stdin.write('one\r');
  setTimeout(() => stdin.write('two\r'), 10);
  await assert.rejects(p, (e: unknown) => e instanceof UsageError && /do not match/.test(e.message));
});

test('readPassword: Ctrl-C at the prompt is an interruption (exit 130)', async () => {
  const stdin = tty();
  const p = readPassword(createTestIo({ stdin }), {
    prompt: 'Password: ',
    fromStdin: false,
    command: 'logon',
  });
  stdin.write('abc\u0003');
  await assert.rejects(p, (e: unknown) => e instanceof CliError && e.exitCode === 130);
  assert.deepEqual(stdin.modes, [true, false]);
});

test('readPassword --password-stdin reads all of stdin and drops one trailing newline', async () => {
  const stdin = new PassThrough();
  stdin.end('pa ss\r\n');
  assert.equal(
    await readPassword(createTestIo({ stdin }), { prompt: '', fromStdin: true, command: 'logon' }),
    'pa ss',
  );
  const empty = new PassThrough();
  empty.end('');
  await assert.rejects(
    readPassword(createTestIo({ stdin: empty }), { prompt: '', fromStdin: true, command: 'logon' }),
    UsageError,
  );
});

test('readPassword without a terminal and without --password-stdin is a usage error', async () => {
  const stdin = new PassThrough();
  await assert.rejects(
    readPassword(createTestIo({ stdin }), { prompt: 'Password: ', fromStdin: false, command: 'logon' }),
    (e: unknown) => e instanceof UsageError && /--password-stdin/.test(e.message),
  );
});
