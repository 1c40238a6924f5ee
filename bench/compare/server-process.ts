/**
 * One server under test: a child process pinned to the server CPU, its log in a file, its port,
 * and a stop that waits for it to be gone (SIGTERM, then SIGKILL after a grace period).
 */
import type { ChildProcess } from 'node:child_process';
import { exitOf, type SpawnOptions, sleep, spawnPinned, waitForLog } from './_process.ts';
import type { Target } from './http-client.ts';
import { cpuSecondsOf, memoryOf } from './proc-stats.ts';

/** A started server. */
export interface ServerProcess {
  readonly pid: number;
  readonly target: Target;
  readonly logFile: string;
  /** CPU seconds used so far (all threads). */
  cpuSeconds(): number;
  /** Resident memory now and at its peak, MiB. */
  memory(): { rssMb: number; peakMb: number };
  /** Stops the server and waits until it has exited. */
  stop(): Promise<void>;
}

/** What `startServer` needs. */
export interface ServerLaunch extends SpawnOptions {
  readonly command: string;
  readonly args: readonly string[];
  readonly logFile: string;
  /** Finds the port in the log once the server is ready (undefined: not yet). */
  readonly ready: (log: string) => number | undefined;
  /** How long a SIGTERM may take before SIGKILL (default 3 s; longer when profiling). */
  readonly graceMs?: number;
}

/** Starts a server and resolves once its log says it is ready. */
export async function startServer(launch: ServerLaunch): Promise<ServerProcess> {
  const child = spawnPinned(launch.command, launch.args, launch);
  const stop = (): Promise<void> => stopChild(child, launch.graceMs ?? 3000);
  try {
    const port = await waitForLog(launch.logFile, child, launch.ready);
    const pid = child.pid!;
    return {
      pid,
      target: { host: '127.0.0.1', port },
      logFile: launch.logFile,
      cpuSeconds: () => cpuSecondsOf(pid),
      memory: () => memoryOf(pid),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = exitOf(child);
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/**
 * Waits until `server` is idle: under 0.03 CPU-seconds in 0.5 s (as the peer harness's wait_idle),
 * so that requests a warm-up abandoned (queued password hashes) do not eat into the measured run.
 * Gives up after `maxMs`.
 */
export async function waitIdle(server: ServerProcess, maxMs = 60_000): Promise<void> {
  const deadline = Date.now() + maxMs;
  while (Date.now() < deadline) {
    const a = server.cpuSeconds();
    await sleep(500);
    if (server.cpuSeconds() - a < 0.03) return;
  }
}
