/**
 * A cluster of logond daemons for one measurement: `logond serve` child processes on one fresh
 * PostgreSQL schema, each its own session host (`--host-name hN`) on its own port, pinned to its
 * CPU, with the BenchFast package (bench/packages/fast-package.ts: one SHA-256 per logon). The
 * first daemon creates the schema and the Administrator; the others start once it is up. Then the
 * BenchFast users are created and each logged on once, on daemon `i mod N`, for the whoami tokens.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../compare/_process.ts';
import { type ServerProcess, startServer } from '../compare/server-process.ts';

const ADMIN_PASSWORD = 'Bench-Admin-Pa55-word';
/** The BenchFast password (every BenchFast user logs on with it). */
export const FAST_PASSWORD = 'bench-fast-password';

/** One started daemon. */
export interface Daemon {
  readonly host: string;
  readonly url: string;
  readonly cpu: number | undefined;
  readonly server: ServerProcess;
}

/** A started cluster, seeded. */
export interface Cluster {
  readonly daemons: readonly Daemon[];
  readonly schema: string;
  /** An Administrator token (issued by the first daemon). */
  readonly admin: string;
  /** File of the whoami tokens, one per line (token i issued by daemon i mod N). */
  readonly tokensFile: string;
  /** File of BenchFast logon bodies, one JSON per line. */
  readonly bodiesFile: string;
  /** Live logon sessions the cluster holds now (through the first daemon). */
  countSessions(): Promise<number>;
  stop(): Promise<void>;
}

/** What `startCluster` needs. */
export interface ClusterLaunch {
  readonly root: string;
  readonly node: string;
  readonly pgUrl: string;
  readonly schema: string;
  readonly count: number;
  /** CPU of daemon k: `cpus[k % length]`; empty: unpinned. */
  readonly cpus: readonly number[];
  readonly users: number;
  readonly tokenRevocation: 'immediate' | 'pushed' | 'notified';
  readonly runDir: string;
}

/** One JSON request; the body is parsed (empty: `{}`). Throws unless the status is `expect`. */
async function api(
  url: string,
  method: string,
  path: string,
  expect: number,
  options: { body?: unknown; token?: string } = {},
): Promise<Record<string, unknown>> {
  const res = await fetch(url + path, {
    method,
    headers: {
      ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await res.text();
  if (res.status !== expect) throw new Error(`${method} ${url}${path}: ${res.status} ${text.slice(0, 300)}`);
  return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
}

/** Calls `task(i)` for every i < n, `width` at a time. */
async function each(n: number, width: number, task: (i: number) => Promise<void>): Promise<void> {
  const indexes = Array.from({ length: n }, (_, i) => i).values();
  const worker = async () => {
    for (const i of indexes) await task(i);
  };
  await Promise.all(Array.from({ length: Math.min(n, width) }, worker));
}

async function startDaemon(l: ClusterLaunch, k: number): Promise<Daemon> {
  const host = `h${k + 1}`;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = join(l.runDir, host);
  mkdirSync(dataDir, { recursive: true });
  const cpu = l.cpus.length === 0 ? undefined : l.cpus[k % l.cpus.length];
  const args = [
    join(l.root, 'bin/logond.js'),
    'serve',
    '--json',
    '--port',
    String(port),
    '--data-dir',
    dataDir,
    '--database-url',
    l.pgUrl,
    '--database-schema',
    l.schema,
    '--host-name',
    host,
    '--advertise-url',
    url,
    '--package',
    join(l.root, 'bench/packages/fast-package.ts'),
  ];
  const server = await startServer({
    command: l.node,
    args,
    cwd: l.root,
    cpu,
    logFile: join(l.runDir, `${host}.log`),
    env: {
      LOGOND_ADMIN_PASSWORD: ADMIN_PASSWORD,
      LOGOND_BENCH_FAST_PASSWORD: FAST_PASSWORD,
      // Only the setup's accounts get MSV1_0 hashes (BenchFast never checks them): cheap ones.
      LOGOND_TEST_FAST_KDF: '1',
      LOGOND_WEB_ROOT: 'none',
      LOGOND_TOKEN_REVOCATION: l.tokenRevocation,
    },
    ready: (log) => {
      const m = /^\{"url":"[^"]+","port":(\d+)/m.exec(log);
      return m === null ? undefined : Number(m[1]);
    },
  });
  return { host, url, cpu, server };
}

/** Starts `l.count` daemons on `l.schema`, creates the users and logs each on once. */
export async function startCluster(l: ClusterLaunch): Promise<Cluster> {
  mkdirSync(l.runDir, { recursive: true });
  const daemons: Daemon[] = [];
  const stop = async () => {
    await Promise.all(daemons.map((d) => d.server.stop()));
  };
  try {
    daemons.push(await startDaemon(l, 0));
    const rest = await Promise.allSettled(
      Array.from({ length: l.count - 1 }, (_, i) => startDaemon(l, i + 1)),
    );
    for (const r of rest) if (r.status === 'fulfilled') daemons.push(r.value);
    for (const r of rest) if (r.status === 'rejected') throw r.reason;
    const first = daemons[0]!.url;
    const admin = String(
      (
        await api(first, 'POST', '/v1/logon', 201, {
          body: { userName: 'Administrator', password: ADMIN_PASSWORD },
        })
      )['token'],
    );
    const bodies = Array.from({ length: l.users }, (_, i) => ({
      package: 'BenchFast',
      userName: `bench${i}`,
      password: FAST_PASSWORD,
    }));
    await each(l.users, 8, async (i) => {
      await api(first, 'POST', '/v1/users', 201, {
        body: { userName: `bench${i}`, password: 'not-checked-by-BenchFast' },
        token: admin,
      });
    });
    const tokens: string[] = new Array(l.users);
    await each(l.users, 16, async (i) => {
      const d = daemons[i % daemons.length]!;
      tokens[i] = String((await api(d.url, 'POST', '/v1/logon', 201, { body: bodies[i] }))['token']);
    });
    const tokensFile = join(l.runDir, 'whoami.tokens');
    const bodiesFile = join(l.runDir, 'logon.bodies');
    writeFileSync(tokensFile, `${tokens.join('\n')}\n`);
    writeFileSync(bodiesFile, `${bodies.map((b) => JSON.stringify(b)).join('\n')}\n`);
    return {
      daemons,
      schema: l.schema,
      admin,
      tokensFile,
      bodiesFile,
      async countSessions() {
        const r = await api(first, 'GET', '/v1/logon-sessions', 200, { token: admin });
        return Array.isArray(r['sessions']) ? r['sessions'].length : -1;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
