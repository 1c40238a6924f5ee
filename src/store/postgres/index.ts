/**
 * `logond/store/postgres`: the PostgreSQL Store adapter, an opt-in subpath so that `pg` stays an
 * optional dependency.
 */

export { applyMigrations, MIGRATIONS, type Migration, SCHEMA_VERSION } from './migrations.ts';
export {
  createPostgresStore,
  PostgresStore,
  type PostgresStoreOptions,
  type PostgresStoreStats,
} from './postgres-store.ts';
