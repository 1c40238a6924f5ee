/**
 * The command line of `bench/compare/main.ts`, with the two presets: the full comparison (the
 * peer's settings: 50 connections, 3 repetitions; durations chosen so the whole run, peer install
 * and seed included, stays under 40 minutes on a 2-core machine) and `--quick` (logond and the
 * limit only, 1 repetition of 2 s each, a few seconds per scenario: what the test suite runs).
 */
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { OPERATIONS, type Operation } from './workload.ts';

/** Everything a run needs to know. */
export interface CompareOptions {
  readonly mode: 'full' | 'quick';
  readonly root: string;
  readonly reps: number;
  readonly warmupS: number;
  readonly durationS: number;
  readonly backlogS: number;
  readonly connections: number;
  readonly users: number;
  readonly passwordUsers: number;
  readonly listSessions: number;
  readonly operations: readonly Operation[];
  readonly targets: readonly ('logond' | 'better-auth' | 'limit')[];
  readonly out: string;
  readonly workDir: string;
  readonly peerHarness: string;
  readonly reusePeer: boolean;
  readonly snapshot: boolean;
  readonly logondRoot: string | undefined;
  /** Take the snapshot from this git commit instead of the working tree (bench/packages from the tree). */
  readonly logondRef: string | undefined;
  readonly logLevel: string | undefined;
  readonly cpuProfile: boolean;
  readonly tool: 'wrk' | 'node' | undefined;
  readonly serverCpu: number;
  readonly loadCpu: number;
  readonly systemNode: string;
  /** Nice value of the pinned servers and load generators (default −15 as root, else 0). */
  readonly nice: number;
  /** Burst size of the busy probe (0: skip). */
  readonly busyBurst: number;
  readonly json: boolean;
}

export const USAGE = `Usage: npm run bench:compare -- [options]     (node bench/compare/main.ts)

Runs logond's daemon, better-auth (the peer harness) and the bare node:http limit side by side,
with the same pinning, load tool and settings, and writes bench/results/<UTC time>/summary.{md,json}
and ratios.svg.

  --quick              logond and the limit only, 1 repetition of 2 s (what the tests run)
  --reps=N             repetitions (full: 3)        --duration=S   measured seconds (full: 20)
  --warmup=S           warm-up seconds (full: 10)   --connections=N  (50)
  --only=OP,...        operations: ${OPERATIONS.join(', ')}
  --targets=T,...      logond, better-auth, limit
  --out=DIR            results directory            --work-dir=DIR  scratch (default: $TMPDIR)
  --peer-harness=DIR   default ../shared/peers-bench/better-auth
  --reuse-peer         keep an installed, seeded peer copy in the work dir
  --no-snapshot        run logond from the working tree instead of a copy taken at the start
  --logond-ref=REF     snapshot logond's src/ and bin/ from git commit REF (e.g. HEAD)
  --logond-root=DIR    run the logond found in DIR
  --log-level=LEVEL    logond's log level (default: the daemon's own, info)
  --cpu-prof           write a V8 CPU profile of every logond run (into the results' logs/)
  --tool=wrk|node      load tool for GETs and POSTs (default: wrk if installed)
  --server-cpu=N --load-cpu=N   (0 and 1)         --system-node=PATH  Node of the peer (20)
  --nice=N             nice value of pinned servers and load (default -15 as root: other jobs on a
                       shared machine then take little of the pinned cores; every server gets it)
  --json               print summary.json instead of summary.md`;

/** The first `node` on PATH outside node_modules/.bin (npm puts the project's Node 24 first). */
function systemNode(): string {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (dir.includes('node_modules')) continue;
    const candidate = join(dir, 'node');
    if (existsSync(candidate)) return candidate;
  }
  return 'node';
}

function stamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/** Parses `argv` (without node and the script). Throws with the usage on a bad option. */
export function parseOptions(argv: readonly string[], root: string, now = new Date()): CompareOptions {
  const { values: v } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      reps: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      users: { type: 'string' },
      only: { type: 'string' },
      targets: { type: 'string' },
      out: { type: 'string' },
      'work-dir': { type: 'string' },
      'peer-harness': { type: 'string' },
      'reuse-peer': { type: 'boolean', default: false },
      'no-snapshot': { type: 'boolean', default: false },
      'logond-root': { type: 'string' },
      'logond-ref': { type: 'string' },
      'log-level': { type: 'string' },
      'cpu-prof': { type: 'boolean', default: false },
      tool: { type: 'string' },
      'server-cpu': { type: 'string' },
      'load-cpu': { type: 'string' },
      'system-node': { type: 'string' },
      nice: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (v.help) throw new Error(USAGE);
  const quick = v.quick;
  const int = (name: string, text: string | undefined, fallback: number, min = 0): number => {
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < min)
      throw new Error(`--${name} must be an integer ≥ ${min}, not ${text}\n\n${USAGE}`);
    return n;
  };
  const list = <T extends string>(
    name: string,
    text: string | undefined,
    allowed: readonly T[],
    fallback: readonly T[],
  ): T[] => {
    if (text === undefined) return [...fallback];
    const items = text
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const item of items)
      if (!allowed.includes(item as T))
        throw new Error(`--${name}: unknown ${JSON.stringify(item)}\n\n${USAGE}`);
    return items as T[];
  };
  if (
    v.nice !== undefined &&
    !(Number.isInteger(Number(v.nice)) && Number(v.nice) >= -20 && Number(v.nice) <= 19)
  )
    throw new Error(`--nice must be an integer from -20 to 19, not ${v.nice}\n\n${USAGE}`);
  if (v.tool !== undefined && v.tool !== 'wrk' && v.tool !== 'node')
    throw new Error(`--tool must be wrk or node\n\n${USAGE}`);
  const mode = quick ? 'quick' : 'full';
  const ts = stamp(now);
  return {
    mode,
    root,
    reps: int('reps', v.reps, quick ? 1 : 3, 1),
    warmupS: int('warmup', v.warmup, quick ? 0 : 10),
    durationS: int('duration', v.duration, quick ? 2 : 20, 1),
    backlogS: quick ? 1 : 5,
    connections: int('connections', v.connections, 50, 1),
    users: int('users', v.users, quick ? 100 : 1000, 1),
    passwordUsers: quick ? 4 : 50,
    listSessions: 100,
    operations: list('only', v.only, OPERATIONS, OPERATIONS),
    targets: list(
      'targets',
      v.targets,
      ['logond', 'better-auth', 'limit'] as const,
      quick ? ['logond', 'limit'] : ['logond', 'better-auth', 'limit'],
    ),
    out: resolve(
      v.out ?? (quick ? join(tmpdir(), `logond-bench-quick-${ts}`) : join(root, 'bench/results', ts)),
    ),
    workDir: resolve(
      v['work-dir'] ?? join(tmpdir(), quick ? `logond-bench-quick-work-${ts}` : 'logond-bench-compare'),
    ),
    peerHarness: resolve(v['peer-harness'] ?? join(root, '../shared/peers-bench/better-auth')),
    reusePeer: v['reuse-peer'],
    snapshot: !v['no-snapshot'] && v['logond-root'] === undefined,
    logondRoot: v['logond-root'] === undefined ? undefined : resolve(v['logond-root']),
    logondRef: v['logond-ref'],
    logLevel: v['log-level'],
    cpuProfile: v['cpu-prof'],
    tool: v.tool as 'wrk' | 'node' | undefined,
    serverCpu: int('server-cpu', v['server-cpu'], 0),
    loadCpu: int('load-cpu', v['load-cpu'], 1),
    systemNode: v['system-node'] ?? systemNode(),
    nice: v.nice === undefined ? (process.getuid?.() === 0 ? -15 : 0) : Number(v.nice),
    busyBurst: quick ? 0 : 200,
    json: v.json,
  };
}
