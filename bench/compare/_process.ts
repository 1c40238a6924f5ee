/**
 * Child processes of the benchmark: pinned to a CPU with `taskset -c` (util-linux) when it is
 * there, output straight to a log file (so that the orchestrator never spends CPU relaying a
 * server's log), and small helpers to wait for a "ready" line, for exit, and for a free port.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { accessSync, closeSync, constants, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';

/** Whether `name --version`-style probing finds a working command. */
export function hasCommand(name: string, args: string[] = ['--version']): boolean {
  try {
    execFileSync(name, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Whether an executable `name` is on PATH (wrk has no option that exits 0). */
export function onPath(name: string): boolean {
  return (process.env['PATH'] ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Whether `taskset` works here (it pins every process the benchmark starts). */
export const HAS_TASKSET = hasCommand('taskset', ['-c', '0', 'true']);

/** Options of `spawnPinned`. */
export interface SpawnOptions {
  /** The CPU to pin to; undefined (or no taskset) runs unpinned. */
  cpu?: number | undefined;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Write stdout and stderr to this file (truncated first); otherwise they are piped. */
  logFile?: string;
}

/** Spawns `command args`, pinned to `options.cpu` when possible. */
export function spawnPinned(
  command: string,
  args: readonly string[],
  options: SpawnOptions = {},
): ChildProcess {
  // taskset and nice exec what they run, so the child's pid is the measured process's.
  const pinned = options.cpu !== undefined && options.cpu >= 0 && HAS_TASKSET;
  const niced = pinned && processNice !== 0;
  const argv = [
    ...(pinned ? ['taskset', '-c', String(options.cpu)] : []),
    ...(niced ? ['nice', '-n', String(processNice)] : []),
    command,
    ...args,
  ];
  const fd = options.logFile === undefined ? undefined : openSync(options.logFile, 'w');
  try {
    const child = spawn(argv[0]!, argv.slice(1), {
      env: { ...process.env, ...options.env },
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      stdio: fd === undefined ? ['ignore', 'pipe', 'pipe'] : ['ignore', fd, fd],
    });
    live.add(child);
    child.once('exit', () => live.delete(child));
    return child;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Children still running, so that an interrupted benchmark leaves no server behind. */
const live = new Set<ChildProcess>();

/** Kills every child still running (on SIGINT/SIGTERM of the benchmark). */
export function killChildren(): void {
  for (const child of live) child.kill('SIGKILL');
}

let processNice = 0;

/**
 * The nice value pinned processes (servers, load generators) run at. Negative values (root only)
 * keep other jobs on a shared machine from taking the pinned cores; every server gets the same.
 */
export function setPinnedNice(value: number): void {
  processNice = value;
}

/** Runs a command to completion; resolves with its stdout, rejects (with stderr) on a non-zero exit. */
export async function runToEnd(
  command: string,
  args: readonly string[],
  options: Omit<SpawnOptions, 'logFile'> = {},
): Promise<string> {
  const child = spawnPinned(command, args, options);
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr!.on('data', (c: Buffer) => {
    err += c.toString();
  });
  const code = await exitOf(child);
  if (code !== 0)
    throw new Error(`${command} ${args.join(' ').slice(0, 200)} exited ${code}: ${err.slice(-2000)}`);
  return out;
}

/** Resolves with the exit code (or the signal's name) once `child` has exited. */
export function exitOf(child: ChildProcess): Promise<number | string> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  if (child.signalCode !== null) return Promise.resolve(child.signalCode);
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
}

/** Polls `file` until `match` finds something in it; rejects if `child` exits first or after `timeoutMs`. */
export async function waitForLog<T>(
  file: string,
  child: ChildProcess,
  match: (text: string) => T | undefined,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {}
    const found = match(text);
    if (found !== undefined) return found;
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`process exited before it was ready; its log ${file}:\n${text.slice(-3000)}`);
    if (Date.now() > deadline)
      throw new Error(`not ready after ${timeoutMs} ms; its log ${file}:\n${text.slice(-3000)}`);
    await sleep(50);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Ports `freePort` handed out in this process: never handed out twice. */
const handedOut = new Set<number>();

/**
 * A TCP port that was free a moment ago (for servers that need their port before they start),
 * never one this process was given before: servers started together would otherwise be given
 * the same just-freed port.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (typeof address !== 'object' || address === null) throw new Error('no port');
    if (handedOut.has(address.port)) continue;
    handedOut.add(address.port);
    return address.port;
  }
}
