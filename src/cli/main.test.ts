import assert from 'node:assert/strict';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { problem, startStubDaemon } from './_stub-daemon.ts';
import { createTestIo } from './_test-io.ts';
import { commandName } from './command.ts';
import { COMMANDS } from './commands/index.ts';
import { splitServer } from './context.ts';
import { HOST_SESSIONS } from './format/_fixtures.ts';
import { runCli } from './main.ts';

test('every command has --help with its usage, options, defaults and the exit codes', async () => {
  for (const command of COMMANDS) {
    const io = createTestIo();
    assert.equal(await runCli([...command.path, '--help'], io), 0, commandName(command));
    assert.match(io.out(), new RegExp(`^Usage: logond ${commandName(command)}`));
    assert.match(io.out(), /--server URL\|NAME .*default: \$LOGOND_SERVER, else http:\/\/127\.0\.0\.1:7390/);
    assert.match(io.out(), / {4}6 {2}cannot reach the server/);
  }
  const serve = createTestIo();
  await runCli(['serve', '--help'], serve);
  assert.match(serve.out(), /--port PORT +TCP port; 0 picks a free one \(default: 7390\)/);
  assert.match(serve.out(), /--data-dir DIR +where the SQLite store lives \(default: \.\/\.logond\)/);
  assert.match(serve.out(), /--host ADDRESS +address to listen on \(default: 127\.0\.0\.1\)/);
});

test('logond with no command prints the command list; a bad command line exits 2 with one line', async () => {
  const top = createTestIo();
  assert.equal(await runCli([], top), 0);
  assert.match(top.out(), /query session \[name\|user\|id\] +list terminal sessions/);
  const bad = createTestIo();
  assert.equal(await runCli(['logoff', '--now'], bad), 2);
  assert.equal(bad.err(), 'logond logoff: unknown option --now (see "logond logoff --help")\n');
});

test('a command needing a token without one exits 3; an unreachable server exits 6, each with one line', async () => {
  const home = mkdtempSync(join(tmpdir(), 'logond-home-'));
  const none = createTestIo({ homedir: home });
  assert.equal(await runCli(['whoami'], none), 3);
  assert.equal(none.err().split('\n').length, 2);
  const srv = await startStubDaemon(() => ({ status: 200 }));
  await srv.close();
  const down = createTestIo({ homedir: home, env: { LOGOND_TOKEN: 't', LOGOND_SERVER: srv.url } });
  assert.equal(await runCli(['qwinsta'], down), 6);
  assert.match(
    down.err(),
    /^logond: cannot reach the logond daemon at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\); is it running\?\n$/,
  );
});

test('logon --password-stdin saves the token (mode 0600); qwinsta then marks the caller; --json is the API JSON', async () => {
  const seen: string[] = [];
  const srv = await startStubDaemon((req) => {
    seen.push(`${req.method} ${req.url} ${req.auth ?? '-'} ${req.body}`);
    if (req.url === '/v1/wts/sessions' && req.method === 'POST') {
      return {
        status: 201,
        body: { sessionId: 2, token: 'lgd_9_s3cret', handle: 9, logonId: '0x0:0x3ee', reconnected: false },
      };
    }
    if (req.url === '/v1/wts/sessions')
      return { status: 200, body: { server: 'HOST', sessions: HOST_SESSIONS } };
    return {
      status: 404,
      body: {
        title: 'STATUS_NOT_FOUND',
        status: 404,
        ntstatus: '0xC0000225',
        win32: 1168,
        detail: 'No route.',
      },
    };
  });
  const cred = join(mkdtempSync(join(tmpdir(), 'logond-cred-')), 'c.json');
  const env = { LOGOND_SERVER: `${srv.url}/`, LOGOND_CREDENTIALS: cred };
  const stdin = new PassThrough();
  stdin.end('pw\n');
  const logon = createTestIo({ env, stdin });
  assert.equal(
    await runCli(['logon', 'alice', '--password-stdin', '--client-name', 'laptop'], logon),
    0,
    logon.err(),
  );
  assert.match(
    logon.out(),
    /^Logged on to http:\/\/127\.0\.0\.1:\d+ as alice: session 2, logon session 0x0:0x3ee\.\n/,
  );
  assert.equal(statSync(cred).mode & 0o777, 0o600);
  const q = createTestIo({ env });
  assert.equal(await runCli(['query', 'session'], q), 0, q.err());
  assert.ok(q.out().includes('\n>rdp-tcp#2         alice                     2  active  rdpwd\n'));
  const j = createTestIo({ env });
  assert.equal(await runCli(['qwinsta', 'bob', '--json'], j), 0);
  assert.deepEqual(
    JSON.parse(j.out()).sessions.map((s: { sessionId: number }) => s.sessionId),
    [3],
  );
  const none = createTestIo({ env });
  assert.equal(await runCli(['qwinsta', 'nobody'], none), 5);
  assert.equal(none.err(), 'logond: no session exists for nobody\n');
  await srv.close();
  assert.equal(seen[0], 'POST /v1/wts/sessions - {"userName":"alice","password":"pw","clientName":"laptop"}');
  assert.equal(seen[1], 'GET /v1/wts/sessions Bearer lgd_9_s3cret ');
});

test('a refused logoff prints the status line and exits 4', async () => {
  const srv = await startStubDaemon((req) => {
    if (req.url === '/v1/whoami') return { status: 200, body: { sessionId: 2 } };
    return problem(
      403,
      'STATUS_ACCESS_DENIED',
      '0xC0000022',
      5,
      'Logging off session 3 needs the Reset permission.',
    );
  });
  const io = createTestIo({ env: { LOGOND_SERVER: srv.url, LOGOND_TOKEN: 'lgd_1_x' } });
  assert.equal(await runCli(['logoff', '3'], io), 4);
  await srv.close();
  assert.equal(
    io.err(),
    'logond: access denied (STATUS_ACCESS_DENIED 0xC0000022, Win32 5): Logging off session 3 needs the Reset permission.\n',
  );
  assert.equal(io.out(), '');
});

test('--server: a URL or host:port names the daemon, a bare name a session host of the cluster', () => {
  assert.deepEqual(splitServer('http://10.0.0.5:7390', undefined), {
    daemon: 'http://10.0.0.5:7390',
    sessionHost: undefined,
  });
  assert.deepEqual(splitServer('10.0.0.5:7390', undefined), {
    daemon: '10.0.0.5:7390',
    sessionHost: undefined,
  });
  assert.deepEqual(splitServer('[::1]:7390', undefined), { daemon: '[::1]:7390', sessionHost: undefined });
  assert.deepEqual(splitServer('hostb', undefined), { daemon: undefined, sessionHost: 'hostb' });
  assert.deepEqual(splitServer('*', 'http://a:1'), { daemon: 'http://a:1', sessionHost: '*' });
  assert.throws(() => splitServer('http://a:1', 'http://b:2'), /give one of them/);
  assert.throws(() => splitServer('bad name!', undefined), /neither a daemon URL/);
});

test('a session host name on a command that does not take one is a usage error (exit 2)', async () => {
  const io = createTestIo();
  assert.equal(await runCli(['whoami', '--server', 'hostb'], io), 2);
  assert.match(io.err(), /names a session host of the cluster, which "whoami" does not take/);
});
