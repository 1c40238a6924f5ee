/**
 * One PostgreSQL transaction running a synchronous transaction function. Private to the adapter.
 *
 * The function runs in passes against the transaction's snapshot (see _pass.ts); each pass that
 * misses rows costs one round trip, which fetches (and locks) everything the pass missed, and the
 * function runs again from the start. A pass with no miss is final: its writes and events go to
 * the database with COMMIT in one more round trip. The connection is taken from the pool on the
 * first round trip, so a function that needs nothing from the database costs none.
 */
import type { Pool, PoolClient, QueryResult } from 'pg';
import { commitStatements } from './_commit.ts';
import { fetchStatements } from './_fetch.ts';
import { Pass } from './_pass.ts';
import { Snapshot } from './_snapshot.ts';
import type { PgTable } from './_sql.ts';
import type { Statement, StoreSql } from './_statements.ts';

/** Counters shared by a store's transactions. */
export interface TransactionCounters {
  /** Round trips to the server (each carries one or more statements). */
  roundTrips: number;
  /** Runs of transaction functions. */
  passes: number;
}

/** What the store lends a transaction. */
export interface TransactionContext {
  readonly pool: Pool;
  readonly sql: StoreSql;
  readonly tables: readonly PgTable[];
  readonly counters: TransactionCounters;
  /** The highest event sequence number this store knows of (for provisional numbers). */
  knownLastSeq(): number;
  /** Runs `fn` marked as inside a transaction function (the store refuses nesting meanwhile). */
  guard<R>(fn: () => R): R;
}

/** How a function's final pass ended. */
export type PassOutcome<R> = { ok: true; pass: Pass; result: R } | { ok: false; pass: Pass; error: unknown };

/** Runs every hook; throws the first error any of them threw, after running the rest. */
export function runHooks(hooks: readonly (() => void)[]): void {
  let first: { error: unknown } | undefined;
  for (const h of hooks) {
    try {
      h();
    } catch (error) {
      first ??= { error };
    }
  }
  if (first !== undefined) throw first.error;
}

/** A PostgreSQL transaction: READ COMMITTED with locks (`transact`) or a read-only snapshot (`read`). */
export class PgTransaction {
  readonly #ctx: TransactionContext;
  readonly #writable: boolean;
  readonly #snapshot: Snapshot;
  #client: PoolClient | undefined;
  /** Whether BEGIN has been sent. */
  #begun = false;
  /** Whether the COMMIT has been sent (after which a failure may or may not have committed). */
  commitSent = false;

  constructor(ctx: TransactionContext, writable: boolean) {
    this.#ctx = ctx;
    this.#writable = writable;
    this.#snapshot = new Snapshot(ctx.tables);
  }

  /** Runs `fn` until a pass needs nothing more; discarded passes have their hooks run. */
  async run<R>(fn: (pass: Pass) => R): Promise<PassOutcome<R>> {
    for (;;) {
      const pass = new Pass(this.#snapshot, this.#writable, this.#ctx.knownLastSeq());
      this.#ctx.counters.passes++;
      let outcome: PassOutcome<R>;
      try {
        outcome = { ok: true, pass, result: this.#ctx.guard(() => fn(pass)) };
      } catch (error) {
        outcome = { ok: false, pass, error };
      }
      const m = pass.misses;
      // An error thrown with only provisional sequence numbers given out is the function's own:
      // they are plausible numbers, and no rule branches on the value of a fresh one.
      if (m.rows === 0 && (!m.events || !outcome.ok)) return outcome;
      runHooks(pass.hooks);
      await this.#send(fetchStatements(pass, this.#ctx.sql, this.#writable));
    }
  }

  /** Sends the final pass's writes and COMMIT; returns the last event sequence number (0 if none). */
  async commit(pass: Pass): Promise<number> {
    const { statements, lastSeq } = commitStatements(pass, this.#ctx.sql);
    if (statements.length === 1) {
      // Nothing written: nothing to wait for but the release of the locks.
      this.finish();
      return 0;
    }
    this.commitSent = true;
    await this.#send(statements);
    this.#begun = false;
    this.#release();
    return lastSeq;
  }

  /** Ends a transaction that wrote nothing: COMMIT in the background (nothing to make durable). */
  finish(): void {
    const client = this.#client;
    if (client === undefined) return;
    this.#client = undefined;
    client.query('COMMIT').then(
      () => client.release(),
      (error: Error) => client.release(error),
    );
  }

  /** Rolls back (if begun) and returns the connection; a broken one is discarded. */
  async abandon(error: unknown): Promise<void> {
    const client = this.#client;
    if (client === undefined) return;
    this.#client = undefined;
    const broken = isConnectionError(error);
    if (this.#begun && !broken) {
      try {
        await client.query('ROLLBACK');
      } catch (e) {
        client.release(e as Error);
        return;
      }
    }
    client.release(broken ? (error as Error) : undefined);
  }

  async #send(statements: readonly Statement[]): Promise<void> {
    if (statements.length === 0) return;
    this.#client ??= await this.#ctx.pool.connect();
    const all = this.#begun ? statements : [{ sql: this.#beginSql() }, ...statements];
    this.#begun = true;
    this.#ctx.counters.roundTrips++;
    const res = (await this.#client.query(all.map((s) => s.sql).join(';\n'))) as QueryResult | QueryResult[];
    const results = Array.isArray(res) ? res : [res];
    for (let i = 0; i < all.length; i++) all[i]!.apply?.(results[i]!);
  }

  #beginSql(): string {
    return this.#writable
      ? 'BEGIN ISOLATION LEVEL READ COMMITTED'
      : 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';
  }

  #release(): void {
    this.#client?.release();
    this.#client = undefined;
  }
}

/** Whether `error` means the connection is gone (the transaction, if any, died with it). */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03') return true;
    if (/^E[A-Z]+$/.test(code)) return true; // ECONNRESET, ECONNREFUSED, EPIPE, ...
  }
  return /Connection terminated|connection is closed|Client was closed|not queryable/i.test(error.message);
}

/** Whether retrying the whole transaction may succeed: serialization failure or deadlock. */
export function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40001' || code === '40P01';
}
