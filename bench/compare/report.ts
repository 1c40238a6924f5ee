/**
 * The written results of a benchmark run: `summary.json` (everything, machine-readable) and
 * `summary.md` (the same as tables), printed with the machine, the settings and the command.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MachineInfo } from './machine.ts';
import { ratiosSvg } from './ratios-svg.ts';
import type { Ratio, SummaryRow, TargetCheck, TargetName } from './summary.ts';
import { OPERATION_LABELS } from './workload.ts';

/** `summary.json`. */
export interface SummaryDocument {
  readonly date: string;
  readonly command: string;
  readonly mode: 'full' | 'quick';
  readonly machine: MachineInfo;
  readonly settings: {
    readonly serverCpu: number | null;
    readonly loadCpu: number | null;
    readonly nice: number;
    readonly connections: number;
    readonly warmupS: number;
    readonly durationS: number;
    readonly reps: number;
    readonly users: number;
    readonly listSessions: number;
    readonly loadTool: string;
  };
  readonly source: {
    readonly commit: string;
    readonly modified: readonly string[];
    readonly root: string;
    readonly snapshot: boolean;
  };
  readonly servers: Partial<Record<TargetName, Record<string, string>>>;
  readonly rows: readonly SummaryRow[];
  readonly ratios: readonly Ratio[];
  readonly targets: readonly TargetCheck[];
  readonly notes: readonly string[];
  readonly elapsedS: number;
}

const n0 = (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : 'n/a');
const rateText = (v: number) => (!Number.isFinite(v) ? 'n/a' : v >= 100 ? n0(v) : v.toFixed(1));
const ms = (v: number) => (!Number.isFinite(v) ? 'n/a' : v >= 100 ? n0(v) : v.toFixed(2));
const mark = (met: boolean | null) => (met === null ? '– not measured' : met ? '✅ met' : '❌ missed');

/** `summary.md`. */
export function toMarkdown(doc: SummaryDocument): string {
  const s = doc.settings;
  const m = doc.machine;
  const lines: string[] = [];
  lines.push(
    `# logond vs better-auth vs the bare Node limit — ${doc.date}`,
    '',
    `Command: \`${doc.command}\` (${doc.mode} mode, ${Math.round(doc.elapsedS / 60)} min).`,
    '',
    `Machine: ${m.nproc} CPUs (${m.cpuModel}), ${m.memoryGiB} GiB, Linux ${m.kernel}; wrk ${m.wrk}. ` +
      `Server pinned to CPU ${s.serverCpu ?? '(unpinned)'}, load to CPU ${s.loadCpu ?? '(unpinned)'}${m.taskset ? ' (taskset)' : ' (no taskset: unpinned)'}; ` +
      `${s.nice === 0 ? '' : `servers and load at nice ${s.nice} (shared machine: other jobs then take little of the pinned cores; every server the same); `}` +
      `${s.connections} connections, ${s.warmupS} s warm-up + ${s.durationS} s measured, ${s.reps} repetition${s.reps === 1 ? '' : 's'} (outer loop), ` +
      `fresh server on fresh data for every run; ${s.users} users with one session each and a user with ${s.listSessions} sessions. Load: ${s.loadTool}.`,
    '',
    `logond source: commit ${doc.source.commit}${doc.source.modified.length === 0 ? '' : ` plus uncommitted changes to ${doc.source.modified.join(', ')}`}` +
      `${doc.source.snapshot ? ' (copied at the start, so that edits during the run do not mix in)' : ''}.`,
    '',
  );
  for (const [name, info] of Object.entries(doc.servers))
    lines.push(
      `- **${name}**: ${Object.entries(info)
        .map(([k, v]) => `${k} ${v}`)
        .join('; ')}`,
    );
  lines.push(
    '',
    '## Results: median (min–max) over the repetitions',
    '',
    '| operation | server | rate | min–max (spread) | p50 ms | p99 ms | server CPU µs/op | server core busy % / others max % | peak RSS MB | bad answers |',
    '|---|---|---:|---|---:|---:|---:|---:|---:|---:|',
  );
  for (const r of doc.rows) {
    lines.push(
      `| ${OPERATION_LABELS[r.operation]} | ${r.target} | ${rateText(r.rate.median)} ${r.unit} | ${rateText(r.rate.min)}–${rateText(r.rate.max)} (${Number.isFinite(r.spreadPct) ? r.spreadPct.toFixed(0) : 'n/a'} %) | ` +
        `${ms(r.p50Ms.median)} | ${ms(r.p99Ms.median)} | ${r.cpuUsPerOp === null ? '–' : n0(r.cpuUsPerOp)} | ${r.serverBusyPct === null ? '–' : `${n0(r.serverBusyPct)} / ${n0(r.otherMaxPct ?? Number.NaN)}`} | ${n0(r.peakMb)} | ${r.bad}${r.sessions === null ? '' : `; sessions ${r.sessions}`} |`,
    );
  }
  lines.push(
    '',
    '## Ratios (logond ÷ other, same run)',
    '',
    '| operation | logond / better-auth: rate (per repetition) · by CPU per op | logond / limit: rate (per repetition) · by CPU per op |',
    '|---|---:|---:|',
  );
  const ops = [...new Set(doc.ratios.map((r) => r.operation))];
  for (const op of ops) {
    const cell = (v: Ratio['versus']) => {
      const r = doc.ratios.find((q) => q.operation === op && q.versus === v);
      if (r === undefined) return '–';
      if (!Number.isFinite(r.ratio)) return `∞ (${v} answered none)`;
      const cpu = r.byCpu === null ? '' : ` · ${r.byCpu.toFixed(2)}×`;
      return `${r.ratio.toFixed(2)}× (${r.min.toFixed(2)}–${r.max.toFixed(2)})${cpu}`;
    };
    lines.push(`| ${OPERATION_LABELS[op]} | ${cell('better-auth')} | ${cell('limit')} |`);
  }
  lines.push(
    '',
    '![ratios](ratios.svg)',
    '',
    '## Targets (issue 7)',
    '',
    '| target | measured | verdict |',
    '|---|---|---|',
  );
  for (const t of doc.targets) lines.push(`| ${t.goal} | ${t.measured} | ${mark(t.met)} |`);
  if (doc.notes.length > 0) lines.push('', '## Notes', '', ...doc.notes.map((n) => `- ${n}`));
  lines.push(
    '',
    'Rates count good answers and failed ones alike; a run with bad answers is flagged in the last column. ' +
      'Latencies are closed-loop (wrk, or the Node driver), not corrected for coordinated omission: at 50 connections they are mostly queueing. ' +
      "Server CPU per operation is the server process's user + system time (all threads, /proc/<pid>/stat) over the measured window divided by the operations completed.",
    '',
  );
  return lines.join('\n');
}

/** Writes `summary.md` and `ratios.svg` of `doc` into `dir`; returns the Markdown. */
export function renderResults(dir: string, doc: SummaryDocument): string {
  const markdown = toMarkdown(doc);
  writeFileSync(join(dir, 'summary.md'), markdown);
  writeFileSync(
    join(dir, 'ratios.svg'),
    ratiosSvg(doc.ratios, `logond vs better-auth and the bare Node limit, ${doc.date}`),
  );
  return markdown;
}
