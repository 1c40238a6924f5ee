/**
 * A server process's CPU time and memory from `/proc` (Linux): user + system time of all its
 * threads (`/proc/<pid>/stat` fields 14 and 15, which include the libuv pool's threads where
 * scrypt runs), resident set size now and at its peak (`VmRSS`, `VmHWM`).
 */
import { readFileSync } from 'node:fs';

/** Clock ticks per second of `/proc/<pid>/stat` (USER_HZ; 100 on every Linux this runs on). */
const USER_HZ = 100;

/** User + system CPU seconds `pid` has used so far, all threads; NaN if it cannot be read. */
export function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces: #3 (state) on.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
  } catch {
    return Number.NaN;
  }
}

/** Resident memory of `pid` in MiB, now and at its peak; NaN if it cannot be read. */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) =>
      Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    return { rssMb: Number.NaN, peakMb: Number.NaN };
  }
}

/** Cumulative times of one CPU from `/proc/stat`, in seconds: busy (not idle, not stolen), stolen by the hypervisor, all. */
export interface CoreTimes {
  readonly busyS: number;
  readonly stealS: number;
  readonly totalS: number;
}

/** The times of CPU `cpu` so far; undefined if `/proc/stat` cannot be read. */
export function coreTimesOf(cpu: number): CoreTimes | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`cpu${cpu} `));
    if (line === undefined) return undefined;
    // user nice system idle iowait irq softirq steal (guest time is already in user)
    const [user, nice, system, idle, iowait, irq, softirq, steal] = line
      .trim()
      .split(/\s+/)
      .slice(1, 9)
      .map(Number) as number[];
    const total = user! + nice! + system! + idle! + iowait! + irq! + softirq! + steal!;
    return {
      busyS: (total - idle! - iowait! - steal!) / USER_HZ,
      stealS: steal! / USER_HZ,
      totalS: total / USER_HZ,
    };
  } catch {
    return undefined;
  }
}

/** Percent of a core's time over a window. */
export interface CoreUsage {
  readonly serverPct: number;
  readonly otherPct: number;
  readonly stealPct: number;
}

/**
 * How the server's CPU was used over a window, from the core's times before and after and the
 * server's own CPU seconds: percent busy with the server, with other work (the kernel's loopback
 * network processing, any other process), and stolen by the hypervisor.
 */
export function coreUsage(
  before: CoreTimes | undefined,
  after: CoreTimes | undefined,
  serverCpuS: number,
): CoreUsage | undefined {
  if (before === undefined || after === undefined) return undefined;
  const total = after.totalS - before.totalS;
  if (total <= 0) return undefined;
  const pct = (v: number) => Number(((100 * v) / total).toFixed(1));
  return {
    serverPct: pct(serverCpuS),
    otherPct: pct(Math.max(0, after.busyS - before.busyS - serverCpuS)),
    stealPct: pct(after.stealS - before.stealS),
  };
}
