/**
 * Opening the daemon's engine: on the SQLite store in the data directory, which this process owns
 * (one daemon per directory), or in cluster mode on the PostgreSQL store the cluster shares, as one
 * session host (cluster-start.ts).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { createSystem, type System, type SystemOptions } from '../system.ts';
import {
  createClusterOptions,
  ensureHostNameFree,
  hostNameOf,
  openClusterStore,
  reservePort,
  urlOf,
} from './cluster-start.ts';
import { type DaemonConfig, redactDatabaseUrl } from './config.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { watchHandleDeletions } from './handle-watch.ts';
import type { Logger } from './logger.ts';

/** The opened engine, and what the daemon does with it. */
export interface Opened {
  system: System;
  /** The port to listen on (in cluster mode, settled before the engine starts: it is in the address). */
  port: number;
  /** Releases the data directory (SQLite); nothing in cluster mode. */
  unlock: () => void;
  /** Frees the port held for `port: 0` in cluster mode; call just before listening (and on failure). */
  releasePort: () => Promise<void>;
  /** Cluster mode: this host's name and key (for revocations pushed to the other daemons). */
  cluster?: { name: string; hostKey: string };
}

/**
 * Opens the engine: on `<dataDir>/logond.db`, whose one writer this process is; or, with
 * `database`, on the PostgreSQL store the cluster shares, as session host `hostName`. Either way
 * the store reports the token handles this process closes to `onHandlesClosed` once committed,
 * and a close waits for the promise it returns.
 */
export async function openSystem(
  config: DaemonConfig,
  log: Logger,
  extra: Omit<SystemOptions, 'store'> | undefined,
  onHandlesClosed: (handleIds: readonly number[]) => void | Promise<void>,
): Promise<Opened> {
  if (config.passwordHashing !== undefined)
    log.warn('password hashing parameters are overridden: for tests only, never in production', {
      passwordHashing: config.passwordHashing,
    });
  const common: SystemOptions = {
    ...extra,
    packages: [...(extra?.packages ?? []), ...config.packages],
    terminationNotify: config.terminationNotify,
    wts: { ...extra?.wts, allowedPrograms: config.allowedPrograms, gracePeriodMs: config.logoffGraceMs },
    logger: { warn: (msg, fields) => log.warn(msg, fields) },
    ...(config.passwordHashing === undefined ? {} : { passwordHashing: config.passwordHashing }),
  };
  if (config.database === undefined) {
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    const unlock = lockDataDir(config.dataDir);
    try {
      const system = await createSystem({
        ...common,
        ...(config.hostName === undefined ? {} : { host: config.hostName }),
        store: watchHandleDeletions(
          createSqliteStore({ path: join(config.dataDir, 'logond.db') }),
          onHandlesClosed,
        ),
      });
      return { system, port: config.port, unlock, releasePort: async () => {} };
    } catch (error) {
      unlock();
      throw error;
    }
  }
  // Cluster mode: no data directory; the shared store is the only state.
  const name = hostNameOf(config);
  const reserved =
    config.port === 0 && config.advertiseUrl === undefined ? await reservePort(config.host) : undefined;
  const releasePort = reserved?.release ?? (async () => {});
  const port = reserved?.port ?? config.port;
  const address = config.advertiseUrl ?? urlOf(config.host, port);
  let system: System;
  let cluster: ReturnType<typeof createClusterOptions>;
  try {
    const store = await openClusterStore(config.database);
    try {
      await ensureHostNameFree(store, name, {
        heartbeatMs: config.hostHeartbeatMs,
        downAfterMs: config.downAfterMs,
      });
    } catch (error) {
      await store.close().catch(() => {});
      throw error;
    }
    cluster = createClusterOptions(config, name, address);
    system = await createSystem({
      ...common,
      // This process's closes are reported as they commit (and, with `pushed` revocation, told to
      // the other daemons before they are answered); other processes' arrive by the event log.
      store: watchHandleDeletions(store, onHandlesClosed),
      host: name,
      cluster,
    });
  } catch (error) {
    await releasePort();
    throw error;
  }
  log.info('joined the cluster', {
    host: name,
    address,
    database: redactDatabaseUrl(config.database.url),
    schema: config.database.schema,
  });
  return { system, port, unlock: () => {}, releasePort, cluster: { name, hostKey: cluster.hostKey } };
}
