/**
 * Benchmark of the daemon over loopback (issue 4): the daemon on SQLite in a temporary directory,
 * pinned to CPU 0 (`taskset -c 0` when available), and the load generator (`_load.ts`, raw
 * keep-alive HTTP/1.1 sockets) in a second process pinned to CPU 1.
 *
 *   whoami       GET /v1/whoami, 1,000 tokens round-robin, 50 connections: requests/s and p99
 *   logon+close  POST /v1/logon through BenchFast (one SHA-256, bench/packages/fast-package.ts) then
 *                DELETE /v1/tokens/current, 50 connections, durable commits: cycles/s
 *   fan-out      1,000 SSE subscribers; time from a close to the last subscriber's receipt of its
 *                logon-session.terminated: p99
 *
 * Usage: node bench/daemon.ts [--duration=10] [--reps=3] [--closes=100] [--cycle-connections=50]
 *        [--only=whoami|cycle|fanout] [--nice=-15]
 * The daemon and load processes run at nice -15 when run as root (as bench/compare does), so other
 * jobs on a shared machine take little of their CPUs; `--nice=0` turns that off.
 * Each figure is printed with the daemon's CPU time per operation (user + system, from /proc), which
 * varies less than rates do on a machine shared with other work; the load average is printed too.
 * Profile the daemon: LOGOND_BENCH_PROFILE=<dir> writes a V8 CPU profile there (`--cpu-prof`).
 * Targets: whoami ≥ 15,000 req/s with p99 < 10 ms; ≥ 3,000 cycles/s; fan-out p99 < 250 ms.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeMachine, median } from './_machine.ts';

const arg = (name: string, fallback: number) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const DURATION_MS = arg('duration', 10) * 1000;
const WARMUP_MS = 2000;
const REPS = arg('reps', 3);
const CLOSES = arg('closes', 100);
/** Niceness of the daemon and load processes: on a shared machine (as root) -15 keeps other jobs off their CPUs. */
const NICE = arg('nice', process.getuid?.() === 0 ? -15 : 0);
const ONLY = process.argv.find((a) => a.startsWith('--only='))?.split('=')[1];
const CONNECTIONS = 50;
const USERS = arg('users', 1000);
const CYCLE_CONNECTIONS = arg('cycle-connections', 50);
const BENCH_PASSWORD = 'bench-fast-password';
const ADMIN_PASSWORD = 'Bench-Admin-Pa55';
const root = new URL('..', import.meta.url).pathname;

const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-c', '0', 'true']);
    return true;
  } catch {
    return false;
  }
})();

/** `node args` pinned to `cpu` when taskset is available. */
function pinned(cpu: number, args: string[], env: NodeJS.ProcessEnv, output?: number): ChildProcess {
  let argv = [process.execPath, ...args];
  if (hasTaskset) argv = ['taskset', '-c', String(cpu), ...argv];
  if (NICE !== 0) argv = ['nice', '-n', String(NICE), ...argv];
  const stdio =
    output === undefined ? (['ignore', 'pipe', 'pipe'] as const) : (['ignore', output, output] as const);
  return spawn(argv[0]!, argv.slice(1), { env: { ...process.env, ...env }, stdio: [...stdio] });
}

/**
 * Starts the daemon with its output (one log line per request) going to a file: through a pipe,
 * a reader that is not scheduled in time would block the daemon's writes and the figures with it.
 */
async function startDaemon(dataDir: string): Promise<{ url: URL; child: ChildProcess; logFile: string }> {
  const profile = process.env['LOGOND_BENCH_PROFILE'];
  const nodeArgs = profile === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profile}`];
  const logFile = join(dataDir, 'daemon.log');
  const fd = openSync(logFile, 'w');
  const child = pinned(
    0,
    [...nodeArgs, join(root, 'src/daemon/_main.ts')],
    {
      LOGOND_DATA_DIR: join(dataDir, 'data'),
      LOGOND_PORT: '0',
      LOGOND_ADMIN_PASSWORD: ADMIN_PASSWORD,
      LOGOND_PACKAGES: join(root, 'bench/packages/fast-package.ts'),
      LOGOND_BENCH_FAST_PASSWORD: BENCH_PASSWORD,
      LOGOND_LOG_LEVEL: process.env['LOGOND_LOG_LEVEL'] ?? 'info',
      LOGOND_WEB_ROOT: 'none',
      // Only the setup's accounts get passwords (BenchFast never checks them): a cheap hash keeps the setup short.
      LOGOND_TEST_FAST_KDF: '1',
    },
    fd,
  );
  closeSync(fd);
  let exited: number | null | undefined;
  child.on('exit', (code) => {
    exited = code;
  });
  for (;;) {
    const m = /^logond listening on (\S+)$/m.exec(readFileSync(logFile, 'utf8'));
    if (m !== null) return { url: new URL(m[1]!), child, logFile };
    if (exited !== undefined) throw new Error(`daemon exited (${exited}): ${readFileSync(logFile, 'utf8')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function call(
  base: URL,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const headers: Record<string, string> = {};
  if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(new URL(path, base), {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text === '' ? {} : JSON.parse(text) };
}

/** Runs one scenario in the load-generator process on CPU 1 and returns its JSON result. */
async function load<T>(scenario: string, options: Record<string, unknown>): Promise<T> {
  const child = pinned(1, [join(root, 'bench/_load.ts'), scenario, JSON.stringify(options)], {});
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`load ${scenario} failed (${code}): ${err}`);
  return JSON.parse(out) as T;
}

interface Figures {
  perSecond: number;
  p99Ms: number;
  errors: number;
  completed: number;
  /** Daemon CPU time (user + system) per operation, in µs. */
  cpuUs?: number;
}

/** The machine's load: load average, and Linux pressure (share of time tasks waited for CPU / I/O, last 60 s). */
function machineLoad(): string {
  const pressure = (kind: string) => {
    try {
      return `${/some avg10=[0-9.]+ avg60=([0-9.]+)/.exec(readFileSync(`/proc/pressure/${kind}`, 'utf8'))?.[1] ?? '?'} %`;
    } catch {
      return 'n/a';
    }
  };
  return `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}, CPU pressure ${pressure('cpu')}, I/O pressure ${pressure('io')}`;
}

/** CPU time (user + system) a process has used, in ms (Linux; 0 elsewhere). */
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** A warm-up run, then a measured run with the daemon's CPU time per operation. */
async function measured(pid: number, scenario: string, options: Record<string, unknown>): Promise<Figures> {
  await load(scenario, { ...options, durationMs: WARMUP_MS, warmupMs: 0 });
  const before = cpuMs(pid);
  const figures = await load<Figures>(scenario, { ...options, warmupMs: 0 });
  figures.cpuUs = ((cpuMs(pid) - before) * 1000) / figures.completed;
  return figures;
}

const dataDir = mkdtempSync(join(tmpdir(), 'logond-bench-'));
const { url, child } = await startDaemon(dataDir);
try {
  const target = { host: url.hostname, port: Number(url.port) };
  const admin = (
    await call(url, 'POST', '/v1/logon', { userName: 'Administrator', password: ADMIN_PASSWORD })
  ).json['token'] as string;
  const users = Array.from({ length: USERS }, (_, i) => `bench${i}`);
  for (const userName of users)
    await call(url, 'POST', '/v1/users', { userName, password: 'not-used-by-BenchFast' }, admin);
  const tokens: string[] = [];
  for (let i = 0; i < 1000; i++) {
    const r = await call(url, 'POST', '/v1/logon', {
      package: 'BenchFast',
      userName: users[i % users.length],
      password: BENCH_PASSWORD,
    });
    tokens.push(r.json['token'] as string);
  }
  console.log(`logond daemon benchmark — ${describeMachine()}`);
  console.log(
    `daemon pinned to CPU 0, load generator to CPU 1: ${hasTaskset ? 'yes (taskset)' : 'no (taskset not found)'}; nice ${NICE}; ` +
      `SQLite WAL synchronous=FULL in ${dataDir}; log level ${process.env['LOGOND_LOG_LEVEL'] ?? 'info'}`,
  );
  console.log(
    `whoami ${CONNECTIONS} and logon+close ${CYCLE_CONNECTIONS} keep-alive connections, ${WARMUP_MS / 1000} s warm-up + ` +
      `${DURATION_MS / 1000} s measured, ${REPS} repetitions (medians); at start ${machineLoad()}\n`,
  );

  const whoami: Figures[] = [];
  const cycles: Figures[] = [];
  for (let rep = 0; rep < REPS; rep++) {
    if (ONLY === undefined || ONLY === 'whoami') {
      whoami.push(
        await measured(child.pid!, 'whoami', {
          ...target,
          tokens,
          connections: CONNECTIONS,
          durationMs: DURATION_MS,
        }),
      );
    }
    if (ONLY === undefined || ONLY === 'cycle') {
      const options = {
        ...target,
        users,
        password: BENCH_PASSWORD,
        connections: CYCLE_CONNECTIONS,
        durationMs: DURATION_MS,
      };
      cycles.push(await measured(child.pid!, 'cycle', options));
    }
  }
  const line = (name: string, unit: string, runs: Figures[], target: string) =>
    console.log(
      `${name.padEnd(14)} ${median(runs.map((r) => r.perSecond))
        .toFixed(0)
        .padStart(7)} ${unit}  p99 ${median(runs.map((r) => r.p99Ms)).toFixed(2)} ms  ` +
        `daemon CPU ${median(runs.map((r) => r.cpuUs ?? Number.NaN)).toFixed(0)} µs/op  ` +
        `(runs: ${runs.map((r) => r.perSecond.toFixed(0)).join(', ')}; errors ${runs.reduce((n, r) => n + r.errors, 0)})  target ${target}`,
    );
  if (whoami.length > 0) line('whoami', 'req/s', whoami, '≥ 15,000 req/s, p99 < 10 ms');
  if (cycles.length > 0) line('logon+close', 'cyc/s', cycles, '≥ 3,000 cycles/s');

  const fanouts: { p50Ms: number; p99Ms: number; maxMs: number; missed: number }[] = [];
  for (let rep = 0; rep < REPS && (ONLY === undefined || ONLY === 'fanout'); rep++) {
    fanouts.push(
      await load('fanout', {
        ...target,
        token: admin,
        subscribers: 1000,
        closes: CLOSES,
        intervalMs: 20,
        user: users[0],
        password: BENCH_PASSWORD,
      }),
    );
  }
  if (fanouts.length > 0)
    console.log(
      `${'fan-out 1,000'.padEnd(14)} p50 ${median(fanouts.map((f) => f.p50Ms)).toFixed(1)} ms  p99 ${median(fanouts.map((f) => f.p99Ms)).toFixed(1)} ms  ` +
        `(p99 runs: ${fanouts.map((f) => f.p99Ms.toFixed(1)).join(', ')}; ${CLOSES} closes each; missed ${fanouts.reduce((n, f) => n + f.missed, 0)})  target p99 < 250 ms`,
    );
  console.log(`at the end ${machineLoad()}`);
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}
