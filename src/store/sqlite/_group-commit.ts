/**
 * Group commit for the SQLite adapter: many synchronous transactions, one COMMIT, one WAL sync off
 * the event loop. Private to the SQLite adapter.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { WalSyncCallback } from './_wal-sync.ts';

/**
 * Makes every commit so far durable and calls back on the event loop (`WalSync.sync`); absent for
 * a store that is not durable (`:memory:`), whose batches settle as soon as they commit.
 */
export type DurableSync = (callback: WalSyncCallback) => void;

/** Counters of `SqliteStore.stats()`, since the store was opened. */
export interface SqliteStoreStats {
  /** COMMITs that made transactions durable. */
  commits: number;
  /** WAL syncs (`fdatasync`, off the event loop): one covers every batch committed before it. */
  syncs: number;
  /** Transactions made durable. */
  transactions: number;
  /** Transactions rolled back: their function threw, or their batch failed to commit. */
  rollbacks: number;
  /** Most transactions one COMMIT carried. */
  largestBatch: number;
}

interface Pending {
  result: unknown;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  hooks: readonly (() => void)[];
}

/** Transactions sharing one `BEGIN IMMEDIATE ... COMMIT`. */
interface Batch {
  pending: Pending[];
  lastSeq: number;
  timer: ReturnType<typeof setImmediate>;
}

/**
 * Runs each transaction at once inside a SAVEPOINT of a batch transaction that the first one opens
 * (`BEGIN IMMEDIATE`). A throwing transaction rolls back to its savepoint only. The COMMIT is
 * scheduled with `setImmediate`, so every transaction begun in the same turn of the event loop
 * shares it (if it fails, all of them reject). The COMMIT does not sync (`synchronous = NORMAL`):
 * the committed batch then waits for `sync`, which runs on the thread pool while the event loop
 * goes on; one sync at a time, and while it runs the next batch stays open, taking every new
 * transaction, and commits when the sync returns. Batches are acknowledged (promises resolved, `onCommitted` told) only after the
 * sync that covers them returned, and in commit order. A failed sync rejects its batches and makes
 * every later transaction fail: what reached the disk is then unknown.
 */
export class GroupCommit {
  readonly #db: DatabaseSync;
  readonly #path: string;
  readonly #onCommitted: (lastSeq: number) => void;
  readonly #sql: Record<'begin' | 'savepoint' | 'release' | 'rollbackTo' | 'commit', StatementSync>;
  readonly #stats: SqliteStoreStats = {
    commits: 0,
    syncs: 0,
    transactions: 0,
    rollbacks: 0,
    largestBatch: 0,
  };
  readonly #sync: DurableSync | undefined;
  #batch: Batch | undefined;
  #txLastSeq = 0;
  /** Committed batches waiting for the next sync. */
  #committed: Batch[] = [];
  /** Whether a sync is running. */
  #syncing = false;
  /** Why the store can no longer acknowledge anything (a failed sync), or undefined. */
  #broken: Error | undefined;
  /** Resolvers of `drain` calls, settled when no batch waits for a sync. */
  #drained: (() => void)[] = [];
  readonly #afterSync: ((walBytes: number) => void) | undefined;
  readonly #onBegin: (() => void) | undefined;
  /** While true, transactions wait in `#deferred` instead of running: see `hold`. */
  #held = false;
  #deferred: { fn: () => unknown; hooks: readonly (() => void)[]; settle: Pending }[] = [];

  /**
   * `onCommitted` hears the highest event sequence number of each acknowledged batch that has
   * events; `sync` makes commits durable (none: not durable); `afterSync` hears the WAL's size
   * after each successful sync (to schedule checkpoints); `onBegin` runs as each batch transaction
   * has begun (the write lock held: no other connection can commit until it ends).
   */
  constructor(
    db: DatabaseSync,
    path: string,
    onCommitted: (lastSeq: number) => void,
    sync?: DurableSync,
    afterSync?: (walBytes: number) => void,
    onBegin?: () => void,
  ) {
    this.#onBegin = onBegin;
    this.#db = db;
    this.#path = path;
    this.#onCommitted = onCommitted;
    this.#sync = sync;
    this.#afterSync = afterSync;
    this.#sql = {
      begin: db.prepare('BEGIN IMMEDIATE'),
      savepoint: db.prepare('SAVEPOINT tx'),
      release: db.prepare('RELEASE tx'),
      rollbackTo: db.prepare('ROLLBACK TO tx'),
      commit: db.prepare('COMMIT'),
    };
  }

  /** Records that the running transaction appended the event `seq`. */
  noteEvent(seq: number): void {
    this.#txLastSeq = seq;
  }

  /**
   * Runs `fn` in its own savepoint. On throw: rolls it back, runs `hooks`, rejects with the error.
   * Otherwise resolves with its result once the batch is durable.
   */
  run<R>(fn: () => R, hooks: readonly (() => void)[]): Promise<R> {
    if (this.#broken !== undefined) return Promise.reject(this.#broken);
    if (this.#held) {
      const { promise, resolve, reject } = Promise.withResolvers<R>();
      this.#deferred.push({
        fn,
        hooks,
        settle: { result: undefined, resolve: resolve as (value: unknown) => void, reject, hooks },
      });
      return promise;
    }
    let batch: Batch;
    try {
      batch = this.#batch ?? this.#begin();
      this.#sql.savepoint.run();
    } catch (error) {
      return Promise.reject(error);
    }
    this.#txLastSeq = 0;
    let result: R;
    try {
      result = fn();
      this.#sql.release.run();
    } catch (error) {
      this.#rollbackTo(batch, error);
      this.#stats.rollbacks++;
      for (const h of hooks) h();
      return Promise.reject(error);
    }
    if (this.#txLastSeq > batch.lastSeq) batch.lastSeq = this.#txLastSeq;
    const { promise, resolve, reject } = Promise.withResolvers<R>();
    batch.pending.push({ result, resolve: resolve as (value: unknown) => void, reject, hooks });
    return promise;
  }

  /** Commits the open batch now, if any (as `close` needs); it is acknowledged after its sync. */
  flush(): void {
    const batch = this.#batch;
    if (batch === undefined) return;
    try {
      this.#sql.commit.run();
    } catch (error) {
      this.#fail(batch, error, 'commit failed');
      return;
    }
    this.#batch = undefined;
    clearImmediate(batch.timer);
    const n = batch.pending.length;
    if (n > 0) {
      this.#stats.commits++;
      this.#stats.transactions += n;
      if (n > this.#stats.largestBatch) this.#stats.largestBatch = n;
    }
    if (this.#sync === undefined) {
      this.#acknowledge([batch]);
      return;
    }
    this.#committed.push(batch);
    if (!this.#syncing) this.#startSync(this.#sync);
  }

  /**
   * Commits the open batch now and lets no transaction begin until `release`: they wait, in order,
   * and run then, in one batch. The checkpointer holds the store while it copies the WAL, so that
   * the batch after it begins with the whole WAL copied, and SQLite starts the WAL over at its
   * commit instead of growing it (it can only when the writing transaction began on a fully
   * copied WAL). The event loop stays free meanwhile.
   */
  hold(): void {
    this.flush();
    this.#held = true;
  }

  /** Ends `hold`: runs the transactions that waited. */
  release(): void {
    if (!this.#held) return;
    this.#held = false;
    for (const { fn, hooks, settle } of this.#deferred.splice(0))
      this.run(fn, hooks).then(settle.resolve, settle.reject);
  }

  /**
   * The end of the turn that opened a batch: it commits now, unless a sync is running: then it stays
   * open, gathering transactions, and commits when that sync returns. So commits come no faster
   * than syncs, and each carries as much as the fsync-per-commit design did, without ever blocking.
   */
  #flushUnlessSyncing(): void {
    if (!this.#syncing) this.flush();
  }

  /** Whether a batch transaction is open (its write lock held). */
  get batchOpen(): boolean {
    return this.#batch !== undefined;
  }

  /** Whether no committed batch waits for a sync. */
  idle(): boolean {
    return !this.#syncing && this.#committed.length === 0;
  }

  /** Resolves once every committed batch has been synced and settled. */
  drain(): Promise<void> {
    if (!this.#syncing && this.#committed.length === 0) return Promise.resolve();
    const { promise, resolve } = Promise.withResolvers<void>();
    this.#drained.push(resolve);
    return promise;
  }

  #startSync(sync: DurableSync): void {
    const covered = this.#committed;
    this.#committed = [];
    this.#syncing = true;
    sync((error, walBytes) => {
      this.#syncing = false;
      if (error === null) {
        this.#stats.syncs++;
        this.#acknowledge(covered);
      } else this.#breakOn(covered, error);
      if (this.#broken !== undefined) this.#breakOn(this.#committed.splice(0), this.#broken);
      else if (this.#committed.length > 0) this.#startSync(sync);
      // The batch that gathered transactions while the sync ran commits now (and starts the next).
      else if (this.#batch !== undefined && !this.#held) this.flush();
      if (!this.#syncing) for (const resolve of this.#drained.splice(0)) resolve();
      if (error === null) this.#afterSync?.(walBytes);
    });
  }

  /** Settles durable batches, in commit order. */
  #acknowledge(batches: readonly Batch[]): void {
    let lastSeq = 0;
    for (const batch of batches) {
      for (const p of batch.pending) p.resolve(p.result);
      if (batch.lastSeq > lastSeq) lastSeq = batch.lastSeq;
    }
    if (lastSeq > 0) this.#onCommitted(lastSeq);
  }

  /** Rejects committed batches whose sync failed; no later transaction will be acknowledged. */
  #breakOn(batches: readonly Batch[], cause: Error): void {
    this.#broken ??= new Error(
      `SQLite store ${this.#path}: syncing the WAL failed, so committed transactions may not be durable; reopen the store: ${cause.message}`,
      { cause },
    );
    for (const batch of batches) for (const p of batch.pending) p.reject(this.#broken);
  }

  stats(): SqliteStoreStats {
    return { ...this.#stats };
  }

  #begin(): Batch {
    this.#sql.begin.run();
    this.#onBegin?.();
    const batch: Batch = { pending: [], lastSeq: 0, timer: setImmediate(() => this.#flushUnlessSyncing()) };
    this.#batch = batch;
    return batch;
  }

  /** Undoes the running transaction; if SQLite abandoned the whole batch instead, fails the batch. */
  #rollbackTo(batch: Batch, cause: unknown): void {
    try {
      this.#sql.rollbackTo.run();
      this.#sql.release.run();
    } catch {
      // Checked below: after some errors (I/O, disk full) SQLite has rolled back everything.
    }
    if (!this.#db.isTransaction) this.#fail(batch, cause, 'SQLite abandoned the transaction batch');
  }

  /** Rolls back the whole batch and rejects every transaction in it. */
  #fail(batch: Batch, cause: unknown, what: string): void {
    this.#batch = undefined;
    clearImmediate(batch.timer);
    try {
      if (this.#db.isTransaction) this.#db.exec('ROLLBACK');
    } catch {
      // Nothing more to undo: the connection reports the transaction gone, or will on next BEGIN.
    }
    const message = cause instanceof Error ? cause.message : String(cause);
    const error = new Error(`SQLite store ${this.#path}: ${what}, transaction rolled back: ${message}`, {
      cause,
    });
    this.#stats.rollbacks += batch.pending.length;
    for (const p of batch.pending) {
      for (const h of p.hooks) h();
      p.reject(error);
    }
  }
}
