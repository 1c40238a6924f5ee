/**
 * Where the CPU went over a measured window: each daemon's CPU seconds, PostgreSQL's (every
 * `postgres` process: the server is a system service, not pinned), and how busy each core was.
 * Read from `/proc` before and after the window (Linux; figures are null elsewhere).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { type CoreTimes, coreTimesOf, cpuSecondsOf } from '../compare/proc-stats.ts';

/** CPU use over one window. */
export interface CpuUse {
  /** CPU seconds of each daemon (all threads), in daemon order. */
  readonly daemonsS: readonly number[];
  /** CPU seconds of PostgreSQL's processes. */
  readonly postgresS: number | null;
  /** Percent busy (not idle, not stolen) of each core, CPU 0 first. */
  readonly coreBusyPct: readonly number[];
}

function postgresTimes(): Map<number, number> {
  const times = new Map<number, number>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return times;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
    } catch {
      continue;
    }
    const s = cpuSecondsOf(Number(entry));
    if (Number.isFinite(s)) times.set(Number(entry), s);
  }
  return times;
}

/** Starts a window over the daemons `pids`; `end()` gives the use since. */
export function cpuWindow(pids: readonly number[]): { end(): CpuUse } {
  const daemons0 = pids.map(cpuSecondsOf);
  const pg0 = postgresTimes();
  const cores = cpus().length;
  const core0 = Array.from({ length: cores }, (_, i) => coreTimesOf(i));
  return {
    end() {
      const daemonsS = pids.map((pid, i) => round(cpuSecondsOf(pid) - daemons0[i]!));
      const pg1 = postgresTimes();
      // A backend that started inside the window counts from zero; one that ended is not seen.
      let pg = 0;
      for (const [pid, s] of pg1) pg += s - (pg0.get(pid) ?? 0);
      const busy = (a: CoreTimes | undefined, b: CoreTimes | undefined) =>
        a === undefined || b === undefined || b.totalS <= a.totalS
          ? Number.NaN
          : round((100 * (b.busyS - a.busyS)) / (b.totalS - a.totalS), 1);
      return {
        daemonsS,
        postgresS: pg1.size === 0 ? null : round(pg),
        coreBusyPct: core0.map((c, i) => busy(c, coreTimesOf(i))),
      };
    },
  };
}

function round(v: number, digits = 2): number {
  return Number(v.toFixed(digits));
}
