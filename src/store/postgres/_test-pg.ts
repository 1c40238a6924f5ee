/**
 * Test support for the PostgreSQL adapter: the server to test against, fresh schemas, and a clear
 * skip when no server is reachable. Private to the adapter's tests.
 */
import { randomBytes } from 'node:crypto';
import { after } from 'node:test';
import { Client } from 'pg';
import { quoteId } from './_sql.ts';
import { createPostgresStore } from './create-postgres-store.ts';
import type { PostgresStore, PostgresStoreOptions } from './postgres-store.ts';

/** The server the tests use: `LOGOND_TEST_PG`, or the local default. */
export const PG_URL = process.env['LOGOND_TEST_PG'] ?? 'postgres://postgres@127.0.0.1:5432/test';

async function probe(): Promise<string | undefined> {
  const client = new Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return undefined;
  } catch (error) {
    const e = error as Error & { code?: string };
    // Only an unreachable server skips; a reachable one that refuses us is a failure to see.
    if (typeof e.code === 'string' && !/^E[A-Z]+$/.test(e.code)) throw error;
    const where = PG_URL.replace(/\/\/[^@/]*@/, '//');
    return `PostgreSQL not reachable at ${where} (${e.message}) — start it with \`pg_ctlcluster 15 main start\` or set LOGOND_TEST_PG`;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Why the PostgreSQL tests skip, or undefined when the server is reachable. */
export const pgUnreachable = await probe();

const schemas = new Set<string>();

/** A new schema name (`logond_test_<random>`), dropped when the test file ends. */
export function freshSchema(): string {
  const schema = `logond_test_${randomBytes(6).toString('hex')}`;
  schemas.add(schema);
  return schema;
}

/** Opens a store in `schema` (a fresh one by default). */
export function openStore(options: Partial<PostgresStoreOptions> = {}): Promise<PostgresStore> {
  return createPostgresStore({ connectionString: PG_URL, schema: freshSchema(), ...options });
}

/** Runs `fn` with a plain client of the test server. */
export async function withClient<R>(fn: (client: Client) => Promise<R>): Promise<R> {
  const client = new Client({ connectionString: PG_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

after(async () => {
  if (pgUnreachable !== undefined || schemas.size === 0) return;
  await withClient(async (client) => {
    for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS ${quoteId(s)} CASCADE`);
  });
});
