/**
 * The command line of `bench/cluster.ts` (`npm run bench:cluster`): the full run (3 repetitions of
 * 10 s windows for 1, 2 and 3 daemons, 1,000 cascade samples) and `--quick` (1 repetition of 1 s
 * windows, 100 users, 200 cascade samples: the smoke run the test suite does).
 */
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

/** Everything a run needs to know. */
export interface ClusterOptions {
  readonly mode: 'full' | 'quick';
  readonly root: string;
  /** The PostgreSQL server (`LOGOND_BENCH_PG` or the local default). */
  readonly pgUrl: string;
  readonly reps: number;
  readonly warmupS: number;
  readonly durationS: number;
  /** What is measured: whoami, cycles, cascade (default all three). */
  readonly only: readonly ('whoami' | 'cycles' | 'cascade')[];
  /** The daemon counts compared, in table order (1, 2, 3). */
  readonly daemons: readonly number[];
  /** Connections of the whoami and cycle loads, split evenly over the daemons. */
  readonly connections: number;
  /** BenchFast users, and whoami tokens (one per user). */
  readonly users: number;
  /** Closes measured per repetition of the cross-daemon cascade. */
  readonly cascadeSamples: number;
  /** Time between two closes of the cascade measurement (ms). */
  readonly cascadeIntervalMs: number;
  /** Accounts the cascade's logons rotate over. */
  readonly cascadeUsers: number;
  /** CPUs the daemons are pinned to, round-robin (daemon k on `daemonCpus[k % length]`). */
  readonly daemonCpus: readonly number[];
  /** The CPU of the load generators (wrk, the cycle driver). */
  readonly loadCpu: number;
  readonly nice: number;
  /** The daemons' tokenRevocation (default `pushed`, the daemon's own default). */
  readonly tokenRevocation: 'immediate' | 'pushed' | 'notified';
  readonly out: string;
  readonly workDir: string;
  readonly json: boolean;
}

export const USAGE = `Usage: npm run bench:cluster -- [options]     (node bench/cluster.ts)

whoami requests/s, durable logon + close cycles/s with 1, 2 and 3 logond daemons on one PostgreSQL
(a fresh schema per daemon count and repetition), and the cascade latency across daemons (close in
one process, termination routine in another). Writes bench/results/<UTC time>-cluster/summary.{md,json}.

  --quick               1 repetition of 1 s windows, 100 users, 200 cascade samples (the smoke test)
  --reps=N              repetitions (default 3)       --duration=S  measured seconds (default 10)
  --warmup=S            warm-up seconds before each window (default 2)
  --only=whoami,cycles,cascade   what to measure (default all)
  --daemons=1,2,3       daemon counts compared        --connections=N  (default 50, split over daemons)
  --users=N             BenchFast users and whoami tokens (default 1000)
  --cascade-samples=N   closes per repetition (default 1000)   --cascade-interval-ms=N (default 5)
  --cascade-users=N     accounts the cascade's logons rotate over (default 100)
  --daemon-cpus=0,1     CPUs daemons are pinned to, round-robin   --load-cpu=N  (default 1)
  --nice=N              nice value of pinned processes (default -15 as root, else 0)
  --token-revocation=pushed|immediate|notified   the daemons' setting (default pushed, the
                        daemon's: a token closed on one daemon is refused by every other at once)
  --out=DIR             results directory            --json  print summary.json instead of Markdown
Environment: LOGOND_BENCH_PG (default postgres://postgres@127.0.0.1:5432/test).`;

function stamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/** Parses `argv` (without node and the script). Throws with the usage on a bad option. */
export function parseClusterOptions(
  argv: readonly string[],
  root: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
  now = new Date(),
): ClusterOptions {
  const text = { type: 'string' } as const;
  const { values: v } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
      reps: text,
      duration: text,
      warmup: text,
      daemons: text,
      only: text,
      connections: text,
      users: text,
      'cascade-samples': text,
      'cascade-interval-ms': text,
      'cascade-users': text,
      'daemon-cpus': text,
      'load-cpu': text,
      nice: text,
      'token-revocation': text,
      out: text,
    },
    strict: true,
  });
  if (v.help) throw new Error(USAGE);
  const quick = v.quick;
  const int = (name: string, value: string | undefined, fallback: number, min: number, max = 1e9) => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new Error(`--${name} must be an integer from ${min} to ${max}, not ${value}\n\n${USAGE}`);
    return n;
  };
  const ints = (name: string, value: string | undefined, fallback: number[], min: number, max: number) =>
    value === undefined ? fallback : value.split(',').map((part) => int(name, part.trim(), 0, min, max));
  const daemons = ints('daemons', v.daemons, [1, 2, 3], 1, 8);
  const connections = int('connections', v.connections, 50, 1);
  if (connections < Math.max(...daemons))
    throw new Error(`--connections (${connections}) must be at least the largest daemon count\n\n${USAGE}`);
  const revocation = v['token-revocation'] ?? 'pushed';
  if (revocation !== 'immediate' && revocation !== 'pushed' && revocation !== 'notified')
    throw new Error(`--token-revocation must be immediate, pushed or notified\n\n${USAGE}`);
  const parts = ['whoami', 'cycles', 'cascade'] as const;
  const only = (v.only ?? parts.join(',')).split(',').map((p) => p.trim());
  for (const p of only)
    if (!(parts as readonly string[]).includes(p))
      throw new Error(`--only: unknown ${JSON.stringify(p)} (whoami, cycles, cascade)\n\n${USAGE}`);
  const ts = stamp(now);
  return {
    mode: quick ? 'quick' : 'full',
    root,
    pgUrl: env['LOGOND_BENCH_PG'] || 'postgres://postgres@127.0.0.1:5432/test',
    reps: int('reps', v.reps, quick ? 1 : 3, 1),
    warmupS: int('warmup', v.warmup, quick ? 1 : 2, 0),
    durationS: int('duration', v.duration, quick ? 1 : 10, 1),
    only: parts.filter((p) => only.includes(p)),
    daemons,
    connections,
    users: int('users', v.users, quick ? 100 : 1000, 1),
    cascadeSamples: int('cascade-samples', v['cascade-samples'], quick ? 200 : 1000, 1),
    cascadeIntervalMs: int('cascade-interval-ms', v['cascade-interval-ms'], 5, 0),
    cascadeUsers: int('cascade-users', v['cascade-users'], 100, 1),
    daemonCpus: ints('daemon-cpus', v['daemon-cpus'], [0, 1], 0, 1023),
    loadCpu: int('load-cpu', v['load-cpu'], 1, 0, 1023),
    tokenRevocation: revocation,
    nice: int('nice', v.nice, process.getuid?.() === 0 ? -15 : 0, -20, 19),
    out: resolve(
      v.out ??
        (quick
          ? join(tmpdir(), `logond-bench-cluster-quick-${ts}`)
          : join(root, 'bench/results', `${ts}-cluster`)),
    ),
    workDir: join(tmpdir(), `logond-bench-cluster-work-${ts}`),
    json: v.json,
  };
}
