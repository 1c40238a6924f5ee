import type { Kernel } from '../kernel/kernel.ts';
import type { Registration } from '../kernel/termination-routines.ts';
import { formatLuid, type Luid, toLuidPair } from '../nt/luid.ts';
import type { CascadeRow } from '../store/rows.ts';
import type { Store } from '../store/store.ts';
import type { AuthenticationPackage } from './package.ts';

/** Which sessions termination routines fire for (D1): every one, or only marked ones (strict). */
export type TerminationNotify = 'all' | 'marked';

/** Where the cascade reports what went wrong; failures never stop it (D3). */
export interface CascadeLogger {
  warn(message: string, fields: Record<string, unknown>): void;
}

/** Counters for metrics. */
export interface CascadeStats {
  started: number;
  completed: number;
  routineCalls: number;
  routineFailures: number;
  routineTimeouts: number;
  packageCalls: number;
  packageFailures: number;
  packageTimeouts: number;
}

/** Options of the cascade runner. */
export interface CascadeOptions {
  store: Store;
  kernel: Kernel;
  packages: readonly AuthenticationPackage[];
  terminationNotify: TerminationNotify;
  /** Deadline of one routine or package call that returns a promise (default 5,000 ms). */
  callTimeoutMs: number;
  logger: CascadeLogger;
  now: () => number;
}

const TIMED_OUT = Symbol('timed out');

/** The snapshot of a cascade that calls no routine. */
const NO_ROUTINES: readonly Registration[] = Object.freeze([]);

/** One cascade under way. */
interface Job {
  readonly logonId: Luid;
  /** Whether the session was marked for termination notification (from its cascade row). */
  marked: boolean;
  /** False when no cascade row was found: there was nothing to run. */
  found: boolean;
  /** Whether it called the routines, in case a store failure stops it. */
  routinesCalled: boolean;
}

/** How one routine or package call went. */
type Outcome = 'ok' | 'timeout' | { error: unknown };

/**
 * Runs the termination cascade of spec §3 steps 8–11 and D3 for every logon session whose count
 * reached 0: routines newest first over a snapshot, then LsaApLogonTerminated on every package in
 * package-id order, then the LSA and kernel records go and one durable event is appended.
 *
 * Progress is recorded in the store before each package call, so after a crash the cascade resumes
 * with the next package and no package hears a LUID twice (at most once; a package interrupted by
 * the crash itself is not called again). Routines live in the process: a crash ends them too, and
 * the routines of the restarted process are called on resume. A store that is not durable keeps
 * neither the job row (the kernel writes none) nor progress: nothing outlives the process to resume.
 */
export class CascadeRunner {
  readonly stats: CascadeStats = {
    started: 0,
    completed: 0,
    routineCalls: 0,
    routineFailures: 0,
    routineTimeouts: 0,
    packageCalls: 0,
    packageFailures: 0,
    packageTimeouts: 0,
  };
  readonly #o: CascadeOptions;
  /** LUIDs whose cascade is under way: a second start is ignored. */
  readonly #running = new Set<Luid>();
  /**
   * LUIDs whose routines this process has called in a cascade that a store failure stopped: a
   * resumed cascade never calls them twice. A cascade that completes needs no entry.
   */
  readonly #routinesCalled = new Set<Luid>();
  #idle: (() => void)[] = [];
  /** Cluster mode: this host's name, recorded in each terminated event as `cascadeHost`. */
  #cascadeHost: string | undefined;

  constructor(options: CascadeOptions) {
    this.#o = options;
  }

  /**
   * Cluster mode: each `logon-session.terminated` event this runner appends names `host` as
   * `cascadeHost` and says whether the session was `marked`, so the other hosts run their own
   * termination routines for it once (`remote-terminations.ts`).
   */
  setCascadeHost(host: string): void {
    this.#cascadeHost = host;
  }

  /**
   * Calls this process's termination routines for a session another host's cascade terminated
   * (step 8 only: packages and records are that host's), newest first over a snapshot, with the
   * same deadline, counters and logging as a local cascade. D1: only marked sessions in `marked` mode.
   */
  async runRoutines(logonId: Luid, marked: boolean): Promise<void> {
    if (this.#o.terminationNotify !== 'all' && !marked) return;
    const routines = this.#o.kernel.routines.snapshot();
    for (const reg of routines) {
      const pending = this.#callRoutine(reg, logonId);
      if (pending !== undefined) await pending;
    }
  }

  /** Starts the cascade of `logonId` (its cascade row must exist); a second start is ignored. */
  start(logonId: Luid, row?: CascadeRow): void {
    if (this.#running.has(logonId)) return;
    this.stats.started++;
    this.#running.add(logonId);
    const job: Job = { logonId, marked: row?.marked ?? false, found: true, routinesCalled: false };
    let run: Promise<void>;
    try {
      run = row === undefined ? this.#runFromStore(job) : this.#run(job, row);
    } catch (error) {
      run = Promise.reject(error);
    }
    run.then(
      () => {
        if (job.found) this.stats.completed++;
        this.#finish(logonId);
      },
      (error: unknown) => {
        if (job.routinesCalled) this.#routinesCalled.add(logonId);
        this.#o.logger.warn('cascade stopped by a store failure; it resumes at the next start', {
          logonId: formatLuid(logonId),
          error: String(error),
        });
        this.#finish(logonId);
      },
    );
  }

  #finish(logonId: Luid): void {
    this.#running.delete(logonId);
    if (this.#running.size === 0 && this.#idle.length > 0) {
      const waiters = this.#idle;
      this.#idle = [];
      for (const w of waiters) w();
    }
  }

  /** Resumes every cascade recorded in the store (after a restart). */
  async resumeAll(): Promise<number> {
    const rows = await this.#o.store.read((tx) => tx.scan('cascades'));
    for (const row of rows) this.start(row.logonId, row);
    return rows.length;
  }

  /** Resolves when every cascade begun so far has finished (`system.settled()`). */
  settled(): Promise<void> {
    if (this.#running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Number of cascades under way. */
  get pending(): number {
    return this.#running.size;
  }

  async #runFromStore(job: Job): Promise<void> {
    const row = await this.#o.store.read((tx) => tx.get('cascades', job.logonId));
    if (row === undefined) job.found = false;
    else {
      job.marked = row.marked;
      await this.#run(job, row);
    }
  }

  /**
   * Steps 8–11 for one logon session. Synchronous up to the final transaction as long as every
   * routine and package returns no promise (the common case: no promise layer per call); the first
   * promise hands the rest to `#runAsync`, which awaits each call in the same order.
   */
  #run(job: Job, row: CascadeRow): Promise<void> {
    const o = this.#o;
    const logonId = job.logonId;
    // Step 8 (D1, D3): routines, newest registration first, over a snapshot of the registry.
    let routines: readonly Registration[] = NO_ROUTINES;
    if (
      row.packagesStarted === 0 &&
      (o.terminationNotify === 'all' || row.marked) &&
      !(this.#routinesCalled.size > 0 && this.#routinesCalled.has(logonId))
    ) {
      job.routinesCalled = true;
      routines = o.kernel.routines.snapshot();
    }
    for (let i = 0; i < routines.length; i++) {
      const pending = this.#callRoutine(routines[i]!, logonId);
      if (pending !== undefined) return this.#runAsync(job, pending, routines, i + 1, row.packagesStarted);
    }
    // Step 10 (D3, §2.11): every package in package-id order. A durable store records progress
    // before each call (awaited), so that path is asynchronous.
    if (o.store.durable) return this.#runAsync(job, undefined, NO_ROUTINES, 0, row.packagesStarted);
    for (let i = row.packagesStarted; i < o.packages.length; i++) {
      const pending = this.#callPackage(o.packages[i]!, i, logonId);
      if (pending !== undefined) return this.#runAsync(job, pending, NO_ROUTINES, 0, i + 1);
    }
    return this.#remove(job);
  }

  /** The rest of `#run` from routine `nextRoutine` and package `nextPackage`, once `pending` settles. */
  async #runAsync(
    job: Job,
    pending: Promise<void> | undefined,
    routines: readonly Registration[],
    nextRoutine: number,
    nextPackage: number,
  ): Promise<void> {
    const o = this.#o;
    const logonId = job.logonId;
    if (pending !== undefined) await pending;
    for (let i = nextRoutine; i < routines.length; i++) {
      const p = this.#callRoutine(routines[i]!, logonId);
      if (p !== undefined) await p;
    }
    // Progress is recorded before each package call, so after a crash the cascade resumes with the
    // next package. A store that does not survive a crash needs no progress record.
    const durable = o.store.durable;
    for (let i = nextPackage; i < o.packages.length; i++) {
      if (durable) {
        await o.store.transact((tx) => {
          const cur = tx.get('cascades', logonId);
          if (cur !== undefined) tx.put('cascades', { ...cur, packagesStarted: i + 1 });
        });
      }
      const p = this.#callPackage(o.packages[i]!, i, logonId);
      if (p !== undefined) await p;
    }
    await this.#remove(job);
  }

  /** Step 11 and D3: the records go, with one durable event. */
  #remove(job: Job): Promise<void> {
    const o = this.#o;
    const logonId = job.logonId;
    const cascadeHost = this.#cascadeHost;
    return o.store.transact((tx) => {
      const lsa = tx.get('lsaSessions', logonId);
      tx.delete('lsaSessions', logonId);
      tx.delete('kernelSessions', logonId);
      tx.delete('cascades', logonId);
      const data: Record<string, unknown> = {
        logonId: formatLuid(logonId),
        userName: lsa?.userName ?? '',
        logonDomain: lsa?.logonDomain ?? '',
        sid: lsa?.sid ?? null,
        authenticationPackage: lsa?.authenticationPackage ?? '',
        logonType: lsa?.logonType ?? 0,
        session: lsa?.session ?? 0,
        host: lsa?.host ?? '',
        audit: 4634,
      };
      if (cascadeHost !== undefined) {
        data['cascadeHost'] = cascadeHost;
        data['marked'] = job.marked;
      }
      tx.appendEvent('logon-session.terminated', data, o.now());
    });
  }

  /** Calls one routine; returns a promise only when the routine did (the common sync case allocates nothing). */
  #callRoutine(reg: Registration, logonId: Luid): Promise<void> | undefined {
    this.stats.routineCalls++;
    let result: unknown;
    try {
      result = reg.routine(reg.form === 'pair' ? toLuidPair(logonId) : logonId, reg.context);
    } catch (error) {
      this.#reportRoutine({ error }, reg, logonId);
      return undefined;
    }
    if (!isThenable(result)) return undefined;
    return this.#deadline(result).then((o) => this.#reportRoutine(o, reg, logonId));
  }

  #reportRoutine(outcome: Outcome, reg: Registration, logonId: Luid): void {
    if (outcome === 'ok') return;
    if (outcome === 'timeout') this.stats.routineTimeouts++;
    else this.stats.routineFailures++;
    this.#o.logger.warn(`termination routine ${outcome === 'timeout' ? 'ran past its deadline' : 'failed'}`, {
      logonId: formatLuid(logonId),
      registration: reg.id,
      error: outcome === 'timeout' ? undefined : String(outcome.error),
    });
  }

  #callPackage(pkg: AuthenticationPackage, id: number, logonId: Luid): Promise<void> | undefined {
    this.stats.packageCalls++;
    let result: unknown;
    try {
      result = pkg.LsaApLogonTerminated(logonId);
    } catch (error) {
      this.#reportPackage({ error }, pkg, id, logonId);
      return undefined;
    }
    if (!isThenable(result)) return undefined;
    return this.#deadline(result).then((o) => this.#reportPackage(o, pkg, id, logonId));
  }

  #reportPackage(outcome: Outcome, pkg: AuthenticationPackage, id: number, logonId: Luid): void {
    if (outcome === 'ok') return;
    if (outcome === 'timeout') this.stats.packageTimeouts++;
    else this.stats.packageFailures++;
    this.#o.logger.warn(
      `LsaApLogonTerminated ${outcome === 'timeout' ? 'ran past its deadline' : 'failed'}`,
      {
        logonId: formatLuid(logonId),
        package: pkg.name,
        packageId: id,
        error: outcome === 'timeout' ? undefined : String(outcome.error),
      },
    );
  }

  async #deadline(result: PromiseLike<unknown>): Promise<Outcome> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(resolve, this.#o.callTimeoutMs, TIMED_OUT);
      timer.unref?.();
    });
    try {
      const r = await Promise.race([Promise.resolve(result), deadline]);
      return r === TIMED_OUT ? 'timeout' : 'ok';
    } catch (error) {
      return { error };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Whether a routine or package returned a promise (or any thenable) to wait for. */
function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
  );
}
