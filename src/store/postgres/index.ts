/**
 * `logond/store/postgres`: the PostgreSQL Store adapter, an opt-in subpath so that `pg` stays an
 * optional dependency.
 */

export { createPostgresStore } from './create-postgres-store.ts';
export { applyMigrations, MIGRATIONS, type Migration, SCHEMA_VERSION } from './migrations.ts';
export {
  PostgresStore,
  type PostgresStoreOptions,
  type PostgresStoreStats,
} from './postgres-store.ts';
