/**
 * The ProcessHost adapter over `node:child_process` (shell side: only the composition root
 * imports it). Programs are spawned `detached`, so each leads its own process group; stdio is
 * ignored. On Linux, start times and liveness come from `/proc/<pid>/stat`, where zombies
 * (state Z or X) count as gone; elsewhere liveness falls back to `kill(pid, 0)` and start times are ''.
 */
import { type ChildProcess, spawn as spawnChild } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type {
  ProcessExit,
  ProcessHost,
  ProcessIdentity,
  SpawnedProcess,
  SpawnOptions,
} from './process-host.ts';

/** The fields of `/proc/<pid>/stat` logond reads. */
export interface ProcessStat {
  /** One letter: R, S, D, Z (zombie), X (dead), T, … */
  state: string;
  /** Process group id. */
  pgrp: number;
  /** Field 22: clock ticks after boot at which the process started. */
  startTime: string;
}

/** Reads `/proc/<pid>/stat`; undefined if the process does not exist (or there is no /proc). */
export function readProcessStat(pid: number): ProcessStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may itself contain spaces and parentheses.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const pgrp = Number(fields[2]);
  const startTime = fields[19];
  if (state === undefined || startTime === undefined || !Number.isInteger(pgrp)) return undefined;
  return { state, pgrp, startTime };
}

function isGone(stat: ProcessStat | undefined): boolean {
  return stat === undefined || stat.state === 'Z' || stat.state === 'X';
}

const hasProc = readProcessStat(process.pid) !== undefined;

/** Whether any process of group `pgrp` is alive, zombies aside (a scan of /proc). */
function groupHasLiveMember(pgrp: number): boolean {
  if (!hasProc) return true;
  for (const name of readdirSync('/proc')) {
    const c = name.charCodeAt(0);
    if (c < 48 || c > 57) continue;
    const stat = readProcessStat(Number(name));
    if (stat !== undefined && stat.pgrp === pgrp && !isGone(stat)) return true;
  }
  return false;
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

/** How long a signalled group may keep the event loop alive at most. */
const KEEP_ALIVE_LIMIT_MS = 60_000;

/**
 * Creates the Node.js process host. Programs do not keep the event loop alive, except one that
 * has been signalled: until it exits, so a script awaiting a logoff is not cut short.
 */
export function createNodeProcessHost(): ProcessHost {
  const children = new Map<number, ChildProcess>();
  // A signalled group keeps the event loop alive until the watcher has seen it empty (its
  // signalGroup(pid, 0) answered false): the leader's own handle goes at its exit, its children may
  // outlive it for a moment (zombies until init reaps them), and the watcher polls on unreferenced
  // timers, so without this a script awaiting a logoff could end before the logoff does.
  const signalled = new Map<number, number>();
  let keeper: ReturnType<typeof setInterval> | undefined;
  const release = (pid: number) => {
    signalled.delete(pid);
    if (signalled.size === 0 && keeper !== undefined) {
      clearInterval(keeper);
      keeper = undefined;
    }
  };
  const holdWhileSignalled = (pid: number) => {
    signalled.set(pid, Date.now() + KEEP_ALIVE_LIMIT_MS);
    keeper ??= setInterval(() => {
      const now = Date.now();
      for (const [p, until] of signalled) if (now > until) release(p);
    }, 1000);
  };
  return {
    async spawn(
      program: string,
      args: readonly string[],
      options: SpawnOptions = {},
    ): Promise<SpawnedProcess> {
      const child = spawnChild(program, [...args], {
        detached: true,
        stdio: 'ignore',
        env: { ...process.env, ...options.env },
        ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      });
      let exit: ProcessExit | undefined;
      const listeners: ((exit: ProcessExit) => void)[] = [];
      child.once('exit', (code, signal) => {
        exit = { code, signal };
        if (child.pid !== undefined) children.delete(child.pid);
        for (const l of listeners.splice(0)) l(exit);
      });
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve);
        child.once('error', reject);
      });
      child.on('error', () => {});
      child.unref();
      const pid = child.pid;
      if (pid === undefined) throw new Error(`${program} was started but has no pid`);
      if (exit === undefined) children.set(pid, child);
      return {
        pid,
        startTime: readProcessStat(pid)?.startTime ?? '',
        onExit(listener) {
          if (exit !== undefined) listener(exit);
          else listeners.push(listener);
        },
      };
    },

    signalGroup(pid, signal) {
      if (signal !== 0) {
        children.get(pid)?.ref();
        holdWhileSignalled(pid);
      }
      try {
        process.kill(-pid, signal);
      } catch (error) {
        const code = errorCode(error);
        if (code === 'ESRCH') {
          release(pid);
          return false;
        }
        if (code === 'EPERM') return true;
        throw error;
      }
      if (signal !== 0) return true;
      const live = groupHasLiveMember(pid);
      if (!live) release(pid);
      return live;
    },

    isAlive(pid, startTime) {
      if (!hasProc) {
        try {
          process.kill(pid, 0);
          return true;
        } catch (error) {
          return errorCode(error) === 'EPERM';
        }
      }
      const stat = readProcessStat(pid);
      return !isGone(stat) && (startTime === '' || stat?.startTime === startTime);
    },

    self(): ProcessIdentity {
      return {
        pid: process.pid,
        startTime: readProcessStat(process.pid)?.startTime ?? '',
        program: basename(process.execPath),
      };
    },
  };
}
