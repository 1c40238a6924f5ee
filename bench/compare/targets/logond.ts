/**
 * logond's daemon (`logond serve`, SQLite store) as a benchmark target. A template data directory
 * is built once: the users of the trivial-hash scenarios (`bench0…`, and `lister`) created while
 * the daemon runs with the test-only cheap KDF (their stored hashes are never checked: the
 * BenchFast package, `bench/packages/fast-package.ts`, compares one SHA-256 with its configured
 * password), and the users of the password scenarios (`pw0…`) created with the real MSV1_0
 * parameters. Every run copies the template to a fresh directory, starts the daemon pinned, and
 * logs every `bench` user on once and `lister` 100 times (BenchFast), so that each run has the
 * same shape as the peer's seeded database: 1,000 users with one session each, one with 100.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runToEnd } from '../_process.ts';
import { type ServerProcess, startServer } from '../server-process.ts';
import type { BenchTarget, GetLoad, Operation, PostLoad, PreparedRun, Workload } from '../workload.ts';

const ADMIN_PASSWORD = 'Bench-Admin-Pa55-word';
const FAST_PASSWORD = 'bench-fast-password';
const USER_PASSWORD = 'correct horse battery staple 42';

/** Options of the logond target. */
export interface LogondOptions {
  /** A directory holding `bin/logond.js`, `src/` and `bench/packages/` (a snapshot of the project). */
  readonly root: string;
  /** The Node 24 that runs the daemon (the project's `node_modules/.bin/node`). */
  readonly node: string;
  readonly workDir: string;
  readonly users: number;
  /** Users with real password hashes, for the password scenarios. */
  readonly passwordUsers: number;
  readonly listSessions: number;
  readonly serverCpu: number | undefined;
  /** The daemon's log level (default: its own default, `info`, which logs every request). */
  readonly logLevel: string | undefined;
  /** Write a V8 CPU profile of every daemon run into its run directory. */
  readonly cpuProfile: boolean;
  /** How long a stopping daemon may finish its queued logons before it is killed. */
  readonly stopGraceMs: number;
  readonly log: (line: string) => void;
}

/** What a burst of password logons beyond the hasher's queue got. */
export interface BusyProbe {
  readonly sent: number;
  readonly statuses: Record<string, number>;
  /** The `Retry-After` and problem title of the first 503, if any. */
  readonly retryAfter: string | null;
  readonly title: string | null;
  readonly detail: string | null;
  /** Time until the first 503 answer arrived, ms (a "busy" answer must come at once). */
  readonly firstBusyMs: number | null;
}

/** The logond target, with its extra probe of the password queue. */
export interface LogondTarget extends BenchTarget {
  probeBusy(runDir: string, burst: number): Promise<BusyProbe>;
}

async function call(url: string, method: string, path: string, body?: unknown, token?: string) {
  const headers: Record<string, string> = {};
  if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url + path, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    json: (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>,
  };
}

/** Runs `fn(i)` for i < n with `concurrency` in flight; resolves with the results in order. */
async function pool<T>(n: number, concurrency: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out = new Array<T>(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, concurrency) }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await fn(i);
      }
    }),
  );
  return out;
}

async function tokenOf(url: string, body: unknown): Promise<string> {
  const r = await call(url, 'POST', '/v1/logon', body);
  if (r.status !== 201 || typeof r.json['token'] !== 'string')
    throw new Error(`logon ${r.status}: ${JSON.stringify(r.json)}`);
  return r.json['token'];
}

/** The logond daemon as a benchmark target. */
export function createLogondTarget(o: LogondOptions): LogondTarget {
  const template = join(o.workDir, 'logond-template');
  const fastPackage = join(o.root, 'bench/packages/fast-package.ts');
  const bench = (i: number) => `bench${i}`;
  const trivialBodies = join(o.workDir, 'logond-trivial.bodies');
  const passwordBodies = join(o.workDir, 'logond-password.bodies');

  async function launch(
    dataDir: string,
    logFile: string,
    extra: { cpu?: number | undefined; env?: NodeJS.ProcessEnv; profileDir?: string },
  ) {
    const nodeArgs =
      extra.profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${extra.profileDir}`];
    const args = [
      ...nodeArgs,
      join(o.root, 'bin/logond.js'),
      'serve',
      '--json',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--package',
      fastPackage,
    ];
    if (o.logLevel !== undefined) args.push('--log-level', o.logLevel);
    return startServer({
      command: o.node,
      args,
      cwd: o.root,
      env: { LOGOND_ADMIN_PASSWORD: ADMIN_PASSWORD, LOGOND_BENCH_FAST_PASSWORD: FAST_PASSWORD, ...extra.env },
      cpu: extra.cpu,
      logFile,
      ready: (log) => {
        const m = /^\{"url":"[^"]+","port":(\d+)/m.exec(log);
        return m === null ? undefined : Number(m[1]);
      },
      graceMs: extra.profileDir === undefined ? o.stopGraceMs : 20_000,
    });
  }

  async function createUsers(server: ServerProcess, names: string[], concurrency: number): Promise<void> {
    const url = `http://127.0.0.1:${server.target.port}`;
    const admin = await tokenOf(url, { userName: 'Administrator', password: ADMIN_PASSWORD });
    await pool(names.length, concurrency, async (i) => {
      const r = await call(url, 'POST', '/v1/users', { userName: names[i], password: USER_PASSWORD }, admin);
      if (r.status !== 201) throw new Error(`create user ${names[i]}: ${r.status} ${JSON.stringify(r.json)}`);
    });
  }

  async function seed(): Promise<void> {
    rmSync(template, { recursive: true, force: true });
    mkdirSync(template, { recursive: true });
    const t0 = Date.now();
    // Users whose hashes BenchFast never checks: the cheap test KDF keeps the seed short.
    let s = await launch(template, join(o.workDir, 'logond-seed-1.log'), {
      env: { LOGOND_TEST_FAST_KDF: '1' },
    });
    try {
      await createUsers(s, [...Array.from({ length: o.users }, (_, i) => bench(i)), 'lister'], 8);
    } finally {
      await s.stop();
    }
    // Users of the password scenarios: MSV1_0's real scrypt parameters.
    s = await launch(template, join(o.workDir, 'logond-seed-2.log'), {});
    try {
      await createUsers(
        s,
        Array.from({ length: o.passwordUsers }, (_, i) => `pw${i}`),
        4,
      );
    } finally {
      await s.stop();
    }
    const lines = (n: number, body: (i: number) => unknown) =>
      `${Array.from({ length: n }, (_, i) => JSON.stringify(body(i))).join('\n')}\n`;
    writeFileSync(
      trivialBodies,
      lines(o.users, (i) => ({ package: 'BenchFast', userName: bench(i), password: FAST_PASSWORD })),
    );
    writeFileSync(
      passwordBodies,
      lines(o.passwordUsers, (i) => ({ userName: `pw${i}`, password: USER_PASSWORD })),
    );
    o.log(
      `logond: template with ${o.users + 1} BenchFast users and ${o.passwordUsers} password users in ${Math.round((Date.now() - t0) / 1000)} s`,
    );
  }

  function workload(op: Operation, tokensFile: string, listTokenFile: string): Workload {
    const whoami: GetLoad = {
      kind: 'get',
      path: '/v1/whoami',
      tokensFile,
      status: [200],
      expect: '"userSid"',
    };
    const logon = (bodiesFile: string): PostLoad => ({
      kind: 'post',
      path: '/v1/logon',
      bodiesFile,
      status: [201],
      expect: '"token"',
    });
    switch (op) {
      case 'whoami':
        return whoami;
      case 'logon-trivial':
        return logon(trivialBodies);
      case 'logon-password':
        return logon(passwordBodies);
      case 'cycle-trivial': {
        const { kind: _, ...l } = logon(trivialBodies);
        return {
          kind: 'cycle',
          logon: l,
          token: { jsonField: 'token' },
          logoff: { method: 'DELETE', path: '/v1/tokens/current', status: [204] },
        };
      }
      case 'list-100':
        return { ...whoami, path: '/v1/logon-sessions', tokensFile: listTokenFile, expect: '"logonId"' };
      case 'whoami-during-logons':
        return { kind: 'mixed', foreground: whoami, background: logon(passwordBodies) };
    }
  }

  /** A fresh daemon on a copy of the template, with 1,000 + 100 live BenchFast logon sessions. */
  async function startFresh(runDir: string) {
    const dataDir = join(runDir, 'data');
    cpSync(template, dataDir, { recursive: true });
    const server = await launch(dataDir, join(runDir, 'server.log'), {
      cpu: o.serverCpu,
      ...(o.cpuProfile ? { profileDir: join(runDir, 'profile') } : {}),
    });
    try {
      const url = `http://127.0.0.1:${server.target.port}`;
      const admin = await tokenOf(url, { userName: 'Administrator', password: ADMIN_PASSWORD });
      const tokens = await pool(o.users, 16, (i) =>
        tokenOf(url, { package: 'BenchFast', userName: bench(i), password: FAST_PASSWORD }),
      );
      const list = await pool(o.listSessions, 16, () =>
        tokenOf(url, { package: 'BenchFast', userName: 'lister', password: FAST_PASSWORD }),
      );
      const tokensFile = join(runDir, 'logond.tokens');
      const listTokenFile = join(runDir, 'logond.list-token');
      writeFileSync(tokensFile, `${tokens.join('\n')}\n`);
      writeFileSync(listTokenFile, `${list[0]}\n`);
      return { server, url, admin, tokensFile, listTokenFile, listToken: list[0]! };
    } catch (error) {
      await server.stop();
      throw error;
    }
  }

  return {
    name: 'logond',
    operations: [
      'whoami',
      'logon-trivial',
      'logon-password',
      'cycle-trivial',
      'list-100',
      'whoami-during-logons',
    ],
    async prepare() {
      if (!existsSync(fastPackage)) throw new Error(`the benchmark package is missing: ${fastPackage}`);
      await seed();
    },
    async start(op: Operation, runDir: string): Promise<PreparedRun> {
      const f = await startFresh(runDir);
      return {
        server: f.server,
        workload: workload(op, f.tokensFile, f.listTokenFile),
        async verify() {
          if (op !== 'list-100') return 'ok';
          const r = await call(f.url, 'GET', '/v1/logon-sessions', undefined, f.listToken);
          const n = Array.isArray(r.json['sessions']) ? r.json['sessions'].length : -1;
          if (n !== o.listSessions)
            throw new Error(`logond listed ${n} sessions for lister, not ${o.listSessions}`);
          return `GET /v1/logon-sessions returns ${n} sessions`;
        },
        async countSessions() {
          const r = await call(f.url, 'GET', '/v1/logon-sessions', undefined, f.admin);
          return Array.isArray(r.json['sessions']) ? r.json['sessions'].length : -1;
        },
      };
    },
    async probeBusy(runDir: string, burst: number): Promise<BusyProbe> {
      const f = await startFresh(runDir);
      try {
        const bodies = readFileSync(passwordBodies, 'utf8').split('\n').filter(Boolean);
        const t0 = performance.now();
        let first:
          | { retryAfter: string | null; title: string | null; detail: string | null; ms: number }
          | undefined;
        const statuses: Record<string, number> = {};
        await Promise.all(
          Array.from({ length: burst }, async (_, i) => {
            const r = await call(f.url, 'POST', '/v1/logon', JSON.parse(bodies[i % bodies.length]!));
            statuses[r.status] = (statuses[r.status] ?? 0) + 1;
            if (r.status === 503 && first === undefined) {
              first = {
                retryAfter: r.headers.get('retry-after'),
                title: String(r.json['title'] ?? ''),
                detail: String(r.json['detail'] ?? ''),
                ms: performance.now() - t0,
              };
            }
          }),
        );
        const busy = first as typeof first | undefined;
        return {
          sent: burst,
          statuses,
          retryAfter: busy?.retryAfter ?? null,
          title: busy?.title ?? null,
          detail: busy?.detail ?? null,
          firstBusyMs: busy === undefined ? null : Number(busy.ms.toFixed(1)),
        };
      } finally {
        await f.server.stop();
      }
    },
    async describe() {
      const sqlite = await runToEnd(o.node, [
        '-e',
        'const { DatabaseSync } = require("node:sqlite"); console.log(new DatabaseSync(":memory:").prepare("select sqlite_version() v").get().v)',
      ]);
      const hasher = (await import(join(o.root, 'src/security/password-hasher.ts'))) as {
        DEFAULT_SCRYPT_PARAMETERS: { N: number; r: number; p: number; keyLength: number; saltLength: number };
      };
      const k = hasher.DEFAULT_SCRYPT_PARAMETERS;
      return {
        node: (await runToEnd(o.node, ['-v'])).trim(),
        sqlite: sqlite.trim(),
        store:
          'SQLite (node:sqlite), WAL, synchronous=NORMAL + fdatasync of the WAL off the event loop before acknowledging, group commit, checkpoints in a worker thread',
        'log level': o.logLevel ?? 'info (default: one log line per request)',
        kdf: `MSV1_0: scrypt N=${k.N} r=${k.r} p=${k.p} keyLength=${k.keyLength}, ${k.saltLength}-byte salt`,
        'trivial package': 'BenchFast (bench/packages/fast-package.ts): one SHA-256',
      };
    },
  };
}
