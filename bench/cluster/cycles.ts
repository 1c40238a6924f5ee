/**
 * Durable logon + close cycles over a cluster: the connections split over the daemons (50 → 50,
 * 25 + 25, 17 + 17 + 16), each connection logging on and closing on its own daemon, all from one
 * load process (cycle-driver.ts) pinned to the load CPU. Every commit is durable (PostgreSQL's
 * default synchronous_commit). Afterwards the cluster must hold as many logon sessions as before
 * (within 10 s): every session a cycle opened was closed again.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { runToEnd, sleep } from '../compare/_process.ts';
import type { CycleResult, CycleSpec, RequestSpec } from '../compare/load-driver.ts';
import { waitIdle } from '../compare/server-process.ts';
import { type CpuUse, cpuWindow } from './cpu-window.ts';
import type { Cluster } from './daemons.ts';
import { deadlockCount } from './pg.ts';

const DRIVER = new URL('cycle-driver.ts', import.meta.url).pathname;

/** What one cycle window gave. */
export interface CycleRun {
  /** Cycles per second, all daemons together. */
  readonly cps: number;
  /** The highest of the daemons' cycle p50s and p99s: an upper bound of the whole load's. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly cycles: number;
  readonly errors: number;
  readonly firstError: string | null;
  readonly sessionsBefore: number;
  readonly sessionsAfter: number;
  /** Deadlocks PostgreSQL broke over the window (the store retries the transaction). */
  readonly deadlocks: number;
  readonly cpu: CpuUse;
  readonly perDaemon: readonly CycleResult[];
}

/** A warm-up window, idle daemons, the measured window; then the session count is checked. */
export async function runCycles(
  cluster: Cluster,
  settings: {
    connections: number;
    warmupS: number;
    durationS: number;
    loadCpu: number | undefined;
    node: string;
    pgUrl: string;
  },
  logFile: string,
): Promise<CycleRun> {
  const n = cluster.daemons.length;
  const logons = readFileSync(cluster.bodiesFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line): RequestSpec => ({ method: 'POST', path: '/v1/logon', body: JSON.parse(line) as unknown }));
  const specs = (seconds: number): CycleSpec[] =>
    cluster.daemons.map((d, k) => ({
      kind: 'cycle',
      host: '127.0.0.1',
      port: Number(new URL(d.url).port),
      connections: Math.floor(settings.connections / n) + (k < settings.connections % n ? 1 : 0),
      warmupMs: 0,
      durationMs: seconds * 1000,
      logons,
      logonExpect: { status: [201], contains: '"token"' },
      token: { jsonField: 'token' },
      logoff: { method: 'DELETE', path: '/v1/tokens/current' },
      logoffExpect: { status: [204] },
    }));
  const drive = async (seconds: number, file: string): Promise<CycleResult[]> => {
    const specFile = file.replace(/\.log$/, '.spec.json');
    writeFileSync(specFile, JSON.stringify(specs(seconds)));
    const out = await runToEnd(settings.node, [DRIVER, specFile], { cpu: settings.loadCpu });
    writeFileSync(file, out);
    const line = out.split('\n').find((s) => s.startsWith('LOADJSON '));
    if (line === undefined) throw new Error(`the cycle driver printed no result:\n${out}`);
    return JSON.parse(line.slice(9)) as CycleResult[];
  };
  const sessionsBefore = await cluster.countSessions();
  if (settings.warmupS > 0) {
    await drive(settings.warmupS, logFile.replace(/\.log$/, '.warmup.log'));
    await Promise.all(cluster.daemons.map((d) => waitIdle(d.server, 10_000)));
  }
  const deadlocks0 = await deadlockCount(settings.pgUrl);
  const window = cpuWindow(cluster.daemons.map((d) => d.server.pid));
  const results = await drive(settings.durationS, logFile);
  const cpu = window.end();
  await Promise.all(cluster.daemons.map((d) => waitIdle(d.server, 10_000)));
  const deadlocks = (await deadlockCount(settings.pgUrl)) - deadlocks0;
  // A logoff is answered before its cascade has run (and a cascade may wait on a lock while the
  // daemon is idle): the sessions are counted until they are back to the count before, for 10 s.
  let sessionsAfter = await cluster.countSessions();
  for (const until = Date.now() + 10_000; sessionsAfter !== sessionsBefore && Date.now() < until; ) {
    await sleep(200);
    sessionsAfter = await cluster.countSessions();
  }
  const sum = (f: (r: CycleResult) => number) => results.reduce((a, r) => a + f(r), 0);
  const cycles = sum((r) => r.cycles);
  if (cycles === 0)
    throw new Error(`no cycle completed in the ${settings.durationS} s window (driver output in ${logFile})`);
  return {
    cps: Number((cycles / Math.max(...results.map((r) => r.duration_s))).toFixed(1)),
    p50Ms: Math.max(...results.map((r) => r.p50_ms)),
    p99Ms: Math.max(...results.map((r) => r.p99_ms)),
    cycles,
    errors: sum((r) => r.errors),
    firstError: results.find((r) => r.firstError !== null)?.firstError ?? null,
    sessionsBefore,
    sessionsAfter,
    deadlocks,
    cpu,
    perDaemon: results,
  };
}
