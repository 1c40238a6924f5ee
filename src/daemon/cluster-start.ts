/**
 * What a daemon does to join a cluster (DESIGN.md "Cluster mode"): open the PostgreSQL store every
 * daemon shares, settle the address other daemons reach it at, make sure no live daemon already
 * heartbeats under its host name, and build the engine's cluster options (a fresh host key, the
 * HTTP HostLink).
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { hostname } from 'node:os';
import type { Store } from '../store/store.ts';
import type { ClusterOptions } from '../wts/cluster-options.ts';
import type { DaemonConfig } from './config.ts';
import { redactDatabaseUrl } from './config.ts';
import { createHttpHostLink } from './http-host-link.ts';

/** The host name a daemon runs as: `hostName`, or the computer name as the engine makes it. */
export function hostNameOf(config: DaemonConfig): string {
  return config.hostName ?? (hostname().split('.')[0] || 'LOCALHOST').toUpperCase();
}

/**
 * Opens the PostgreSQL store (`logond/store/postgres`; `pg` is an optional dependency, so a clear
 * message when it is missing). Messages name the server without its password.
 */
export async function openClusterStore(database: { url: string; schema: string }): Promise<Store> {
  let mod: typeof import('../store/postgres/index.ts');
  try {
    mod = await import('../store/postgres/index.ts');
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'ERR_MODULE_NOT_FOUND' && /'pg'/.test(e.message))
      throw new Error(
        'cluster mode (databaseUrl) needs the PostgreSQL client: install it with "npm install pg"',
      );
    throw error;
  }
  try {
    return await mod.createPostgresStore({
      connectionString: database.url,
      schema: database.schema,
      applicationName: 'logond',
    });
  } catch (error) {
    throw new Error(
      `cannot open the cluster database ${redactDatabaseUrl(database.url)} (schema ${database.schema}): ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** A port held for the daemon until it listens (see `reservePort`). */
export interface ReservedPort {
  port: number;
  /** Frees the port for the daemon's own server; call just before it listens (idempotent). */
  release(): Promise<void>;
}

/**
 * A free TCP port on `host`, for `port: 0` in cluster mode, where the address is registered before
 * the daemon listens. The port stays bound until `release`: a port chosen, freed at once and
 * listened on later could be handed to another process in between (two daemons started together
 * were given the same one).
 */
export function reservePort(host: string): Promise<ReservedPort> {
  return new Promise((resolve, reject) => {
    // A peer that calls before the daemon listens is cut off, as it would be refused.
    const server = createServer((socket) => socket.destroy());
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      let released: Promise<void> | undefined;
      resolve({
        port,
        release: () => {
          released ??= new Promise<void>((done) => server.close(() => done()));
          return released;
        },
      });
    });
  });
}

/** `http://host:port`, with brackets around an IPv6 address. */
export function urlOf(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * Refuses to start when another live daemon heartbeats as `name`: its row's heartbeat is recent
 * and still moves after two heartbeat intervals. A row left by a daemon that died (killed, crashed)
 * stops moving, and is taken over: the restarted host picks up its own sessions.
 */
export async function ensureHostNameFree(
  store: Store,
  name: string,
  timing: { heartbeatMs: number; downAfterMs: number },
): Promise<void> {
  const beat = () => store.read((tx) => tx.get('hosts', name)?.heartbeatAt);
  const first = await beat();
  if (first === undefined || Date.now() - first > timing.downAfterMs) return;
  await new Promise((resolve) => setTimeout(resolve, 2 * timing.heartbeatMs + 100));
  const second = await beat();
  if (second !== undefined && second !== first)
    throw new Error(
      `another live logond daemon already runs as session host "${name}" in this cluster (its heartbeat is current); give this one another --host-name, or stop that one`,
    );
}

/** The engine's cluster options for this daemon: a fresh host key, the HTTP HostLink. */
export function createClusterOptions(config: DaemonConfig, name: string, address: string): ClusterOptions {
  const hostKey = randomBytes(32).toString('base64url');
  return {
    address,
    hostKey,
    link: createHttpHostLink({ fromHost: name, hostKey, logoffWaitMs: config.logoffGraceMs }),
    heartbeatMs: config.hostHeartbeatMs,
    downAfterMs: config.downAfterMs,
  };
}
