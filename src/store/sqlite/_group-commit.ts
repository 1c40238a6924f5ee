/**
 * Group commit for the SQLite adapter: many synchronous transactions, one COMMIT (one fsync).
 * Private to the SQLite adapter.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';

/** Counters of `SqliteStore.stats()`, since the store was opened. */
export interface SqliteStoreStats {
  /** COMMITs that made transactions durable (one fsync each). */
  commits: number;
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
 * shares it; their promises settle once it has returned (or failed: then all of them reject).
 */
export class GroupCommit {
  readonly #db: DatabaseSync;
  readonly #path: string;
  readonly #onCommitted: (lastSeq: number) => void;
  readonly #sql: Record<'begin' | 'savepoint' | 'release' | 'rollbackTo' | 'commit', StatementSync>;
  readonly #stats: SqliteStoreStats = { commits: 0, transactions: 0, rollbacks: 0, largestBatch: 0 };
  #batch: Batch | undefined;
  #txLastSeq = 0;

  /** `onCommitted` hears the highest event sequence number of each committed batch that has events. */
  constructor(db: DatabaseSync, path: string, onCommitted: (lastSeq: number) => void) {
    this.#db = db;
    this.#path = path;
    this.#onCommitted = onCommitted;
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

  /** Commits the open batch now, if any (as `close` needs). */
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
    for (const p of batch.pending) p.resolve(p.result);
    if (batch.lastSeq > 0) this.#onCommitted(batch.lastSeq);
  }

  stats(): SqliteStoreStats {
    return { ...this.#stats };
  }

  #begin(): Batch {
    this.#sql.begin.run();
    const batch: Batch = { pending: [], lastSeq: 0, timer: setImmediate(() => this.flush()) };
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
