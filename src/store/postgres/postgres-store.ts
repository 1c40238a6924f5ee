import type { Pool } from 'pg';
import type { EventRow } from '../rows.ts';
import type { ReadEventsOptions, ReadTx, Store, Tx } from '../store.ts';
import { readEventRows } from './_event-log.ts';
import { EventListener } from './_listener.ts';
import type { PgTable } from './_sql.ts';
import { quoteId } from './_sql.ts';
import type { StoreSql } from './_statements.ts';
import {
  isConnectionError,
  isRetryable,
  type PassOutcome,
  PgTransaction,
  runHooks,
  type TransactionContext,
  type TransactionCounters,
} from './_transaction.ts';

/** Options of `createPostgresStore`. */
export interface PostgresStoreOptions {
  /** `postgres://user@host:5432/database`, as libpq and `pg` read it. */
  connectionString: string;
  /** The schema holding logond's tables, created if missing; default `logond`. */
  schema?: string;
  /** Connections in the pool (concurrent transactions); default 10. */
  poolSize?: number;
  /** `application_name` of the connections (the LISTEN one gets ` (events)` added); default `logond`. */
  applicationName?: string;
  /** Attempts of a transaction that fails on a deadlock or serialization failure; default 10. */
  maxAttempts?: number;
  /**
   * How long the server lets a connection sit idle inside a transaction before ending it (and
   * releasing its locks), in ms; default 30000. Bounds how long a stalled daemon blocks the others.
   */
  idleInTransactionTimeoutMs?: number;
}

/** Counters of `PostgresStore.stats()`, since the store was opened. */
export interface PostgresStoreStats extends TransactionCounters {
  /** Transactions committed (read-write ones that wrote something or read with locks). */
  commits: number;
  /** Transactions that ended rolled back (the function threw, or an error). */
  rollbacks: number;
  /** Whole-transaction retries after a deadlock or serialization failure. */
  retries: number;
  /** LISTEN connections made (more than one after a lost connection). */
  listenerConnects: number;
}

/**
 * The PostgreSQL Store adapter (`pg`): the shared store of cluster mode, where several daemons use
 * one database. See DESIGN.md "Cluster mode" and the files of this folder.
 *
 * `transact` runs the synchronous function in passes against a transaction-local snapshot, fetching
 * and locking what each pass missed (_transaction.ts, _pass.ts): READ COMMITTED with strict
 * two-phase advisory locking on every key, index value and table read or written
 * (_statements.ts), so transactions are serialisable and a hot row makes others queue rather than
 * fail. Deadlocks (and serialization failures) retry the whole transaction with jittered backoff.
 * `read` uses one REPEATABLE READ READ ONLY snapshot and no locks.
 *
 * Events take sequence numbers from a counter row locked until COMMIT, so transactions that append
 * events commit in sequence order and a reader at cursor N never later sees an event below N
 * appear. Each such commit NOTIFYs its last sequence number; `onEvents` hears local commits at
 * once and other processes' through LISTEN, with catch-up after a lost connection.
 */
export class PostgresStore implements Store {
  readonly kind = 'postgres';
  readonly durable = true;
  /** The schema holding the tables. */
  readonly schema: string;
  readonly #options: PostgresStoreOptions;
  readonly #pool: Pool;
  readonly #sql: StoreSql;
  readonly #ctx: TransactionContext;
  readonly #listeners = new Set<(lastSeq: number) => void>();
  readonly #stats = { commits: 0, rollbacks: 0, retries: 0, roundTrips: 0, passes: 0 };
  #listener: EventListener | undefined;
  /** The highest sequence number reported to listeners (or known at open). */
  #lastSeq: number;
  #inFunction = false;
  #closed = false;

  /** Use `createPostgresStore`, which migrates first. */
  constructor(options: PostgresStoreOptions, pool: Pool, tables: readonly PgTable[], lastSeq: number) {
    this.#options = options;
    this.schema = options.schema ?? 'logond';
    this.#pool = pool;
    this.#lastSeq = lastSeq;
    const s = quoteId(this.schema);
    this.#sql = {
      schema: this.schema,
      events: `${s}.events`,
      counter: `${s}.event_counter`,
      channel: `logond_events.${this.schema}`,
    };
    this.#ctx = {
      pool,
      sql: this.#sql,
      tables,
      counters: this.#stats,
      knownLastSeq: () => this.#lastSeq,
      guard: (fn) => {
        this.#inFunction = true;
        try {
          return fn();
        } finally {
          this.#inFunction = false;
        }
      },
    };
  }

  #refuse(): Error | undefined {
    if (this.#closed) return new Error('store is closed');
    if (this.#inFunction)
      return new Error('transactions do not nest: transact() called inside a transaction');
    return undefined;
  }

  async transact<R>(fn: (tx: Tx) => R): Promise<R> {
    const refused = this.#refuse();
    if (refused !== undefined) throw refused;
    for (let attempt = 1; ; attempt++) {
      const tx = new PgTransaction(this.#ctx, true);
      let outcome: PassOutcome<R>;
      try {
        outcome = await tx.run((pass) => fn(pass.tx));
      } catch (error) {
        await this.#failed(tx, error, [], attempt);
        continue;
      }
      if (!outcome.ok) {
        await tx.abandon(undefined);
        this.#stats.rollbacks++;
        runHooks(outcome.pass.hooks);
        throw outcome.error;
      }
      let lastSeq: number;
      try {
        lastSeq = await tx.commit(outcome.pass);
      } catch (error) {
        await this.#failed(tx, error, outcome.pass.hooks, attempt);
        continue;
      }
      this.#stats.commits++;
      if (lastSeq > 0) this.#reportSeq(lastSeq);
      return outcome.result;
    }
  }

  /**
   * After a database error: rolls back, runs the final pass's hooks, and returns after a jittered
   * backoff if the transaction should run again (deadlock, serialization failure, or a connection
   * lost before COMMIT was sent); throws the error otherwise.
   */
  async #failed(
    tx: PgTransaction,
    error: unknown,
    hooks: readonly (() => void)[],
    attempt: number,
  ): Promise<void> {
    await tx.abandon(error);
    this.#stats.rollbacks++;
    runHooks(hooks);
    const again = isRetryable(error) || (isConnectionError(error) && !tx.commitSent);
    if (again && attempt < (this.#options.maxAttempts ?? 10) && !this.#closed) {
      this.#stats.retries++;
      await backoff(attempt);
      return;
    }
    throw this.#wrap(
      error,
      tx.commitSent ? 'commit failed (it may or may not have been applied)' : 'transaction failed',
    );
  }

  async read<R>(fn: (tx: ReadTx) => R): Promise<R> {
    const refused = this.#refuse();
    if (refused !== undefined) throw refused;
    for (let attempt = 1; ; attempt++) {
      const tx = new PgTransaction(this.#ctx, false);
      let outcome: PassOutcome<R>;
      try {
        outcome = await tx.run((pass) => fn(pass.tx));
      } catch (error) {
        await tx.abandon(error);
        if ((isRetryable(error) || isConnectionError(error)) && attempt < 3 && !this.#closed) continue;
        throw this.#wrap(error, 'read failed');
      }
      tx.finish();
      if (!outcome.ok) throw outcome.error;
      return outcome.result;
    }
  }

  async readEvents(options: ReadEventsOptions): Promise<EventRow[]> {
    if (this.#closed) throw new Error('store is closed');
    try {
      return await readEventRows(this.#pool, this.#sql.events, options);
    } catch (error) {
      throw this.#wrap(error, 'reading events failed');
    }
  }

  async lastEventSeq(): Promise<number> {
    if (this.#closed) throw new Error('store is closed');
    try {
      // A named statement: parsed and planned once per connection (daemons ask this before
      // trusting a cached token, thousands of times a second); each store has its own pool.
      const result = await this.#pool.query({
        name: 'logond_last_seq',
        text: `SELECT last FROM ${this.#sql.counter}`,
      });
      return Number((result.rows[0] as { last: string }).last);
    } catch (error) {
      throw this.#wrap(error, 'reading the last event sequence number failed');
    }
  }

  /** Hears commits of this store at once and other processes' through LISTEN (started on first use). */
  onEvents(listener: (lastSeq: number) => void): () => void {
    this.#listeners.add(listener);
    if (this.#listener === undefined && !this.#closed) {
      this.#listener = new EventListener({
        connectionString: this.#options.connectionString,
        applicationName: `${this.#options.applicationName ?? 'logond'} (events)`,
        channel: this.#sql.channel,
        lastSeqSql: `SELECT last FROM ${this.#sql.counter}`,
        onSeq: (seq) => this.#reportSeq(seq),
      });
    }
    return () => this.#listeners.delete(listener);
  }

  #reportSeq(seq: number): void {
    if (seq <= this.#lastSeq) return;
    this.#lastSeq = seq;
    for (const l of this.#listeners) l(seq);
  }

  /** Counters for monitoring and tests. */
  stats(): PostgresStoreStats {
    return { ...this.#stats, listenerConnects: this.#listener?.connects ?? 0 };
  }

  #wrap(error: unknown, what: string): Error {
    const message = error instanceof Error ? error.message : String(error);
    return new Error(
      `PostgreSQL store ${describeServer(this.#options.connectionString)} (schema ${this.schema}): ${what}: ${message}`,
      {
        cause: error,
      },
    );
  }

  /** Stops listening and closes the pool once running transactions have returned their connections. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#listener?.close();
    await this.#pool.end();
  }
}

/** `host:port/database` of a connection string, without credentials. */
export function describeServer(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    return `${url.hostname}:${url.port || 5432}${url.pathname}`;
  } catch {
    return 'server';
  }
}

function backoff(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(200, 2 ** attempt * 2);
  return new Promise((resolve) => setTimeout(resolve, ms));
}
