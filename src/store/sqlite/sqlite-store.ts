import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { EventRow } from '../rows.ts';
import type { ReadEventsOptions, Store, Tx } from '../store.ts';
import { TABLE_NAMES, TABLES, type TableName } from '../tables.ts';
import { Checkpointer } from './_checkpointer.ts';
import { EventLog } from './_event-log.ts';
import { GroupCommit, type SqliteStoreStats } from './_group-commit.ts';
import { RowTable } from './_row-table.ts';
import { WalSync, type WalSyncFs } from './_wal-sync.ts';
import { applyMigrations, checkSchema } from './migrations.ts';

export type { SqliteStoreStats };

/** Options of `createSqliteStore`. */
export interface SqliteStoreOptions {
  /** The database file, created if missing; `:memory:` gives a throwaway store (not durable). */
  path: string;
  /** How long a write waits for another connection holding the lock, in ms; default 5000. */
  busyTimeoutMs?: number;
  /** The WAL size in bytes past which a checkpoint runs (in a worker thread); default 4 MiB. */
  checkpointWalBytes?: number;
  /** The file-system calls that sync the WAL (tests wrap `node:fs` to watch them); default `node:fs`. */
  walSyncFs?: WalSyncFs;
}

/**
 * The SQLite Store adapter (`node:sqlite`): the daemon's embedded, durable store.
 *
 * WAL journal. An acknowledged commit survives a crash or power loss, and no fsync runs on the
 * event loop: the connection uses `synchronous = NORMAL` (a COMMIT writes the WAL without syncing
 * it) and the group commit acknowledges a batch only after an `fdatasync` of the `-wal` file has
 * returned from libuv's thread pool (`_wal-sync.ts`); checkpoints (which sync the database file)
 * run in a worker thread on their own connection (`_checkpointer.ts`), never inside a COMMIT.
 * Group commit: each `transact` runs at once inside a SAVEPOINT of a batch transaction that the
 * first one opens; a throwing function rolls back to its savepoint only. Every transaction begun in
 * the same turn of the event loop shares the one COMMIT scheduled with `setImmediate`, and their
 * promises resolve once it is durable. Reads run directly on the connection and so see
 * transactions of the open batch; `readEvents`, `lastEventSeq` and `onEvents` see acknowledged
 * events only. Decoded rows are cached (`_row-cache.ts`). One process owns the file.
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  readonly durable: boolean;
  /** The database file. */
  readonly path: string;
  readonly #db: DatabaseSync;
  readonly #tables = new Map<TableName, RowTable>();
  readonly #events: EventLog;
  readonly #commits: GroupCommit;
  readonly #walSync: WalSync | undefined;
  readonly #checkpointer: Checkpointer | undefined;
  readonly #listeners = new Set<(lastSeq: number) => void>();
  readonly #tx: Tx;
  readonly #dataVersion: StatementSync;
  /** `PRAGMA data_version` when last checked: it changes when another connection commits. */
  #lastDataVersion: number;
  /** Forgets every decoded row of every table (a hook of every transaction, for its rollback). */
  readonly #forgetRows = (): void => {
    for (const t of this.#tables.values()) t.forgetAll();
  };
  /** Hooks of the running transaction, or undefined outside one. */
  #hooks: (() => void)[] | undefined;
  #committedSeq: number;
  #writable = false;
  #closed = false;

  constructor(options: SqliteStoreOptions) {
    this.path = options.path;
    this.durable = options.path !== ':memory:' && options.path !== '';
    const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    const db = new DatabaseSync(options.path, { timeout: busyTimeoutMs });
    try {
      // NORMAL: COMMIT does not sync; GroupCommit syncs the WAL off the loop before acknowledging.
      // No automatic checkpoint (it would sync inside a COMMIT): the Checkpointer runs them.
      // temp_store MEMORY: each transaction's SAVEPOINT keeps the pages it changes in a sub-journal,
      // a temporary file by default, whose writes took ~20 % of the event loop in logon + logoff
      // cycles; it only serves to roll a savepoint back, so memory is enough.
      db.exec(
        'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0; PRAGMA temp_store = MEMORY;',
      );
      applyMigrations(db, options.path);
      checkSchema(db);
    } catch (error) {
      db.close();
      throw error;
    }
    this.#db = db;
    this.#dataVersion = db.prepare('PRAGMA data_version');
    this.#lastDataVersion = this.#readDataVersion();
    for (const name of TABLE_NAMES) this.#tables.set(name, new RowTable(db, name, TABLES[name]));
    this.#events = new EventLog(db);
    this.#committedSeq = this.#events.highestSeq();
    if (this.durable) {
      this.#walSync = new WalSync(options.path, options.walSyncFs);
      this.#checkpointer = new Checkpointer(options.path, {
        busyTimeoutMs,
        hold: () => this.#commits.hold(),
        release: () => this.#commits.release(),
        ...(options.checkpointWalBytes === undefined ? {} : { thresholdBytes: options.checkpointWalBytes }),
      });
    }
    const walSync = this.#walSync;
    const checkpointer = this.#checkpointer;
    this.#commits = new GroupCommit(
      db,
      options.path,
      (lastSeq) => {
        this.#committedSeq = lastSeq;
        for (const l of this.#listeners) l(lastSeq);
      },
      walSync === undefined ? undefined : (callback) => walSync.sync(callback),
      checkpointer === undefined ? undefined : (walBytes) => checkpointer.maybeCheckpoint(walBytes),
      () => this.#checkOtherWriters(),
    );
    this.#tx = this.#createTx();
  }

  #readDataVersion(): number {
    return (this.#dataVersion.get() as { data_version: number }).data_version;
  }

  /**
   * Forgets the decoded rows if another connection committed since the last check: before each
   * read, and as each batch begins (within a batch, the write lock keeps other writers out).
   */
  #checkOtherWriters(): void {
    const v = this.#readDataVersion();
    if (v !== this.#lastDataVersion) {
      this.#lastDataVersion = v;
      this.#forgetRows();
    }
  }

  #table(name: TableName): RowTable {
    const t = this.#tables.get(name);
    if (t === undefined) throw new Error(`unknown table ${name}`);
    return t;
  }

  #assertWritable(): void {
    if (!this.#writable) throw new Error('write outside a read-write transaction');
  }

  #createTx(): Tx {
    const store = this;
    return {
      get: ((table: TableName, key: unknown) => store.#table(table).get(key)) as Tx['get'],
      find: ((table: TableName, field: string, value: unknown) =>
        store.#table(table).find(field, value)) as Tx['find'],
      scan: ((table: TableName) => store.#table(table).scan()) as Tx['scan'],
      count: (table: TableName) => store.#table(table).count(),
      put: ((table: TableName, row: Record<string, unknown>) => {
        store.#assertWritable();
        store.#table(table).put(row);
      }) as Tx['put'],
      delete: ((table: TableName, key: unknown) => {
        store.#assertWritable();
        return store.#table(table).delete(key);
      }) as Tx['delete'],
      appendEvent(type, data, time) {
        store.#assertWritable();
        const seq = store.#events.append(type, data, time);
        store.#commits.noteEvent(seq);
        return seq;
      },
      onRollback(fn) {
        if (store.#hooks === undefined) throw new Error('onRollback outside a read-write transaction');
        store.#hooks.push(fn);
      },
    };
  }

  transact<R>(fn: (tx: Tx) => R): Promise<R> {
    if (this.#closed) return Promise.reject(new Error('store is closed'));
    if (this.#hooks !== undefined) {
      return Promise.reject(new Error('transactions do not nest: transact() called inside a transaction'));
    }
    // First hook: a rolled-back transaction (or batch) forgets the decoded rows it may have seen.
    const hooks: (() => void)[] = [this.#forgetRows];
    return this.#commits.run(() => {
      this.#hooks = hooks;
      this.#writable = true;
      try {
        return fn(this.#tx);
      } finally {
        this.#hooks = undefined;
        this.#writable = false;
      }
    }, hooks);
  }

  read<R>(fn: (tx: Tx) => R): Promise<R> {
    if (this.#closed) return Promise.reject(new Error('store is closed'));
    try {
      // Inside an open batch the write lock keeps other writers out: no need to look.
      if (!this.#commits.batchOpen) this.#checkOtherWriters();
      return Promise.resolve(fn(this.#tx));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  readEvents(options: ReadEventsOptions): Promise<EventRow[]> {
    if (this.#closed) return Promise.reject(new Error('store is closed'));
    try {
      return Promise.resolve(this.#events.read(options, this.#committedSeq));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  lastEventSeq(): Promise<number> {
    return Promise.resolve(this.#committedSeq);
  }

  onEvents(listener: (lastSeq: number) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Counters for monitoring and tests: commits, transactions, rollbacks, largest batch. */
  stats(): SqliteStoreStats {
    return this.#commits.stats();
  }

  /** Checkpoints run so far by the checkpoint thread (for tests and monitoring). */
  checkpoints(): number {
    return this.#checkpointer?.completed ?? 0;
  }

  /**
   * Commits the open batch and waits until it is durable (its promises settled), stops the
   * checkpoint thread, checkpoints the WAL into the database file, and closes.
   */
  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#commits.flush();
    this.#closed = true;
    if (this.#commits.idle() && !(this.#checkpointer?.started ?? false)) {
      // Nothing to wait for: close now, as a caller that does not await may expect.
      try {
        this.#finishClose();
        return Promise.resolve();
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return (async () => {
      await this.#commits.drain();
      await this.#checkpointer?.close();
      // Transactions held by a checkpoint ran when it ended: commit and sync them too.
      this.#commits.flush();
      await this.#commits.drain();
      this.#finishClose();
    })();
  }

  #finishClose(): void {
    this.#walSync?.close();
    try {
      this.#db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    } catch {
      // A checkpoint another connection blocks is not a loss: the WAL stays and is replayed on open.
    }
    this.#db.close();
  }
}

/** Opens (creating and migrating if needed) the SQLite store at `options.path`. */
export function createSqliteStore(options: SqliteStoreOptions): SqliteStore {
  return new SqliteStore(options);
}
