/**
 * End to end: the real `logond` command against a real daemon (see cli-harness.ts), as people
 * would use it. Spec §4.8 tests 94-97 are here, through the CLI.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ADMIN_PASSWORD, BIN, CliHarness, isAlive } from './cli-harness.ts';

let h: CliHarness;

before(async () => {
  h = await CliHarness.start();
});

after(async () => {
  await h?.close();
});

describe('logond CLI against a real daemon', () => {
  test('logon saves a 0600 credentials file; whoami shows the administrator; --json parses', async () => {
    const out = await h.ok('Administrator', ['logon', 'Administrator', '--network', '--password-stdin'], {
      stdin: `${ADMIN_PASSWORD}\n`,
    });
    assert.match(
      out,
      /^Logged on to http:\/\/127\.0\.0\.1:\d+ as Administrator: network logon, logon session 0x0:0x[0-9a-f]+\./,
    );
    assert.equal(statSync(h.credsOf('Administrator')).mode & 0o777, 0o600);
    const text = await h.ok('Administrator', ['whoami']);
    assert.match(
      text,
      /^USER INFORMATION\n-+\n\nUser Name +SID\n=+ =+\n\S+\\administrator +S-1-5-21-[0-9-]+\n/,
    );
    assert.match(text, /BUILTIN\\Administrators +Alias +S-1-5-32-544/);
    assert.match(text, /SeDebugPrivilege +Debug programs/);
    assert.match(text, /Administrator: Yes/);
    const me = JSON.parse(await h.ok('Administrator', ['whoami', '--json']));
    assert.equal(me.userName, 'Administrator');
    assert.equal(me.administrator, true);
  });

  test('users add, list, show, disable; a disabled account cannot log on (exit 3)', async () => {
    for (const name of ['alice', 'carol', 'dave', 'mallory']) {
      const out = await h.ok(
        'Administrator',
        ['users', 'add', name, '--password-stdin', '--full-name', `${name} e2e`],
        {
          stdin: `${name}-Passw0rd\n`,
        },
      );
      assert.match(out, new RegExp(`^User ${name} created \\(S-1-5-21-[0-9-]+\\)\\.\\n$`));
    }
    await h.ok('Administrator', ['users', 'disable', 'mallory']);
    const list = await h.ok('Administrator', ['users', 'list']);
    assert.match(list, /^User Name +Full Name +SID +Status +Groups\n=+/);
    assert.match(list, /\nalice +alice e2e +S-1-5-21-\S+ +Active +Users\n/);
    assert.match(list, /\nmallory +mallory e2e +S-1-5-21-\S+ +Disabled +Users/);
    assert.match(
      await h.ok('Administrator', ['users', 'show', 'mallory']),
      /^User name {20}mallory\n[\s\S]*Account active {15}No\n/,
    );
    const users = JSON.parse(await h.ok('Administrator', ['users', 'list', '--json'])).users;
    assert.ok(
      users.some((u: { userName: string; disabled: boolean }) => u.userName === 'mallory' && u.disabled),
    );
    const refused = await h.run('mallory', ['logon', 'mallory', '--network', '--password-stdin'], {
      stdin: 'mallory-Passw0rd\n',
    });
    assert.equal(refused.code, 3);
    assert.match(
      refused.stderr,
      /^logond: account (restriction|disabled) \(STATUS_ACCOUNT_\w+ 0xC00000\w+, Win32 \d+[^)]*\): .+\n$/,
    );
    const denied = await h.run('Administrator', ['users', 'list'], {
      env: { LOGOND_CREDENTIALS: h.credsOf('nobody') },
    });
    assert.equal(denied.code, 3);
  });

  test('logonsessions prints Sysinternals blocks; --holders lists who keeps each alive', async () => {
    const blocks = await h.ok('Administrator', ['logonsessions', '--holders']);
    assert.match(
      blocks,
      /^\[0\] Logon session 00000000:000003e7:\n {4}User name: {4}\S+\n {4}Auth package: /,
    );
    const admin = new RegExp(
      '\\[\\d+\\] Logon session 00000000:[0-9a-f]{8}:\\n {4}User name: {4}\\S+\\\\Administrator\\n {4}Auth package: MSV1_0\\n' +
        ' {4}Logon type: {3}Network\\n {4}Session: {6}\\d+\\n {4}Sid: {10}S-1-5-21-[0-9-]+\\n {4}Logon time: {3}\\d+/\\d+/\\d{4} ' +
        '\\d+:\\d\\d:\\d\\d [AP]M\\n {4}Logon server: \\S+\\n {4}DNS Domain:\\n {4}UPN:.*\\n {4}References: {3}1\\n {4}Held by:\\n' +
        ' {8}Token \\d+ \\(\\w+, source \\S+, session \\d+\\)\\n {12}Handle \\d+',
    );
    assert.match(blocks, admin);
    const json = JSON.parse(await h.ok('Administrator', ['logonsessions', '--holders', '--json']));
    assert.ok(
      json.sessions.some(
        (s: { userName: string; holders: unknown[] }) =>
          s.userName === 'Administrator' && s.holders.length === 1,
      ),
    );
  });

  test('query session marks the caller with > (test 96); query user; logonsessions shows the new logon session', async () => {
    const aliceId = await h.logonAs('alice', 'alice-Passw0rd');
    const table = await h.ok('alice', ['query', 'session']);
    const lines = table.trimEnd().split('\n');
    assert.equal(lines[0], ' SESSIONNAME       USERNAME                 ID  STATE   TYPE        DEVICE');
    const mine = lines.filter((l) => l.startsWith('>'));
    assert.equal(mine.length, 1, table);
    assert.match(mine[0]!, new RegExp(`^>rdp-tcp#\\d+ +alice +${aliceId}  active `));
    const adminView = await h.ok('Administrator', ['qwinsta']);
    assert.match(
      adminView,
      new RegExp(`\\n rdp-tcp#\\d+ +alice +${aliceId}  active `),
      'alice is listed, without > for the administrator',
    );
    const users = await h.ok('alice', ['quser']);
    assert.match(users, /^ USERNAME {14}SESSIONNAME {8}ID {2}STATE {3}IDLE TIME {2}LOGON TIME\n/);
    assert.match(
      users,
      new RegExp(`\\n>alice +rdp-tcp#\\d+ +${aliceId}  active +\\S+  \\d+/\\d+/\\d{4} \\d+:\\d\\d [AP]M`),
    );
    const blocks = await h.ok('Administrator', ['logonsessions']);
    assert.match(
      blocks,
      /\[\d+\] Logon session 00000000:[0-9a-f]{8}:\n {4}User name: {4}\S+\\alice\n {4}Auth package: MSV1_0\n/,
    );
    const own = JSON.parse(await h.ok('alice', ['logonsessions', '--json'])).sessions;
    assert.ok(
      own.length > 0 && own.every((s: { userName: string }) => s.userName === 'alice'),
      'a user sees only their own',
    );
  });

  test('run starts an allowed program in the session; query process lists it', async () => {
    const refused = await h.run('alice', ['run', 'sh', '-c', 'sleep 600']);
    assert.equal(refused.code, 4, 'programs not in allowedPrograms are refused to non-administrators');
    const out = await h.ok('alice', ['run', 'sleep', '600']);
    const pid = Number(/^Started sleep \(process (\d+)\) in session \d+\.\n$/.exec(out)?.[1]);
    assert.ok(isAlive(pid), `process ${pid} runs`);
    assert.match(
      await h.ok('alice', ['query', 'process']),
      new RegExp(`\\n>alice +rdp-tcp#\\d+ +\\d+ +${pid}  sleep\\n`),
    );
  });

  test("a user without Reset cannot log off another user's session: exit 4, the session remains (test 95)", async () => {
    const aliceId = JSON.parse(await h.ok('alice', ['whoami', '--json'])).sessionId as number;
    await h.logonAs('carol', 'carol-Passw0rd');
    const r = await h.run('carol', ['logoff', String(aliceId)]);
    assert.equal(r.code, 4);
    assert.match(r.stderr, /^logond: access denied \(STATUS_ACCESS_DENIED 0xC0000022, Win32 5\): .+\n$/);
    assert.equal(r.stdout, '');
    assert.ok((await h.sessionIds()).includes(aliceId));
    const missing = await h.run('Administrator', ['logoff', '4242']);
    assert.equal(missing.code, 5);
    assert.match(
      missing.stderr,
      /^logond: winstation not found \(STATUS_CTX_WINSTATION_NOT_FOUND 0xC00A0015, Win32 7022\): /,
    );
  });

  test("an administrator's logoff of another user's session ends its programs and deletes it (test 95)", async () => {
    const carolId = JSON.parse(await h.ok('carol', ['whoami', '--json'])).sessionId as number;
    const pid = Number(/process (\d+)/.exec(await h.ok('carol', ['run', 'sleep', '600']))?.[1]);
    assert.ok(isAlive(pid));
    assert.equal(await h.ok('Administrator', ['logoff', String(carolId), '--wait']), '');
    assert.ok(!(await h.sessionIds()).includes(carolId));
    assert.ok(!isAlive(pid), 'the program ended before logoff --wait returned');
    assert.ok(
      statSync(h.credsOf('Administrator')).isFile(),
      "logging off someone else's session keeps your own token",
    );
  });

  test("logoff without an id ends the caller's session and its programs (tests 94, --wait); events see the termination", async () => {
    const me = JSON.parse(await h.ok('alice', ['whoami', '--json']));
    const procs = JSON.parse(await h.ok('alice', ['query', 'process', '--json'])).processes as {
      pid: number;
    }[];
    const last = JSON.parse(await h.ok('Administrator', ['events', '--json'])).last as number;
    const events = h.follow('Administrator', [
      '--json',
      '--types',
      'logon-session.terminated',
      '--after',
      String(last),
    ]);
    try {
      await h.ok('alice', ['logoff', '--wait']);
      assert.ok(
        !(await h.sessionIds()).includes(me.sessionId),
        'the session is gone when logoff --wait returns',
      );
      for (const p of procs) assert.ok(!isAlive(p.pid), `process ${p.pid} ended`);
      assert.throws(() => statSync(h.credsOf('alice')), { code: 'ENOENT' }, 'the closed token is forgotten');
      const line = await events.waitFor((l) => l.includes(me.logonId));
      const event = JSON.parse(line);
      assert.equal(event.type, 'logon-session.terminated');
      assert.equal(event.data.logonId, me.logonId);
      assert.ok(event.seq > last);
    } finally {
      events.child.kill('SIGINT');
    }
    const stopped = await new Promise<number | null>((resolve) => events.child.on('close', resolve));
    assert.equal(stopped, 0, 'events --follow ends cleanly on Ctrl-C');
  });

  test('reset session logs the user off and deletes the session; own sessions need no permission (test 97)', async () => {
    const carolId = await h.logonAs('carol', 'carol-Passw0rd');
    const out = await h.ok('Administrator', ['reset', 'session', String(carolId), '-v']);
    assert.equal(out, `Resetting session ID ${carolId}\n`);
    assert.ok(!(await h.sessionIds()).includes(carolId));
    const daveId = await h.logonAs('dave', 'dave-Passw0rd');
    await h.ok('dave', ['rwinsta', String(daveId)]);
    assert.ok(!(await h.sessionIds()).includes(daveId));
  });

  test('disconnect keeps the session (disc); the next logon reconnects to it', async () => {
    const id = await h.logonAs('dave', 'dave-Passw0rd');
    assert.equal(
      await h.ok('dave', ['disconnect', '-v']),
      `Disconnecting session ID ${id}\nSession ${id} is now disc.\n`,
    );
    assert.match(await h.ok('Administrator', ['qwinsta', String(id)]), new RegExp(` +dave +${id}  disc `));
    const again = await h.ok('dave', ['logon', 'dave', '--password-stdin'], { stdin: 'dave-Passw0rd\n' });
    assert.match(
      again,
      new RegExp(`as dave: reconnected to session ${id}, logon session 0x0:0x[0-9a-f]+\\.`),
    );
    assert.match(await h.ok('dave', ['query', 'session']), new RegExp(`\\n> *\\S+ +dave +${id}  active `));
    await h.ok('dave', ['logoff']);
  });

  test('an unreachable server gives exit 6 and one line', async () => {
    const r = await h.run('Administrator', [
      'query',
      'session',
      '--server',
      'http://127.0.0.1:9',
      '--token',
      'lgd_1_x',
    ]);
    assert.equal(r.code, 6);
    assert.equal(r.stderr.split('\n').length, 2, r.stderr);
    assert.match(r.stderr, /^logond: cannot reach the logond daemon at http:\/\/127\.0\.0\.1:9/);
  });
});

test('logond serve starts the daemon from flags and stops on SIGTERM', async () => {
  const data = mkdtempSync(join(tmpdir(), 'logond-serve-'));
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--port', '0', '--data-dir', data, '--log-level', 'warn', '--json'],
    {
      env: {
        PATH: process.env['PATH'] ?? '',
        LOGOND_TEST_FAST_KDF: '1',
        LOGOND_ADMIN_PASSWORD: ADMIN_PASSWORD,
      },
    },
  );
  try {
    const started = await new Promise<{ url: string; dataDir: string }>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const line = out.split('\n').find((l) => l.startsWith('{'));
        if (line !== undefined) resolve(JSON.parse(line));
      });
      child.on('close', (code) => reject(new Error(`serve exited ${code}`)));
    });
    assert.equal(started.dataDir, data);
    const health = await (await fetch(`${started.url}/healthz`)).json();
    assert.equal(health.status, 'ok');
  } finally {
    child.kill('SIGTERM');
  }
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 0);
  rmSync(data, { recursive: true, force: true });
});
