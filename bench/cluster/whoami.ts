/**
 * whoami over a cluster: ONE wrk process (pinned to the load CPU) with one thread per daemon, each
 * thread connected to its own daemon (wrk/get-hosts.lua: bench/compare's get.lua plus a per-thread
 * address), so the connections are split evenly (50 → 50, 25 + 25, 16 + 16 + 16: wrk gives each
 * thread c/t) and the latency percentiles come from one histogram over every request. A warm-up
 * window fills every daemon's token cache (tokens were issued round-robin by all daemons), then the
 * daemons settle and the measured window runs.
 */
import { writeFileSync } from 'node:fs';
import { runToEnd } from '../compare/_process.ts';
import type { RequestsResult } from '../compare/load-driver.ts';
import { waitIdle } from '../compare/server-process.ts';
import { type CpuUse, cpuWindow } from './cpu-window.ts';
import type { Cluster } from './daemons.ts';

const COMPARE_WRK = new URL('../compare/wrk/', import.meta.url).pathname;
const SCRIPT = new URL('wrk/get-hosts.lua', import.meta.url).pathname;

/** What one whoami window gave. */
export interface WhoamiRun {
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requests: number;
  /** Bad answers and socket errors. */
  readonly bad: number;
  readonly connections: number;
  readonly cpu: CpuUse;
}

async function wrk(cluster: Cluster, connections: number, seconds: number, loadCpu: number | undefined) {
  const n = cluster.daemons.length;
  const out = await runToEnd(
    'wrk',
    [
      `-t${n}`,
      `-c${connections}`,
      `-d${seconds}s`,
      '--timeout',
      '30s',
      '--latency',
      '-s',
      SCRIPT,
      cluster.daemons[0]!.url,
    ],
    {
      cpu: loadCpu,
      env: {
        WRK_LUA_DIR: COMPARE_WRK,
        WRK_PATH: '/v1/whoami',
        WRK_STATUS: '200',
        WRK_EXPECT: '"userSid"',
        WRK_TOKENS: cluster.tokensFile,
        WRK_PORTS: cluster.daemons.map((d) => new URL(d.url).port).join(','),
      },
    },
  );
  const line = out.split('\n').find((s) => s.startsWith('WRKJSON '));
  if (line === undefined) throw new Error(`wrk printed no result:\n${out}`);
  const w = JSON.parse(line.slice(8)) as RequestsResult & Record<`err_${string}`, number>;
  // err_status is counted in bad already.
  const errors = w['err_connect']! + w['err_read']! + w['err_write']! + w['err_timeout']!;
  return { w, errors, out };
}

/** Warm-up, idle daemons, then the measured window. `logFile` keeps wrk's output. */
export async function runWhoami(
  cluster: Cluster,
  settings: { connections: number; warmupS: number; durationS: number; loadCpu: number | undefined },
  logFile: string,
): Promise<WhoamiRun> {
  const n = cluster.daemons.length;
  const connections = Math.floor(settings.connections / n) * n;
  if (settings.warmupS > 0) await wrk(cluster, connections, settings.warmupS, settings.loadCpu);
  await Promise.all(cluster.daemons.map((d) => waitIdle(d.server, 10_000)));
  const window = cpuWindow(cluster.daemons.map((d) => d.server.pid));
  const { w, errors, out } = await wrk(cluster, connections, settings.durationS, settings.loadCpu);
  const cpu = window.end();
  writeFileSync(logFile, out);
  if (w.requests === 0)
    throw new Error(`no whoami answer in the ${settings.durationS} s window (wrk output in ${logFile})`);
  return {
    rps: w.rps,
    p50Ms: w.p50_ms,
    p99Ms: w.p99_ms,
    requests: w.requests,
    bad: w.bad + errors,
    connections,
    cpu,
  };
}
