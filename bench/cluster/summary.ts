/**
 * From the runs of a cluster benchmark to its figures: per daemon count the medians over the
 * repetitions (with their range), the ratios to one daemon (of the medians, and the range of the
 * per-repetition ratios: repetition r of N daemons over repetition r of one, run minutes apart),
 * the cascade figures, and the two targets judged on the medians.
 */
import { type Spread, spreadOf } from '../compare/stats.ts';
import type { CascadeRun } from './cascade.ts';
import type { CycleRun } from './cycles.ts';
import type { WhoamiRun } from './whoami.ts';

/** One daemon count in one repetition. */
export interface ConfigRun {
  readonly daemons: number;
  readonly rep: number;
  readonly whoami: WhoamiRun | null;
  readonly cycles: CycleRun | null;
}

/** The figures of one daemon count over the repetitions. */
export interface SummaryRow {
  readonly daemons: number;
  readonly whoamiConnections: number;
  readonly whoamiRps: Spread;
  readonly whoamiP50Ms: number;
  readonly whoamiP99Ms: number;
  /** whoami: daemons' and PostgreSQL's CPU µs per request (medians). */
  readonly whoamiDaemonUs: number;
  readonly whoamiPostgresUs: number;
  /** whoami: how busy each core was (medians, %). */
  readonly whoamiCoreBusyPct: readonly number[];
  /** whoami: cores used by neither the daemons nor PostgreSQL (load generator, kernel, others; median). */
  readonly whoamiOtherCores: number;
  readonly cyclesCps: Spread;
  readonly cycleP50Ms: number;
  readonly cycleP99Ms: number;
  readonly cycleDaemonUs: number;
  readonly cyclePostgresUs: number;
  /** Bad whoami answers plus failed cycles, all repetitions. */
  readonly bad: number;
  /** Deadlocks PostgreSQL broke during the cycle windows, all repetitions. */
  readonly cycleDeadlocks: number;
  /** Logon sessions a cycle window left open (should be 0), the worst repetition. */
  readonly sessionsLeft: number;
}

/** A ratio to one daemon. */
export interface Ratio {
  readonly daemons: number;
  readonly whoami: number;
  readonly whoamiRange: Spread;
  readonly cycles: number;
  readonly cyclesRange: Spread;
}

/** A target of the issue. */
export interface TargetCheck {
  readonly goal: string;
  readonly measured: string;
  /** null: not measured in this run. */
  readonly met: boolean | null;
}

const median = (values: readonly number[]) => spreadOf(values).median;
const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

function perOp(runs: readonly (WhoamiRun | CycleRun)[], what: 'daemons' | 'postgres'): number {
  return median(
    runs.map((r) => {
      const ops = 'requests' in r ? r.requests : r.cycles;
      const s = what === 'daemons' ? sum(r.cpu.daemonsS) : (r.cpu.postgresS ?? Number.NaN);
      return ops === 0 ? Number.NaN : Math.round((s * 1e6) / ops);
    }),
  );
}

/** The rows, one per daemon count, in the order given. */
export function toRows(runs: readonly ConfigRun[], counts: readonly number[]): SummaryRow[] {
  return counts.map((daemons) => {
    const mine = runs.filter((r) => r.daemons === daemons);
    const w = mine.flatMap((r) => (r.whoami === null ? [] : [r.whoami]));
    const c = mine.flatMap((r) => (r.cycles === null ? [] : [r.cycles]));
    const cores = Math.max(0, ...w.map((r) => r.cpu.coreBusyPct.length));
    return {
      daemons,
      whoamiConnections: w[0]?.connections ?? 0,
      whoamiRps: spreadOf(w.map((r) => r.rps)),
      whoamiP50Ms: median(w.map((r) => r.p50Ms)),
      whoamiP99Ms: median(w.map((r) => r.p99Ms)),
      whoamiDaemonUs: perOp(w, 'daemons'),
      whoamiPostgresUs: perOp(w, 'postgres'),
      whoamiCoreBusyPct: Array.from({ length: cores }, (_, i) => median(w.map((r) => r.cpu.coreBusyPct[i]!))),
      whoamiOtherCores: median(w.map((r) => r.cpu.otherCores)),
      cyclesCps: spreadOf(c.map((r) => r.cps)),
      cycleP50Ms: median(c.map((r) => r.p50Ms)),
      cycleP99Ms: median(c.map((r) => r.p99Ms)),
      cycleDaemonUs: perOp(c, 'daemons'),
      cyclePostgresUs: perOp(c, 'postgres'),
      bad: sum(w.map((r) => r.bad)) + sum(c.map((r) => r.errors)),
      cycleDeadlocks: sum(c.map((r) => r.deadlocks)),
      sessionsLeft: Math.max(0, ...c.map((r) => r.sessionsAfter - r.sessionsBefore)),
    };
  });
}

/** Ratios of every daemon count but one to one daemon (empty when one daemon was not measured). */
export function toRatios(runs: readonly ConfigRun[], rows: readonly SummaryRow[]): Ratio[] {
  const one = rows.find((r) => r.daemons === 1);
  if (one === undefined) return [];
  const paired = (daemons: number, pick: (r: ConfigRun) => number | undefined) =>
    spreadOf(
      runs
        .filter((r) => r.daemons === daemons)
        .map((r) => {
          const base = runs.find((b) => b.daemons === 1 && b.rep === r.rep);
          const a = pick(r);
          const b = base === undefined ? undefined : pick(base);
          return a === undefined || b === undefined || b === 0 ? Number.NaN : a / b;
        }),
    );
  return rows
    .filter((r) => r.daemons !== 1)
    .map((r) => ({
      daemons: r.daemons,
      whoami: r.whoamiRps.median / one.whoamiRps.median,
      whoamiRange: paired(r.daemons, (x) => x.whoami?.rps),
      cycles: r.cyclesCps.median / one.cyclesCps.median,
      cyclesRange: paired(r.daemons, (x) => x.cycles?.cps),
    }));
}

const x2 = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : 'n/a');

/** The targets: two daemons ≥ 1.4× one daemon's whoami; cross-daemon cascade p99 < 50 ms. */
export function toTargets(ratios: readonly Ratio[], cascade: readonly CascadeRun[]): TargetCheck[] {
  const two = ratios.find((r) => r.daemons === 2);
  const p99 = spreadOf(cascade.map((c) => c.p99Ms));
  return [
    {
      goal: 'two daemons give ≥ 1.4× the whoami requests/s of one',
      measured:
        two === undefined
          ? 'not measured'
          : `${x2(two.whoami)} (per repetition ${x2(two.whoamiRange.min)}–${x2(two.whoamiRange.max)})`,
      met: two === undefined || !Number.isFinite(two.whoami) ? null : two.whoami >= 1.4,
    },
    {
      goal: 'cross-daemon cascade p99 < 50 ms',
      measured:
        cascade.length === 0
          ? 'not measured'
          : `${p99.median.toFixed(1)} ms (per repetition ${p99.min.toFixed(1)}–${p99.max.toFixed(1)} ms)`,
      met: cascade.length === 0 || !Number.isFinite(p99.median) ? null : p99.median < 50,
    },
  ];
}
