/**
 * From the runs of one benchmark to its summary: per operation and server, the median rate over
 * the repetitions with its min–max spread, median p50/p99, server CPU per operation and peak RSS;
 * the ratios logond/better-auth and logond/limit measured in the same run; and the targets of
 * issue 7, each met, missed, or not measured.
 */
import type { CoreUsage } from './proc-stats.ts';
import { type Spread, spreadOf } from './stats.ts';
import { OPERATIONS, type Operation } from './workload.ts';

export type TargetName = 'logond' | 'better-auth' | 'limit';

/** One measured run. */
export interface RunRecord {
  readonly operation: Operation;
  readonly target: TargetName;
  readonly rep: number;
  readonly rate: number;
  readonly unit: 'req/s' | 'cycles/s';
  readonly ops: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly serverCpuS: number | null;
  readonly cpuUsPerOp: number | null;
  readonly rssMb: number;
  readonly peakMb: number;
  readonly bad: number;
  /** How the server's CPU was used over the measured window, percent. */
  readonly core?: CoreUsage;
  readonly sessionsBefore?: number;
  readonly sessionsAfter?: number;
  readonly detail: Record<string, unknown>;
}

/** One row of the table. */
export interface SummaryRow {
  readonly operation: Operation;
  readonly target: TargetName;
  readonly reps: number;
  readonly unit: 'req/s' | 'cycles/s';
  readonly rate: Spread;
  /** (max − min) / median, percent. */
  readonly spreadPct: number;
  readonly p50Ms: Spread;
  readonly p99Ms: Spread;
  readonly cpuUsPerOp: number | null;
  readonly peakMb: number;
  readonly bad: number;
  /** Median share of its CPU the server used over the window (below ~90 %: something else limited the rate). */
  readonly serverBusyPct: number | null;
  /** The largest share of the server's CPU that other work (kernel networking, other processes) or the hypervisor took. */
  readonly otherMaxPct: number | null;
  /** For cycles: live sessions before → after each run (equal when every session was closed). */
  readonly sessions: string | null;
}

/** logond's median over the other server's median, and the range of the per-repetition ratios. */
export interface Ratio {
  readonly operation: Operation;
  readonly versus: 'better-auth' | 'limit';
  readonly ratio: number;
  readonly min: number;
  readonly max: number;
  /**
   * The other server's CPU per operation over logond's (medians): the same comparison by cost
   * instead of rate, less sensitive to what else the machine was doing during the window.
   */
  readonly byCpu: number | null;
}

/** A target of issue 7. `met` is null when this run did not measure it (quick mode: no peer). */
export interface TargetCheck {
  readonly id: string;
  readonly goal: string;
  readonly measured: string;
  readonly met: boolean | null;
}

/** The scrypt parameters of a password package. */
export interface KdfParameters {
  readonly N: number;
  readonly r: number;
  readonly p: number;
  readonly keyLength: number;
  readonly saltBytes: number;
}

/** Extra evidence the targets use besides the runs. */
export interface Evidence {
  readonly logondKdf: KdfParameters;
  readonly peerKdf: KdfParameters | undefined;
  readonly busy:
    | {
        statuses: Record<string, number>;
        retryAfter: string | null;
        title: string | null;
        firstBusyMs: number | null;
      }
    | undefined;
}

function num(values: (number | null)[]): number | null {
  const s = spreadOf(values.filter((v): v is number => v !== null));
  return Number.isNaN(s.median) ? null : s.median;
}

/** The table rows, in operation order, logond first. */
export function toRows(runs: readonly RunRecord[]): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const operation of OPERATIONS) {
    for (const target of ['logond', 'better-auth', 'limit'] as const) {
      const rs = runs.filter((r) => r.operation === operation && r.target === target);
      if (rs.length === 0) continue;
      const rate = spreadOf(rs.map((r) => r.rate));
      const cycles = rs.filter((r) => r.sessionsBefore !== undefined);
      rows.push({
        operation,
        target,
        reps: rs.length,
        unit: rs[0]!.unit,
        rate,
        spreadPct: rate.median > 0 ? (100 * (rate.max - rate.min)) / rate.median : Number.NaN,
        p50Ms: spreadOf(rs.map((r) => r.p50Ms)),
        p99Ms: spreadOf(rs.map((r) => r.p99Ms)),
        cpuUsPerOp: num(rs.map((r) => r.cpuUsPerOp)),
        peakMb: Math.max(...rs.map((r) => r.peakMb)),
        bad: rs.reduce((n, r) => n + r.bad, 0),
        serverBusyPct: num(rs.map((r) => r.core?.serverPct ?? null)),
        otherMaxPct: rs.some((r) => r.core !== undefined)
          ? Math.max(...rs.map((r) => (r.core === undefined ? 0 : r.core.otherPct + r.core.stealPct)))
          : null,
        sessions:
          cycles.length === 0 ? null : cycles.map((r) => `${r.sessionsBefore}→${r.sessionsAfter}`).join(', '),
      });
    }
  }
  return rows;
}

/** logond/better-auth for every operation both ran, and logond/limit for whoami. */
export function toRatios(runs: readonly RunRecord[]): Ratio[] {
  const out: Ratio[] = [];
  for (const operation of OPERATIONS) {
    const mine = runs.filter((r) => r.operation === operation && r.target === 'logond');
    for (const versus of ['better-auth', 'limit'] as const) {
      const theirs = runs.filter((r) => r.operation === operation && r.target === versus);
      if (mine.length === 0 || theirs.length === 0) continue;
      const perRep = mine
        .map((m) => [m.rate, theirs.find((t) => t.rep === m.rep)?.rate] as const)
        .filter((p): p is readonly [number, number] => p[1] !== undefined && p[1] > 0)
        .map(([a, b]) => a / b);
      const s = spreadOf(perRep);
      const ratio = spreadOf(mine.map((r) => r.rate)).median / spreadOf(theirs.map((r) => r.rate)).median;
      const mineCpu = num(mine.map((r) => r.cpuUsPerOp));
      const theirCpu = num(theirs.map((r) => r.cpuUsPerOp));
      const byCpu = mineCpu === null || theirCpu === null || mineCpu === 0 ? null : theirCpu / mineCpu;
      out.push({ operation, versus, ratio, min: s.min, max: s.max, byCpu });
    }
  }
  return out;
}

const fmt = (v: number, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : 'n/a');

/** The targets of issue 7 against this run. */
export function toTargets(rows: readonly SummaryRow[], ratios: readonly Ratio[], e: Evidence): TargetCheck[] {
  const ratio = (op: Operation, versus: Ratio['versus']) =>
    ratios.find((r) => r.operation === op && r.versus === versus);
  const row = (op: Operation, t: TargetName) => rows.find((r) => r.operation === op && r.target === t);
  const atLeast = (id: string, goal: string, r: Ratio | undefined, min: number): TargetCheck => ({
    id,
    goal,
    measured:
      r === undefined
        ? 'not measured'
        : `${fmt(r.ratio, 2)}× (per repetition ${fmt(r.min, 2)}–${fmt(r.max, 2)}×)` +
          `${r.byCpu === null ? '' : `; by CPU per operation ${fmt(r.byCpu, 2)}×`}`,
    met: r === undefined ? null : r.ratio >= min,
  });
  const mixed = row('whoami-during-logons', 'logond');
  const pwMine = row('logon-password', 'logond');
  const pwPeer = row('logon-password', 'better-auth');
  const k = e.logondKdf;
  const p = e.peerKdf;
  const stronger =
    p === undefined
      ? null
      : k.N >= p.N && k.r >= p.r && k.p >= p.p && k.keyLength >= p.keyLength && k.saltBytes >= p.saltBytes;
  const kdfText = (x: KdfParameters) =>
    `scrypt N=${x.N} r=${x.r} p=${x.p}, ${x.keyLength}-byte key, ${x.saltBytes}-byte salt`;
  return [
    atLeast(
      'whoami-vs-limit',
      'logond whoami ≥ 80 % of the bare node:http limit',
      ratio('whoami', 'limit'),
      0.8,
    ),
    atLeast(
      'cycle-vs-peer',
      'logon + logoff cycles (trivial hash, durable) ≥ 20 × better-auth',
      ratio('cycle-trivial', 'better-auth'),
      20,
    ),
    atLeast(
      'list-vs-peer',
      "listing a user's 100 sessions ≥ 20 × better-auth",
      ratio('list-100', 'better-auth'),
      20,
    ),
    {
      id: 'whoami-p99-during-logons',
      goal: 'whoami p99 < 20 ms while 50 password logons run (in every repetition)',
      measured:
        mixed === undefined
          ? 'not measured'
          : `p99 ${fmt(mixed.p99Ms.median, 2)} ms (repetitions ${fmt(mixed.p99Ms.min, 2)}–${fmt(mixed.p99Ms.max, 2)}), ${fmt(mixed.rate.median, 0)} req/s, ${mixed.bad} bad`,
      // Every repetition: one stalled window is a stall.
      met: mixed === undefined ? null : mixed.p99Ms.max < 20 && mixed.bad === 0,
    },
    {
      id: 'busy-answer',
      goal: 'bounded password queue: a clear "busy" answer when it is full',
      measured:
        e.busy === undefined
          ? 'not measured'
          : `${Object.entries(e.busy.statuses)
              .map(([s, n]) => `${n} × ${s}`)
              .join(
                ', ',
              )}; first 503 after ${e.busy.firstBusyMs ?? 'n/a'} ms, ${e.busy.title ?? 'no title'}, Retry-After ${e.busy.retryAfter ?? 'missing'}`,
      met: e.busy === undefined ? null : (e.busy.statuses['503'] ?? 0) > 0 && e.busy.retryAfter !== null,
    },
    {
      id: 'password-strength',
      goal: "real password package at least as strong as better-auth's scrypt",
      measured: `logond ${kdfText(k)}; better-auth ${p === undefined ? 'not read' : kdfText(p)}`,
      met: stronger,
    },
    {
      id: 'password-speed',
      goal: 'real password package at least as fast per core as better-auth (CPU per logon, server on one core)',
      measured:
        pwMine === undefined || pwPeer === undefined
          ? 'not measured'
          : `${fmt(pwMine.rate.median, 2)} vs ${fmt(pwPeer.rate.median, 2)} logons/s (${fmt(pwMine.rate.median / pwPeer.rate.median, 2)}×); CPU ${fmt((pwMine.cpuUsPerOp ?? Number.NaN) / 1000, 1)} vs ${fmt((pwPeer.cpuUsPerOp ?? Number.NaN) / 1000, 1)} ms per logon`,
      // Per core = per CPU-second of the server process (all threads): the rate on one pinned core
      // is the same figure when the core is saturated, but CPU per logon is not blurred by idle gaps.
      met:
        pwMine?.cpuUsPerOp == null || pwPeer?.cpuUsPerOp == null
          ? null
          : pwMine.cpuUsPerOp <= pwPeer.cpuUsPerOp,
    },
  ];
}
