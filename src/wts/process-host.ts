/**
 * The ProcessHost port (DESIGN.md "Layers"): everything the WTS layer does to real processes goes
 * through it, so the domain imports no I/O library and tests can script processes. The Node.js
 * adapter is `node-process-host.ts`, wired by the composition root (`system.ts`).
 *
 * Every program runs as the leader of its own process group (its process group id is its pid), so
 * a signal to the group reaches everything the program started.
 */

/** How a process ended. */
export interface ProcessExit {
  code: number | null;
  signal: string | null;
}

/** Options of `spawn`. */
export interface SpawnOptions {
  /** Extra environment variables, on top of the host's. */
  env?: Readonly<Record<string, string>>;
  cwd?: string;
}

/** A process that was started. */
export interface SpawnedProcess {
  readonly pid: number;
  /**
   * The OS's start time of the process (on Linux field 22 of `/proc/<pid>/stat`); with the pid it
   * names the process across a restart of logond, as pids are reused. '' where unknown.
   */
  readonly startTime: string;
  /** Calls `listener` once when the process has exited (at once if it already has). */
  onExit(listener: (exit: ProcessExit) => void): void;
}

/** A signal for a process group; 0 only asks whether the group has a live member. */
export type GroupSignal = 'SIGTERM' | 'SIGKILL' | 0;

/** Identity of a process: for listing the host's own process. */
export interface ProcessIdentity {
  pid: number;
  startTime: string;
  program: string;
}

/** The port. */
export interface ProcessHost {
  /**
   * Starts `program` with `args` as the leader of a new process group. Rejects (with the OS error)
   * when the program cannot be started, e.g. ENOENT.
   */
  spawn(program: string, args: readonly string[], options?: SpawnOptions): Promise<SpawnedProcess>;
  /**
   * Sends `signal` to the process group led by `pid`. Returns whether the group had a live member
   * (zombies do not count), so `signalGroup(pid, 0)` tells whether anything of it is left.
   */
  signalGroup(pid: number, signal: GroupSignal): boolean;
  /** Whether process `pid` is alive (not a zombie) and, when `startTime` is not '', started then. */
  isAlive(pid: number, startTime: string): boolean;
  /** The process logond itself runs in (listed in session 0 by WTSEnumerateProcesses). */
  self(): ProcessIdentity;
}
