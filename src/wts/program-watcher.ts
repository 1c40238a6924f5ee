/**
 * Watches the programs of a host's sessions until they end (DESIGN.md "Terminal sessions"). A
 * program counts as running until its leader has exited and its process group is empty; then its
 * row goes and its token handle closes in one transaction, which may end the logon session (spec
 * §3 step 3). Exits of programs this process started arrive as events; programs found in the store
 * after a restart, and groups that outlive their leader, are polled on the Clock every `pollMs`.
 */
import type { Kernel } from '../kernel/kernel.ts';
import type { Clock, Timer } from '../nt/clock.ts';
import type { ProcessRow } from '../store/rows.ts';
import type { GroupSignal, ProcessHost, SpawnedProcess } from './process-host.ts';

/** Options of `ProgramWatcher`. */
export interface ProgramWatcherOptions {
  kernel: Kernel;
  processHost: ProcessHost;
  clock: Clock;
  pollMs: number;
  warn: (message: string, fields: Record<string, unknown>) => void;
}

/** One program being watched. */
export interface WatchedProgram {
  /** Its `processes` row key, `${host}/${pid}`. */
  key: string;
  pid: number;
  startTime: string;
  sessionKey: string;
  /** Resolves once its row is in the store (or failed to get there). */
  inserted: Promise<unknown>;
}

interface Watched extends WatchedProgram {
  /** Whether exit events arrive for it (this process started it). */
  child: boolean;
  leaderGone: boolean;
}

/** The watcher of one host's session programs. */
export class ProgramWatcher {
  readonly #o: ProgramWatcherOptions;
  readonly #watched = new Map<string, Watched>();
  readonly #emptyWaiters = new Map<string, (() => void)[]>();
  #poll: Timer | undefined;
  #closed = false;

  constructor(options: ProgramWatcherOptions) {
    this.#o = options;
  }

  /** Watches a program this process just started, from its exit event. */
  watch(program: WatchedProgram, spawned: SpawnedProcess): void {
    const w: Watched = { ...program, child: true, leaderGone: false };
    this.#watched.set(w.key, w);
    spawned.onExit(() => void this.#leaderExited(w));
  }

  /**
   * Takes over the process rows found in the store at start: programs of a previous run. Those
   * still alive are polled until they end; the others are reaped now.
   */
  async adopt(rows: readonly ProcessRow[]): Promise<void> {
    for (const row of rows) {
      const w: Watched = {
        key: row.key,
        pid: row.pid,
        startTime: row.startTime,
        sessionKey: row.sessionKey,
        inserted: Promise.resolve(),
        child: false,
        leaderGone: false,
      };
      this.#watched.set(row.key, w);
      await this.#check(w);
    }
  }

  /** Sends `signal` to the process group of every program of the session; returns how many had live members. */
  async signalSession(sessionKey: string, signal: GroupSignal): Promise<number> {
    const rows = await this.#o.kernel.read((k) => k.tx.find('processes', 'sessionKey', sessionKey));
    let live = 0;
    for (const row of rows) if (this.#o.processHost.signalGroup(row.pid, signal)) live++;
    return live;
  }

  /** Resolves when the session has no program left. */
  async whenEmpty(sessionKey: string): Promise<void> {
    const done = new Promise<void>((resolve) => {
      const list = this.#emptyWaiters.get(sessionKey) ?? [];
      list.push(resolve);
      this.#emptyWaiters.set(sessionKey, list);
    });
    await this.#notifyIfEmpty(sessionKey);
    return done;
  }

  /** Stops polling and forgets every waiter (the store is about to close). */
  close(): void {
    this.#closed = true;
    this.#poll?.cancel();
    this.#poll = undefined;
  }

  async #leaderExited(w: Watched): Promise<void> {
    w.leaderGone = true;
    await this.#check(w);
  }

  /** Reaps `w` if its leader is gone and its group empty; otherwise keeps polling it. */
  async #check(w: Watched): Promise<void> {
    const host = this.#o.processHost;
    if (!w.leaderGone && !w.child && !host.isAlive(w.pid, w.startTime)) w.leaderGone = true;
    if (w.leaderGone && !host.signalGroup(w.pid, 0)) {
      await this.#reap(w);
      return;
    }
    if (!w.child || w.leaderGone) this.#schedulePoll();
  }

  #schedulePoll(): void {
    if (this.#poll !== undefined || this.#closed) return;
    this.#poll = this.#o.clock.setTimer(this.#o.pollMs, () => {
      this.#poll = undefined;
      for (const w of [...this.#watched.values()]) if (!w.child || w.leaderGone) void this.#check(w);
    });
  }

  async #reap(w: Watched): Promise<void> {
    if (this.#watched.get(w.key) !== w) return;
    this.#watched.delete(w.key);
    await w.inserted;
    if (this.#closed) return;
    try {
      await this.#o.kernel.transact((k) => {
        const row = k.tx.get('processes', w.key);
        if (row === undefined || row.startTime !== w.startTime) return;
        k.tx.delete('processes', w.key);
        k.closeHandle(row.tokenHandle);
      });
    } catch (error) {
      if (!this.#closed)
        this.#o.warn('could not record the exit of a session program', { pid: w.pid, error: String(error) });
      return;
    }
    await this.#notifyIfEmpty(w.sessionKey);
  }

  async #notifyIfEmpty(sessionKey: string): Promise<void> {
    const waiters = this.#emptyWaiters.get(sessionKey);
    if (waiters === undefined || this.#closed) return;
    const left = await this.#o.kernel.read((k) => k.tx.find('processes', 'sessionKey', sessionKey).length);
    if (left > 0 || this.#emptyWaiters.get(sessionKey) !== waiters) return;
    this.#emptyWaiters.delete(sessionKey);
    for (const resolve of waiters) resolve();
  }
}
