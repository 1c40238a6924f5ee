/**
 * The benchmark's PostgreSQL: whether it answers, fresh schema names (one per daemon count and
 * repetition, so every measurement starts from the same empty database), and dropping them again.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Why the server cannot be used (a sentence), or undefined when it answers. */
export async function pgProblem(url: string): Promise<string | undefined> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return `PostgreSQL not usable at ${url.replace(/\/\/[^@/]*@/, '//')}: ${(error as Error).message}`;
  } finally {
    await client.end().catch(() => {});
  }
}

/** A new schema name, `logond_bench_<label>_<random>` (lower-case letters, digits and _). */
export function benchSchema(label: string): string {
  return `logond_bench_${label.toLowerCase().replace(/[^a-z0-9]+/g, '_')}_${randomBytes(4).toString('hex')}`;
}

/** Drops `schemas` (missing ones are fine). */
export async function dropSchemas(url: string, schemas: readonly string[]): Promise<void> {
  if (schemas.length === 0) return;
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    for (const schema of schemas) {
      if (!/^[a-z0-9_]+$/.test(schema)) throw new Error(`not a benchmark schema: ${schema}`);
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    }
  } finally {
    await client.end();
  }
}

/** The server's version and the settings that decide durability and lock waits. */
export async function describePostgres(url: string): Promise<Record<string, string>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const out: Record<string, string> = {};
    for (const name of [
      'server_version',
      'synchronous_commit',
      'fsync',
      'wal_sync_method',
      'deadlock_timeout',
    ])
      out[name] = String((await client.query(`SHOW ${name}`)).rows[0]?.[name] ?? '?');
    return out;
  } finally {
    await client.end();
  }
}

/**
 * Deadlocks PostgreSQL has detected in the current database so far (`pg_stat_database`; every
 * client of that database counts, and a backend reports its count within about a second).
 */
export async function deadlockCount(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query('SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()');
    return Number((r.rows[0] as { deadlocks: string }).deadlocks);
  } finally {
    await client.end();
  }
}
