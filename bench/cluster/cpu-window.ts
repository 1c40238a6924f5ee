/**
 * Where the CPU went over a measured window: each daemon's CPU seconds, PostgreSQL's (every
 * `postgres` process: the server is a system service, not pinned), and how busy each core was.
 * Read from `/proc` before and after the window (Linux; figures are null elsewhere).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { type CoreTimes, coreTimesOf, cpuSecondsOf } from '../compare/proc-stats.ts';

/** CPU use over one window. */
export interface CpuUse {
  /** CPU seconds of each daemon (all threads), in daemon order. */
  readonly daemonsS: readonly number[];
  /** CPU seconds of PostgreSQL's processes. */
  readonly postgresS: number | null;
  /** Percent busy (not idle, not stolen) of each core, CPU 0 first. */
  readonly coreBusyPct: readonly number[];
  /**
   * Cores' busy time not spent in the daemons or PostgreSQL, in cores (busy seconds per second):
   * the load generator, the kernel's loopback networking, and any other process on the machine.
   */
  readonly otherCores: number;
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
  const t0 = performance.now();
  return {
    end() {
      const seconds = (performance.now() - t0) / 1000;
      const daemonsS = pids.map((pid, i) => round(cpuSecondsOf(pid) - daemons0[i]!));
      const pg1 = postgresTimes();
      // A backend that started inside the window counts from zero; one that ended is not seen.
      let pg = 0;
      for (const [pid, s] of pg1) pg += s - (pg0.get(pid) ?? 0);
      const busy = (a: CoreTimes | undefined, b: CoreTimes | undefined) =>
        a === undefined || b === undefined || b.totalS <= a.totalS
          ? Number.NaN
          : round((100 * (b.busyS - a.busyS)) / (b.totalS - a.totalS), 1);
      const coreBusyPct = core0.map((c, i) => busy(c, coreTimesOf(i)));
      const busyS = (coreBusyPct.reduce((a, b) => a + b, 0) / 100) * seconds;
      const ownS = daemonsS.reduce((a, b) => a + b, 0) + pg;
      return {
        daemonsS,
        postgresS: pg1.size === 0 ? null : round(pg),
        coreBusyPct,
        otherCores: round(Math.max(0, busyS - ownS) / seconds),
      };
    },
  };
}

/**
 * The machine's load now: the 1/5/15-minute load averages and the share of the last minute some
 * task waited for a CPU (Linux pressure stall information), to tell a quiet machine from a busy one.
 */
export function machineLoad(): string {
  let pressure = 'n/a';
  try {
    const avg60 = /^some .*avg60=([0-9.]+)/m.exec(readFileSync('/proc/pressure/cpu', 'utf8'))?.[1];
    if (avg60 !== undefined) pressure = `${avg60} %`;
  } catch {}
  return `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}, CPU pressure (60 s) ${pressure}`;
}

function round(v: number, digits = 2): number {
  return Number(v.toFixed(digits));
}
