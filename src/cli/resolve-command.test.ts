import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COMMANDS } from './commands/index.ts';
import { resolveCommand } from './resolve-command.ts';
import { UsageError } from './usage-error.ts';

function name(argv: string[]): string {
  const r = resolveCommand(COMMANDS, argv);
  return r.kind === 'command'
    ? `${r.command.path.join(' ')} | ${r.rest.join(' ')}`
    : `${r.kind} | ${r.rest.join(' ')}`;
}

test('resolveCommand finds two-word commands, aliases, and global options placed first', () => {
  assert.equal(name(['query', 'session', '3']), 'query session | 3');
  assert.equal(name(['qwinsta', '--json']), 'query session | --json');
  assert.equal(name(['QUERY', 'USER']), 'query user | ');
  assert.equal(name(['rwinsta', '4']), 'reset session | 4');
  assert.equal(
    name(['--server', 'http://h:1', '--json', 'whoami', '--user']),
    'whoami | --server http://h:1 --json --user',
  );
  assert.equal(name(['users', 'group-add', 'alice', 'Ops']), 'users group-add | alice Ops');
  assert.equal(name(['run', 'query', 'session']), 'run | query session');
});

test('resolveCommand: a group alone is a group, nothing is the top level, unknown words are usage errors', () => {
  assert.equal(name(['users']), 'group | ');
  assert.equal(name(['users', '--help']), 'group | --help');
  assert.equal(name([]), 'top | ');
  assert.equal(name(['--help']), 'top | --help');
  assert.throws(
    () => resolveCommand(COMMANDS, ['users', 'frob']),
    (e: unknown) => e instanceof UsageError && /"users" takes: add, list/.test(e.message),
  );
  assert.equal(name(['query']), 'group | ');
  assert.throws(() => resolveCommand(COMMANDS, ['frob']), /unknown command "frob"/);
});
