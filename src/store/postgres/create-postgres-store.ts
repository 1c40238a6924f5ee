import { Pool, type PoolClient } from 'pg';
import { quoteId } from './_sql.ts';
import { applyMigrations, isValidSchemaName, readTables } from './migrations.ts';
import { describeServer, PostgresStore, type PostgresStoreOptions } from './postgres-store.ts';

/**
 * Opens the store in `options.schema` (creating and migrating it if needed, under an advisory lock
 * so daemons starting together do not race), after checking the server is reachable.
 */
export async function createPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const schema = options.schema ?? 'logond';
  if (!isValidSchemaName(schema))
    throw new Error(`invalid schema name ${JSON.stringify(schema)}: use lower-case letters, digits and _`);
  const pool = new Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? 10,
    application_name: options.applicationName ?? 'logond',
    // A daemon that stalls or loses its network inside a transaction must not hold its locks for
    // long: the server ends such a session, and its transaction, after this long.
    idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs ?? 30_000,
    keepAlive: true,
  });
  // An idle connection that dies is dropped by the pool; the next transaction opens a new one.
  pool.on('error', () => {});
  // The pool listens for errors of idle clients only: a connection lost while a transaction holds
  // its client between two statements would emit 'error' with nobody listening and end the
  // process. With this listener the next statement on that client fails instead, which the
  // transaction handles as a lost connection (rolled back, retried, then reported).
  pool.on('connect', (client) => client.on('error', () => {}));
  try {
    let client: PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      throw new Error(
        `PostgreSQL store ${describeServer(options.connectionString)}: cannot connect: ${(error as Error).message}`,
        { cause: error },
      );
    }
    try {
      await applyMigrations(client, schema);
      const tables = await readTables(client, schema);
      const last = await client.query(`SELECT last FROM ${quoteId(schema)}.event_counter`);
      return new PostgresStore(
        { ...options, schema },
        pool,
        tables,
        Number((last.rows[0] as { last: string }).last),
      );
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
}
