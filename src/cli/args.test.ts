import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCommandArgs } from './args.ts';
import type { Command } from './command.ts';
import { UsageError } from './usage-error.ts';

const noop = async () => 0;
const logoff: Command = {
  path: ['logoff'],
  summary: 's',
  args: { min: 0, max: 1 },
  options: {
    wait: { type: 'boolean', negatable: true, description: 'w' },
    verbose: { type: 'boolean', short: 'v', description: 'v' },
  },
  run: noop,
};
const run: Command = {
  path: ['run'],
  summary: 's',
  args: { min: 1, max: Number.POSITIVE_INFINITY },
  passThrough: true,
  options: { session: { type: 'string', description: 's' } },
  run: noop,
};
const events: Command = {
  path: ['events'],
  summary: 's',
  options: {
    types: { type: 'string', multiple: true, description: 't' },
    after: { type: 'string', description: 'a' },
  },
  run: noop,
};

test('parseCommandArgs reads flags, their --no- form, short options and global options', () => {
  const a = parseCommandArgs(logoff, ['3', '--no-wait', '-v', '--server', 'http://h:1', '--json']);
  assert.deepEqual(a.positionals, ['3']);
  assert.equal(a.flag('wait'), false);
  assert.equal(a.flag('verbose'), true);
  assert.equal(a.string('server'), 'http://h:1');
  assert.equal(a.flag('json'), true);
  assert.equal(
    parseCommandArgs(logoff, []).flag('wait'),
    undefined,
    'not given is undefined, so the command applies its default',
  );
  assert.equal(parseCommandArgs(logoff, ['--wait']).flag('wait'), true);
});

test('parseCommandArgs refuses unknown options, --no- on a plain flag, missing values and extra arguments', () => {
  const usage = (argv: string[], re: RegExp, cmd: Command = logoff) =>
    assert.throws(
      () => parseCommandArgs(cmd, argv),
      (e: unknown) => e instanceof UsageError && re.test(e.message) && e.command === cmd.path.join(' '),
    );
  usage(['--fast'], /^unknown option --fast$/);
  usage(['--no-verbose'], /^unknown option --no-verbose$/);
  usage(['1', '2'], /^unexpected argument "2"$/);
  usage(['--server'], /^option --server needs a value$/);
  usage(['--json=yes'], /^option --json takes no value$/);
  usage([], /^missing argument/, run);
});

test('parseCommandArgs passes everything from the program on to run, options included', () => {
  const a = parseCommandArgs(run, ['--session', '3', 'ls', '-la', '--session', 'x']);
  assert.equal(a.string('session'), '3');
  assert.deepEqual(a.positionals, ['ls', '-la', '--session', 'x']);
  assert.deepEqual(parseCommandArgs(run, ['--', '-weird-name', 'a']).positionals, ['-weird-name', 'a']);
});

test('parseCommandArgs: repeatable and comma-separated lists, checked integers', () => {
  const a = parseCommandArgs(events, [
    '--types',
    'wts.,logon-session.terminated',
    '--types',
    ' account. ',
    '--after',
    '12',
  ]);
  assert.deepEqual(a.strings('types', { split: true }), ['wts.', 'logon-session.terminated', 'account.']);
  assert.equal(a.integer('after'), 12);
  assert.throws(() => parseCommandArgs(events, ['--after', '-1']).integer('after'), UsageError);
  assert.throws(
    () => parseCommandArgs(events, ['--after', '1e3']).integer('after'),
    /non-negative whole number/,
  );
});

test('parseCommandArgs does not check arity when --help is asked for', () => {
  assert.equal(parseCommandArgs(run, ['--help']).flag('help'), true);
});
