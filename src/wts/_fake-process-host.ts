/**
 * A scripted ProcessHost for tests that need no real processes: programs named `ignore-term` exit
 * only on SIGKILL, `missing` cannot be started, anything else exits on SIGTERM. Tests can also end
 * a process with `exit(pid)` and see every signal sent.
 */
import type { GroupSignal, ProcessExit, ProcessHost, SpawnedProcess } from './process-host.ts';

interface FakeProcess {
  pid: number;
  program: string;
  alive: boolean;
  listeners: ((exit: ProcessExit) => void)[];
}

/** The fake host and what it saw. */
export interface FakeProcessHost extends ProcessHost {
  readonly processes: Map<number, FakeProcess>;
  readonly signals: { pid: number; signal: GroupSignal }[];
  /** Ends process `pid` as if it exited by itself. */
  exit(pid: number, exit?: ProcessExit): void;
  /** Pids of live processes. */
  alive(): number[];
}

/** Creates a fake process host; pids start at `firstPid`. */
export function createFakeProcessHost(firstPid = 5000): FakeProcessHost {
  let nextPid = firstPid;
  const processes = new Map<number, FakeProcess>();
  const signals: { pid: number; signal: GroupSignal }[] = [];
  function end(p: FakeProcess, exit: ProcessExit): void {
    if (!p.alive) return;
    p.alive = false;
    // Exit notifications arrive asynchronously, as real ones do.
    queueMicrotask(() => {
      for (const l of p.listeners.splice(0)) l(exit);
    });
  }
  const host: FakeProcessHost = {
    processes,
    signals,
    async spawn(program) {
      if (program === 'missing')
        throw Object.assign(new Error(`spawn ${program} ENOENT`), { code: 'ENOENT' });
      const p: FakeProcess = { pid: nextPid++, program, alive: true, listeners: [] };
      processes.set(p.pid, p);
      const spawned: SpawnedProcess = {
        pid: p.pid,
        startTime: `t${p.pid}`,
        onExit(listener) {
          if (!p.alive) queueMicrotask(() => listener({ code: 0, signal: null }));
          else p.listeners.push(listener);
        },
      };
      return spawned;
    },
    signalGroup(pid, signal) {
      signals.push({ pid, signal });
      const p = processes.get(pid);
      if (p === undefined || !p.alive) return false;
      if (signal === 'SIGKILL' || (signal === 'SIGTERM' && p.program !== 'ignore-term'))
        end(p, { code: null, signal });
      return true;
    },
    isAlive(pid, startTime) {
      const p = processes.get(pid);
      return p?.alive === true && (startTime === '' || startTime === `t${pid}`);
    },
    self() {
      return { pid: 4242, startTime: 't4242', program: 'node' };
    },
    exit(pid, exit = { code: 0, signal: null }) {
      const p = processes.get(pid);
      if (p !== undefined) end(p, exit);
    },
    alive() {
      return [...processes.values()].filter((p) => p.alive).map((p) => p.pid);
    },
  };
  return host;
}
