/**
 * End to end: a real daemon (createDaemon on port 0, a temporary data directory, cheap password
 * hashing) and the real `logond` command run as child processes (`node bin/logond.js ...`), as a
 * person would use them. Spec §4.8 tests 94-97 are here, through the CLI.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadDaemonConfig } from '../src/daemon/config.ts';
import { createDaemon, type Daemon } from '../src/daemon/daemon.ts';

const BIN = fileURLToPath(new URL('../bin/logond.js', import.meta.url));
const ADMIN_PASSWORD = 'Adm1n-e2e-password';

let daemon: Daemon;
let dir: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Each person has their own credentials file, as on separate machines. */
function credsOf(who: string): string {
  return join(dir, `${who}.credentials.json`);
}

function baseEnv(who: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'] ?? '',
    HOME: dir,
    TZ: 'UTC',
    LOGOND_SERVER: daemon.url,
    LOGOND_CREDENTIALS: credsOf(who),
    ...extra,
  };
}

/** Runs `logond args...` as `who`, feeding `stdin`. */
function logond(
  who: string,
  args: string[],
  options: { stdin?: string; env?: Record<string, string> } = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: baseEnv(who, options.env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

/** Asserts exit 0 and returns stdout. */
async function ok(who: string, args: string[], options: { stdin?: string } = {}): Promise<string> {
  const r = await logond(who, args, options);
  assert.equal(r.code, 0, `logond ${args.join(' ')} as ${who} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

/** Logs `who` on (a terminal session) with `password`; returns the session id. */
async function logonAs(who: string, password: string): Promise<number> {
  const answer = JSON.parse(
    await ok(who, ['logon', who, '--password-stdin', '--json'], { stdin: `${password}\n` }),
  );
  return answer.sessionId as number;
}

/** The ids of the sessions the administrator sees. */
async function sessionIds(): Promise<number[]> {
  const list = JSON.parse(await ok('Administrator', ['query', 'session', '--json']));
  return list.sessions.map((s: { sessionId: number }) => s.sessionId);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A `logond events --follow` child whose lines the test waits on. */
function follow(
  who: string,
  args: string[],
): { child: ChildProcess; lines: string[]; waitFor: (p: (l: string) => boolean) => Promise<string> } {
  const child = spawn(process.execPath, [BIN, 'events', '--follow', ...args], { env: baseEnv(who) });
  const lines: string[] = [];
  let buffer = '';
  const waiters: (() => void)[] = [];
  child.stdout?.on('data', (c: Buffer) => {
    buffer += c.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    lines.push(...parts);
    for (const w of waiters.splice(0)) w();
  });
  const waitFor = async (p: (l: string) => boolean): Promise<string> => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const hit = lines.find(p);
      if (hit !== undefined) return hit;
      if (Date.now() > deadline) throw new Error(`no matching event; got:\n${lines.join('\n')}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  };
  return { child, lines, waitFor };
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'logond-cli-e2e-'));
  const config = loadDaemonConfig({
    flags: { port: 0, host: '127.0.0.1', dataDir: join(dir, 'data'), allowedPrograms: ['sleep'] },
    env: {
      LOGOND_TEST_FAST_KDF: '1',
      LOGOND_ADMIN_PASSWORD: ADMIN_PASSWORD,
      LOGOND_LOG_LEVEL: 'silent',
    },
    cwd: dir,
  });
  daemon = await createDaemon(config, { print: () => {}, logWrite: () => {} });
});

after(async () => {
  await daemon?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('logond CLI against a real daemon', () => {
  test('logon saves a 0600 credentials file; whoami shows the administrator; --json parses', async () => {
    const out = await ok('Administrator', ['logon', 'Administrator', '--network', '--password-stdin'], {
      stdin: `${ADMIN_PASSWORD}\n`,
    });
    assert.match(
      out,
      /^Logged on to http:\/\/127\.0\.0\.1:\d+ as Administrator: network logon, logon session 0x0:0x[0-9a-f]+\./,
    );
    assert.equal(statSync(credsOf('Administrator')).mode & 0o777, 0o600);
    const text = await ok('Administrator', ['whoami']);
    assert.match(
      text,
      /^USER INFORMATION\n-+\n\nUser Name +SID\n=+ =+\n\S+\\administrator +S-1-5-21-[0-9-]+\n/,
    );
    assert.match(text, /BUILTIN\\Administrators +Alias +S-1-5-32-544/);
    assert.match(text, /SeDebugPrivilege +Debug programs/);
    assert.match(text, /Administrator: Yes/);
    const me = JSON.parse(await ok('Administrator', ['whoami', '--json']));
    assert.equal(me.userName, 'Administrator');
    assert.equal(me.administrator, true);
  });

  test('users add, list, show, disable; a disabled account cannot log on (exit 3)', async () => {
    for (const name of ['alice', 'carol', 'dave', 'mallory']) {
      const out = await ok(
        'Administrator',
        ['users', 'add', name, '--password-stdin', '--full-name', `${name} e2e`],
        {
          stdin: `${name}-Passw0rd\n`,
        },
      );
      assert.match(out, new RegExp(`^User ${name} created \\(S-1-5-21-[0-9-]+\\)\\.\\n$`));
    }
    await ok('Administrator', ['users', 'disable', 'mallory']);
    const list = await ok('Administrator', ['users', 'list']);
    assert.match(list, /^User Name +Full Name +SID +Status +Groups\n=+/);
    assert.match(list, /\nalice +alice e2e +S-1-5-21-\S+ +Active +Users\n/);
    assert.match(list, /\nmallory +mallory e2e +S-1-5-21-\S+ +Disabled +Users/);
    assert.match(
      await ok('Administrator', ['users', 'show', 'mallory']),
      /^User name {20}mallory\n[\s\S]*Account active {15}No\n/,
    );
    const users = JSON.parse(await ok('Administrator', ['users', 'list', '--json'])).users;
    assert.ok(
      users.some((u: { userName: string; disabled: boolean }) => u.userName === 'mallory' && u.disabled),
    );
    const refused = await logond('mallory', ['logon', 'mallory', '--network', '--password-stdin'], {
      stdin: 'mallory-Passw0rd\n',
    });
    assert.equal(refused.code, 3);
    assert.match(
      refused.stderr,
      /^logond: account (restriction|disabled) \(STATUS_ACCOUNT_\w+ 0xC00000\w+, Win32 \d+[^)]*\): .+\n$/,
    );
    const denied = await logond('Administrator', ['users', 'list'], {
      env: { LOGOND_CREDENTIALS: credsOf('nobody') },
    });
    assert.equal(denied.code, 3);
  });

  test('logonsessions prints Sysinternals blocks; --holders lists who keeps each alive', async () => {
    const blocks = await ok('Administrator', ['logonsessions', '--holders']);
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
    const json = JSON.parse(await ok('Administrator', ['logonsessions', '--holders', '--json']));
    assert.ok(
      json.sessions.some(
        (s: { userName: string; holders: unknown[] }) =>
          s.userName === 'Administrator' && s.holders.length === 1,
      ),
    );
  });

  test('query session marks the caller with > (test 96); query user; logonsessions shows the new logon session', async () => {
    const aliceId = await logonAs('alice', 'alice-Passw0rd');
    const table = await ok('alice', ['query', 'session']);
    const lines = table.trimEnd().split('\n');
    assert.equal(lines[0], ' SESSIONNAME       USERNAME                 ID  STATE   TYPE        DEVICE');
    const mine = lines.filter((l) => l.startsWith('>'));
    assert.equal(mine.length, 1, table);
    assert.match(mine[0]!, new RegExp(`^>rdp-tcp#\\d+ +alice +${aliceId}  active `));
    const adminView = await ok('Administrator', ['qwinsta']);
    assert.match(
      adminView,
      new RegExp(`\\n rdp-tcp#\\d+ +alice +${aliceId}  active `),
      'alice is listed, without > for the administrator',
    );
    const users = await ok('alice', ['quser']);
    assert.match(users, /^ USERNAME {14}SESSIONNAME {8}ID {2}STATE {3}IDLE TIME {2}LOGON TIME\n/);
    assert.match(
      users,
      new RegExp(`\\n>alice +rdp-tcp#\\d+ +${aliceId}  active +\\S+  \\d+/\\d+/\\d{4} \\d+:\\d\\d [AP]M`),
    );
    const blocks = await ok('Administrator', ['logonsessions']);
    assert.match(
      blocks,
      /\[\d+\] Logon session 00000000:[0-9a-f]{8}:\n {4}User name: {4}\S+\\alice\n {4}Auth package: MSV1_0\n/,
    );
    const own = JSON.parse(await ok('alice', ['logonsessions', '--json'])).sessions;
    assert.ok(
      own.length > 0 && own.every((s: { userName: string }) => s.userName === 'alice'),
      'a user sees only their own',
    );
  });

  test('run starts an allowed program in the session; query process lists it', async () => {
    const refused = await logond('alice', ['run', 'sh', '-c', 'sleep 600']);
    assert.equal(refused.code, 4, 'programs not in allowedPrograms are refused to non-administrators');
    const out = await ok('alice', ['run', 'sleep', '600']);
    const pid = Number(/^Started sleep \(process (\d+)\) in session \d+\.\n$/.exec(out)?.[1]);
    assert.ok(isAlive(pid), `process ${pid} runs`);
    assert.match(
      await ok('alice', ['query', 'process']),
      new RegExp(`\\n>alice +rdp-tcp#\\d+ +\\d+ +${pid}  sleep\\n`),
    );
  });

  test("a user without Reset cannot log off another user's session: exit 4, the session remains (test 95)", async () => {
    const aliceId = JSON.parse(await ok('alice', ['whoami', '--json'])).sessionId as number;
    await logonAs('carol', 'carol-Passw0rd');
    const r = await logond('carol', ['logoff', String(aliceId)]);
    assert.equal(r.code, 4);
    assert.match(r.stderr, /^logond: access denied \(STATUS_ACCESS_DENIED 0xC0000022, Win32 5\): .+\n$/);
    assert.equal(r.stdout, '');
    assert.ok((await sessionIds()).includes(aliceId));
    const missing = await logond('Administrator', ['logoff', '4242']);
    assert.equal(missing.code, 5);
    assert.match(
      missing.stderr,
      /^logond: winstation not found \(STATUS_CTX_WINSTATION_NOT_FOUND 0xC00A0015, Win32 7022\): /,
    );
  });

  test("an administrator's logoff of another user's session ends its programs and deletes it (test 95)", async () => {
    const carolId = JSON.parse(await ok('carol', ['whoami', '--json'])).sessionId as number;
    const pid = Number(/process (\d+)/.exec(await ok('carol', ['run', 'sleep', '600']))?.[1]);
    assert.ok(isAlive(pid));
    assert.equal(await ok('Administrator', ['logoff', String(carolId), '--wait']), '');
    assert.ok(!(await sessionIds()).includes(carolId));
    assert.ok(!isAlive(pid), 'the program ended before logoff --wait returned');
    assert.ok(
      statSync(credsOf('Administrator')).isFile(),
      "logging off someone else's session keeps your own token",
    );
  });

  test("logoff without an id ends the caller's session and its programs (tests 94, --wait); events see the termination", async () => {
    const me = JSON.parse(await ok('alice', ['whoami', '--json']));
    const procs = JSON.parse(await ok('alice', ['query', 'process', '--json'])).processes as {
      pid: number;
    }[];
    const last = JSON.parse(await ok('Administrator', ['events', '--json'])).last as number;
    const events = follow('Administrator', [
      '--json',
      '--types',
      'logon-session.terminated',
      '--after',
      String(last),
    ]);
    try {
      await ok('alice', ['logoff', '--wait']);
      assert.ok(
        !(await sessionIds()).includes(me.sessionId),
        'the session is gone when logoff --wait returns',
      );
      for (const p of procs) assert.ok(!isAlive(p.pid), `process ${p.pid} ended`);
      assert.throws(() => statSync(credsOf('alice')), { code: 'ENOENT' }, 'the closed token is forgotten');
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
    const carolId = await logonAs('carol', 'carol-Passw0rd');
    const out = await ok('Administrator', ['reset', 'session', String(carolId), '-v']);
    assert.equal(out, `Resetting session ID ${carolId}\n`);
    assert.ok(!(await sessionIds()).includes(carolId));
    const daveId = await logonAs('dave', 'dave-Passw0rd');
    await ok('dave', ['rwinsta', String(daveId)]);
    assert.ok(!(await sessionIds()).includes(daveId));
  });

  test('disconnect keeps the session (disc); the next logon reconnects to it', async () => {
    const id = await logonAs('dave', 'dave-Passw0rd');
    assert.equal(
      await ok('dave', ['disconnect', '-v']),
      `Disconnecting session ID ${id}\nSession ${id} is now disc.\n`,
    );
    assert.match(await ok('Administrator', ['qwinsta', String(id)]), new RegExp(` +dave +${id}  disc `));
    const again = await ok('dave', ['logon', 'dave', '--password-stdin'], { stdin: 'dave-Passw0rd\n' });
    assert.match(
      again,
      new RegExp(`as dave: reconnected to session ${id}, logon session 0x0:0x[0-9a-f]+\\.`),
    );
    assert.match(await ok('dave', ['query', 'session']), new RegExp(`\\n> *\\S+ +dave +${id}  active `));
    await ok('dave', ['logoff']);
  });

  test('an unreachable server gives exit 6 and one line', async () => {
    const r = await logond('Administrator', [
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
