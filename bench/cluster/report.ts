/**
 * The written results of `bench/cluster.ts`: `summary.json` (everything, machine-readable) and
 * `summary.md` (the same as tables, printed at the end): the machine, where every process ran,
 * the figures per daemon count, the ratios to one daemon, the cascade latency and the targets.
 */
import type { MachineInfo } from '../compare/machine.ts';
import type { Spread } from '../compare/stats.ts';
import type { CascadeRun } from './cascade.ts';
import type { ConfigRun, Ratio, SummaryRow, TargetCheck } from './summary.ts';

/** `summary.json`. */
export interface ClusterSummary {
  readonly date: string;
  readonly command: string;
  readonly mode: 'full' | 'quick';
  readonly machine: MachineInfo;
  readonly source: { readonly commit: string; readonly modified: readonly string[] };
  readonly postgres: Record<string, string>;
  /** The machine's load when the run started and when it ended. */
  readonly load: { readonly start: string; readonly end: string };
  readonly settings: {
    readonly reps: number;
    readonly warmupS: number;
    readonly durationS: number;
    readonly connections: number;
    readonly users: number;
    readonly tokenRevocation: string;
    readonly nice: number;
    readonly loadTool: string;
    readonly cascade: { readonly samples: number; readonly intervalMs: number; readonly users: number };
  };
  /** Where each process ran, one sentence per line. */
  readonly layout: readonly string[];
  /** Why the 1-vs-2-daemon comparison is fair (or what it can and cannot say). */
  readonly fairness: string;
  readonly rows: readonly SummaryRow[];
  readonly ratios: readonly Ratio[];
  readonly cascade: readonly CascadeRun[];
  readonly targets: readonly TargetCheck[];
  readonly runs: readonly ConfigRun[];
  readonly notes: readonly string[];
  readonly elapsedS: number;
}

const int = (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : 'n/a');
const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(v >= 100 ? 0 : 2) : 'n/a');
const range = (s: Spread) => (Number.isFinite(s.min) ? ` (${int(s.min)}–${int(s.max)})` : '');
const times = (v: number, s: Spread) =>
  Number.isFinite(v) ? `${v.toFixed(2)}× (${s.min.toFixed(2)}–${s.max.toFixed(2)})` : 'n/a';
const mark = (met: boolean | null) => (met === null ? 'not measured' : met ? 'MET' : 'MISSED');

/** `summary.md`. */
export function toMarkdown(doc: ClusterSummary): string {
  const m = doc.machine;
  const s = doc.settings;
  const pg = doc.postgres;
  const lines: string[] = [
    `# logond cluster benchmark (issue 6) — ${doc.date}`,
    '',
    `Command: \`${doc.command}\` (${doc.mode} mode, ${doc.elapsedS} s). Source ${doc.source.commit}` +
      (doc.source.modified.length > 0
        ? ` with uncommitted changes in ${doc.source.modified.join(', ')}.`
        : '.'),
    '',
    `Machine: ${m.nproc} CPUs (${m.cpuModel}), ${m.memoryGiB} GiB, Linux ${m.kernel}; wrk ${m.wrk}; ` +
      `taskset ${m.taskset ? 'yes' : 'no (nothing pinned)'}; nice ${s.nice}. PostgreSQL ${pg['server_version'] ?? '?'} ` +
      `(synchronous_commit ${pg['synchronous_commit'] ?? '?'}, fsync ${pg['fsync'] ?? '?'}, deadlock_timeout ${pg['deadlock_timeout'] ?? '?'}). ` +
      `At the start: ${doc.load.start}; at the end: ${doc.load.end}.`,
    '',
    `Settings: ${s.reps} repetition(s) of ${s.warmupS} s warm-up + ${s.durationS} s measured per operation and daemon count; ` +
      `${s.connections} connections split over the daemons; ${s.users} BenchFast users (one SHA-256 per logon), ` +
      `one whoami token each, issued round-robin by the daemons; the daemons' tokenRevocation is ${s.tokenRevocation}. Load: ${s.loadTool}.`,
    '',
    '## Layout',
    '',
    ...doc.layout.map((l) => `- ${l}`),
    '',
    `Fairness: ${doc.fairness}`,
    '',
    '## Throughput (medians over the repetitions, range in brackets)',
    '',
    '| daemons | whoami req/s | whoami p50 / p99 ms | whoami CPU µs/req (daemons · PostgreSQL) | cores busy % (other work, cores) | logon + close cycles/s | cycle p50 / p99 ms | cycle CPU µs (daemons · PostgreSQL) | PostgreSQL deadlocks in cycles | bad |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of doc.rows) {
    lines.push(
      `| ${r.daemons} (${r.whoamiConnections} whoami conns) | ${int(r.whoamiRps.median)}${range(r.whoamiRps)} | ` +
        `${ms(r.whoamiP50Ms)} / ${ms(r.whoamiP99Ms)} | ${int(r.whoamiDaemonUs)} · ${int(r.whoamiPostgresUs)} | ` +
        `${r.whoamiCoreBusyPct.map((p) => (Number.isFinite(p) ? p.toFixed(0) : 'n/a')).join(' / ')} (${r.whoamiOtherCores.toFixed(2)}) | ` +
        `${int(r.cyclesCps.median)}${range(r.cyclesCps)} | ${ms(r.cycleP50Ms)} / ${ms(r.cycleP99Ms)} | ` +
        `${int(r.cycleDaemonUs)} · ${int(r.cyclePostgresUs)} | ${r.cycleDeadlocks} | ${r.bad}${r.sessionsLeft > 0 ? `, ${r.sessionsLeft} sessions left open` : ''} |`,
    );
  }
  if (doc.ratios.length > 0) {
    lines.push('', '| daemons | whoami × one daemon | cycles × one daemon |', '|---|---|---|');
    for (const r of doc.ratios)
      lines.push(`| ${r.daemons} | ${times(r.whoami, r.whoamiRange)} | ${times(r.cycles, r.cyclesRange)} |`);
    lines.push('', 'Ratios: of the medians; in brackets the range of repetition-by-repetition ratios.');
  }
  lines.push(
    '',
    '## Cascade across daemons (close in one process, termination routine in another)',
    '',
    '| repetition | samples | missed | p50 ms | p99 ms | max ms | PostgreSQL deadlocks |',
    '|---|---|---|---|---|---|---|',
    ...doc.cascade.map(
      (c, i) =>
        `| ${i + 1} | ${c.samples} | ${c.missed} | ${ms(c.p50Ms)} | ${ms(c.p99Ms)} | ${ms(c.maxMs)} | ${c.deadlocks} |`,
    ),
    '',
    '## Targets (issue 6)',
    '',
    '| target | measured | verdict |',
    '|---|---|---|',
    ...doc.targets.map((t) => `| ${t.goal} | ${t.measured} | ${mark(t.met)} |`),
  );
  if (doc.notes.length > 0) lines.push('', '## Notes', '', ...doc.notes.map((n) => `- ${n}`));
  lines.push(
    '',
    "whoami latencies are one wrk histogram over every request; cycle p50/p99 are the highest of the daemons' " +
      "(one load-driver loop per daemon), an upper bound of the whole load's. All latencies are closed-loop, not corrected " +
      'for coordinated omission. CPU µs per operation: user + system time over the measured window (/proc) divided by the ' +
      "operations; PostgreSQL's is every `postgres` process, the daemons' all their threads.",
    '',
  );
  return lines.join('\n');
}
