/**
 * Programs running in WTS sessions (DESIGN.md "Terminal sessions"): real processes, each the
 * leader of its own process group and each holding its own duplicate of the session user's token
 * (a new token object, holder `process:<pid>`). A program counts as running until its leader has
 * exited and its group is empty; then its row goes and its token handle closes, which may end the
 * logon session (spec §3 step 3).
 *
 * Exits of programs this process started arrive as events; programs found in the store after a
 * restart (and groups that outlive their leader) are polled with the Clock every `pollMs`.
 */
import type { Kernel } from '../kernel/kernel.ts';
import { TokenPrimary } from '../kernel/kernel-tx.ts';
import type { Clock, Timer } from '../nt/clock.ts';
import {
  type NtStatus,
  STATUS_ACCESS_DENIED,
  STATUS_CTX_CLOSE_PENDING,
  STATUS_CTX_WINSTATION_NOT_FOUND,
  STATUS_INVALID_PARAMETER,
  STATUS_NOT_FOUND,
  STATUS_SUCCESS,
} from '../nt/ntstatus.ts';
import type { ProcessRow } from '../store/rows.ts';
import type { GroupSignal, ProcessHost, ProcessIdentity, SpawnOptions } from './process-host.ts';

/** Options of `SessionPrograms`. */
export interface SessionProgramsOptions {
  kernel: Kernel;
  host: string;
  processHost: ProcessHost;
  clock: Clock;
  pollMs: number;
  warn: (message: string, fields: Record<string, unknown>) => void;
}

/** One program being watched. */
interface Watched {
  key: string;
  pid: number;
  startTime: string;
  sessionKey: string;
  /** Whether exit events arrive for it (this process started it). */
  child: boolean;
  leaderGone: boolean;
  /** Resolves once the row is in the store (or failed to get there). */
  inserted: Promise<unknown>;
}

/** The outcome of starting a program. */
export interface StartProgramResult {
  status: NtStatus;
  pid?: number;
  startTime?: string;
  /** Why the OS refused to start it (ENOENT, EACCES, …). */
  error?: string;
}

/** The status a spawn error becomes: no such program, not allowed to run it; anything else is a bad request. */
const SPAWN_FAILURES: Readonly<Record<string, NtStatus>> = {
  ENOENT: STATUS_NOT_FOUND,
  ENOTDIR: STATUS_NOT_FOUND,
  EACCES: STATUS_ACCESS_DENIED,
  EPERM: STATUS_ACCESS_DENIED,
};

/** The process rows of one host's sessions and the real processes behind them. */
export class SessionPrograms {
  readonly #o: SessionProgramsOptions;
  readonly #watched = new Map<string, Watched>();
  readonly #emptyWaiters = new Map<string, (() => void)[]>();
  #poll: Timer | undefined;
  #closed = false;

  constructor(options: SessionProgramsOptions) {
    this.#o = options;
  }

  /**
   * Starts `program` in the session keyed `sessionKey`: spawns it, then in one transaction checks
   * that the session still has a user and is not logging off, duplicates the session's token for
   * it and records it. If that fails the new process group is killed.
   */
  async start(
    sessionKey: string,
    program: string,
    args: readonly string[],
    options: SpawnOptions,
  ): Promise<StartProgramResult> {
    const o = this.#o;
    let spawned: Awaited<ReturnType<ProcessHost['spawn']>>;
    try {
      spawned = await o.processHost.spawn(program, args, options);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException | null)?.code ?? String(error);
      return { status: SPAWN_FAILURES[code] ?? STATUS_INVALID_PARAMETER, error: code };
    }
    const { pid, startTime } = spawned;
    const key = `${o.host}/${pid}`;
    const inserted = o.kernel.transact((k): NtStatus => {
      const session = k.tx.get('wtsSessions', sessionKey);
      if (session === undefined) return STATUS_CTX_WINSTATION_NOT_FOUND;
      if (session.loggingOff || session.tokenHandle === null) return STATUS_CTX_CLOSE_PENDING;
      const stale = k.tx.get('processes', key);
      if (stale !== undefined) {
        k.tx.delete('processes', key);
        k.closeHandle(stale.tokenHandle);
      }
      const t = k.duplicateToken(
        session.tokenHandle,
        { type: TokenPrimary, source: 'process' },
        { holder: `process:${pid}` },
      );
      if (t.handle === undefined) return t.status;
      const row: ProcessRow = {
        key,
        host: o.host,
        pid,
        sessionKey,
        sessionId: session.sessionId,
        startTime,
        program,
        args: [...args],
        tokenHandle: t.handle.id,
        userSid: session.userSid,
        createdAt: o.clock.now(),
      };
      k.tx.put('processes', row);
      return STATUS_SUCCESS;
    });
    const w: Watched = {
      key,
      pid,
      startTime,
      sessionKey,
      child: true,
      leaderGone: false,
      inserted: inserted.catch(() => {}),
    };
    this.#watched.set(key, w);
    spawned.onExit(() => void this.#leaderExited(w));
    let status: NtStatus;
    try {
      status = await inserted;
    } catch (error) {
      o.processHost.signalGroup(pid, 'SIGKILL');
      throw error;
    }
    if (status !== STATUS_SUCCESS) {
      o.processHost.signalGroup(pid, 'SIGKILL');
      return { status };
    }
    return { status, pid, startTime };
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
        child: false,
        leaderGone: false,
        inserted: Promise.resolve(),
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

  /** The process logond runs in. */
  self(): ProcessIdentity {
    return this.#o.processHost.self();
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
