/**
 * Cross-daemon cascade latency, at library level: two processes (cascade-node.ts), each a logond
 * engine in cluster mode on one fresh PostgreSQL schema. The observer (host `cascade-b`, pinned to
 * the load CPU) registers a termination routine; the closer (`cascade-a`, on the first daemon CPU)
 * closes the only handle of one BenchFast logon session at a time. A sample is the observer's
 * routine time minus the closer's time just before CloseHandle, both CLOCK_MONOTONIC.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exitOf, sleep, spawnPinned, waitForLog } from '../compare/_process.ts';
import { percentileOf } from '../compare/stats.ts';
import type { CascadeNodeSpec, CascadeTimes } from './cascade-node.ts';
import { FAST_PASSWORD } from './daemons.ts';
import { deadlockCount } from './pg.ts';

const NODE_SCRIPT = new URL('cascade-node.ts', import.meta.url).pathname;

/** What one repetition gave. */
export interface CascadeRun {
  readonly samples: number;
  /** Measured closes whose routine never ran in the observer. */
  readonly missed: number;
  /** Deadlocks PostgreSQL broke during the run (the store retries the transaction). */
  readonly deadlocks: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** What a repetition needs. */
export interface CascadeSettings {
  readonly root: string;
  readonly node: string;
  readonly pgUrl: string;
  readonly schema: string;
  readonly samples: number;
  readonly intervalMs: number;
  /** Accounts the closes rotate over. */
  readonly users: number;
  readonly closerCpu: number | undefined;
  readonly observerCpu: number | undefined;
  readonly runDir: string;
}

const WARMUP = 20;

/** Runs one repetition: observer up, closer to the end, observer done (or stopped 10 s later). */
export async function runCascade(s: CascadeSettings): Promise<CascadeRun> {
  const spec = (role: string, host: string): string => {
    const file = join(s.runDir, `cascade-${role}.spec.json`);
    const doc: CascadeNodeSpec = {
      pgUrl: s.pgUrl,
      schema: s.schema,
      host,
      out: join(s.runDir, `cascade-${role}.times.json`),
      expect: role === 'observer' ? s.samples + WARMUP : s.samples,
      warmup: WARMUP,
      intervalMs: s.intervalMs,
      users: s.users,
      fastPackage: join(s.root, 'bench/packages/fast-package.ts'),
    };
    writeFileSync(file, JSON.stringify(doc));
    return file;
  };
  const deadlocks0 = await deadlockCount(s.pgUrl);
  const observerLog = join(s.runDir, 'cascade-observer.log');
  const observer = spawnPinned(s.node, [NODE_SCRIPT, 'observer', spec('observer', 'cascade-b')], {
    cpu: s.observerCpu,
    cwd: s.root,
    logFile: observerLog,
  });
  try {
    await waitForLog(observerLog, observer, (log) => (log.includes('READY') ? true : undefined));
    const closerLog = join(s.runDir, 'cascade-closer.log');
    const closer = spawnPinned(s.node, [NODE_SCRIPT, 'closer', spec('closer', 'cascade-a')], {
      cpu: s.closerCpu,
      cwd: s.root,
      env: { LOGOND_BENCH_FAST_PASSWORD: FAST_PASSWORD },
      logFile: closerLog,
    });
    // A stalled closer is killed: its samples take (interval + a logon) each, far under 100 ms.
    const killCloser = setTimeout(() => closer.kill('SIGKILL'), 60_000 + s.samples * 100);
    const code = await exitOf(closer);
    clearTimeout(killCloser);
    if (code !== 0)
      throw new Error(`cascade closer exited ${code}: ${readFileSync(closerLog, 'utf8').slice(-2000)}`);
    // The observer stops by itself once it has seen every close; if some never come, it is told to stop.
    const stop = setTimeout(() => observer.kill('SIGTERM'), 10_000);
    const kill = setTimeout(() => observer.kill('SIGKILL'), 20_000);
    const observerCode = await exitOf(observer);
    clearTimeout(stop);
    clearTimeout(kill);
    if (observerCode !== 0)
      throw new Error(
        `cascade observer exited ${observerCode}: ${readFileSync(observerLog, 'utf8').slice(-2000)}`,
      );
  } finally {
    observer.kill('SIGKILL');
  }
  await sleep(1000); // PostgreSQL backends report their deadlock counts within about a second.
  const deadlocks = (await deadlockCount(s.pgUrl)) - deadlocks0;
  const read = (role: string) =>
    JSON.parse(readFileSync(join(s.runDir, `cascade-${role}.times.json`), 'utf8')) as CascadeTimes;
  const closed = read('closer');
  const seen = read('observer').times;
  const warm = new Set(closed.warmup);
  const latencies: number[] = [];
  let missed = 0;
  for (const [luid, t] of Object.entries(closed.times)) {
    if (warm.has(luid)) continue;
    const at = seen[luid];
    if (at === undefined) missed++;
    else latencies.push(Number(BigInt(at) - BigInt(t)) / 1e6);
  }
  const sorted = Float64Array.from(latencies).sort();
  const round = (v: number) => Number(v.toFixed(2));
  return {
    samples: latencies.length,
    missed,
    deadlocks,
    p50Ms: round(percentileOf(sorted, 50)),
    p99Ms: round(percentileOf(sorted, 99)),
    maxMs: round(sorted.at(-1) ?? Number.NaN),
  };
}
