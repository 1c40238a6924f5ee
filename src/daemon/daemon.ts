/**
 * The daemon (`logond serve`): the engine on the SQLite store in the data directory, or in cluster
 * mode on the PostgreSQL store the cluster shares, behind the HTTP API of docs/http-api.md. `createDaemon` opens and listens; `startDaemon` adds the process
 * concerns (signals, the "listening" line) for the CLI's `serve` and `_main.ts`.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { STATUS_INVALID_PARAMETER } from '../nt/ntstatus.ts';
import type { System, SystemOptions } from '../system.ts';
import { ensureAdministrator } from './bootstrap-admin.ts';
import { urlOf } from './cluster-start.ts';
import { CONSOLE_WEB_ROOT, type DaemonConfig } from './config.ts';
import type { DaemonContext } from './context.ts';
import { EventHub } from './event-hub.ts';
import { createLogger, type Logger } from './logger.ts';
import { LogonRateLimiter } from './logon-rate-limiter.ts';
import { Metrics } from './metrics.ts';
import { openSystem } from './open-system.ts';
import { createOpenApiDocument } from './openapi.ts';
import { sendProblem, toProblem } from './problem.ts';
import { registerRoutes } from './register-routes.ts';
import { RevocationPush } from './revocation-push.ts';
import { DAEMON_ROUTES } from './route-table.ts';
import { SidNames } from './sid-names.ts';
import { toSseFrame } from './sse-stream.ts';
import { registerStaticFiles } from './static-files.ts';
import { StoreWatch } from './store-watch.ts';
import { TokenCache } from './token-cache.ts';

/** The request body limit (docs/http-api.md). */
export const BODY_LIMIT = 64 * 1024;

/** A running daemon. */
export interface Daemon {
  /** `http://host:port`. */
  readonly url: string;
  readonly port: number;
  readonly system: System;
  /**
   * Graceful stop: no new connections, event streams ended, in-flight requests finished, running
   * cascades given up to `shutdownTimeoutMs`, then the store closed. Idempotent.
   */
  close(): Promise<void>;
}

/** What the embedding process may add. */
export interface DaemonOptions {
  /** Where the generated Administrator password is printed, once (default: stdout). */
  print?: (text: string) => void;
  /** Where log lines go (default: stderr). */
  logWrite?: (text: string) => void;
  /** Extra engine options (tests: a clock, package objects). */
  system?: Omit<SystemOptions, 'store'>;
}

function packageVersion(): string {
  try {
    return (
      (
        JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
          version?: string;
        }
      ).version ?? '0.0.0'
    );
  } catch {
    return '0.0.0';
  }
}

/**
 * Whether `root` can be served. The built-in console (`web/dist`) is built first when missing or
 * older than its sources (`web/build.ts`); a console that cannot be built is left out, with a
 * warning, and the API runs without it.
 */
async function consoleReady(root: string, log: Logger): Promise<boolean> {
  if (root === CONSOLE_WEB_ROOT) {
    try {
      const { ensureConsoleBuilt } = await import('../../web/build.ts');
      const done = await ensureConsoleBuilt({ outDir: root });
      if (done.action === 'kept-stale')
        log.warn('the web console may be out of date', { reason: done.reason });
    } catch (error) {
      log.warn('the web console is not served', {
        error: error instanceof Error ? error.message : String(error),
      });
      return false;
    }
  }
  return existsSync(root) && statSync(root).isDirectory();
}

/** Opens the engine and listens on `config.host:config.port`. */
export async function createDaemon(config: DaemonConfig, options: DaemonOptions = {}): Promise<Daemon> {
  const log = createLogger({
    level: config.logLevel,
    ...(options.logWrite === undefined ? {} : { write: options.logWrite }),
  });
  let tokens: TokenCache | undefined;
  let push: RevocationPush | undefined;
  const {
    system,
    port: listenPort,
    unlock,
    releasePort,
    cluster,
  } = await openSystem(config, log, options.system, (ids) => {
    tokens?.revoke(ids);
    return push?.push(ids);
  });
  const hub = new EventHub(system.store, { encode: toSseFrame });
  let app: FastifyInstance | undefined;
  try {
    await ensureAdministrator(system, {
      password: config.adminPassword,
      print: options.print ?? ((t) => process.stdout.write(t)),
    });
    await hub.start();
    const names = new SidNames(system);
    // One process owns an SQLite store and sees every close it commits; a shared store learns of
    // other daemons' closes from the event log (token-cache.ts).
    const cache =
      config.database === undefined
        ? new TokenCache(system.kernel, { revocation: 'watched' })
        : new TokenCache(system.kernel, {
            revocation: 'evented',
            stale: () => hub.behind,
            ...(config.tokenRevocation === 'immediate' ? { sync: () => hub.sync() } : {}),
          });
    tokens = cache;
    if (cluster !== undefined && config.tokenRevocation === 'pushed') {
      push = new RevocationPush({
        fromHost: cluster.name,
        hostKey: cluster.hostKey,
        hosts: () => system.wts.hosts(),
        refreshMs: config.hostHeartbeatMs,
        warn: (message, fields) => log.warn(message, fields),
      });
      await push.start();
    }
    if (config.database !== undefined)
      hub.subscribe({ types: ['token.handle-closed', 'logon-session.terminated'] }, ({ row }) => {
        if (row.type === 'token.handle-closed') cache.revoke([Number(row.data['handle'])]);
        else if (typeof row.data['logonId'] === 'string') cache.revokeLogonSession(row.data['logonId']);
      });
    hub.subscribe({ types: ['account.'] }, () => {
      names.invalidate();
      cache.clearViews();
    });
    const context: DaemonContext = {
      system,
      config,
      hub,
      limiter: new LogonRateLimiter(config.rateLimit),
      metrics: new Metrics(),
      log,
      names,
      tokens: cache,
      ...(push === undefined ? {} : { revocationPush: push }),
      startedAt: Date.now(),
      streams: new Set(),
      storeWatch:
        config.database === undefined
          ? undefined
          : new StoreWatch(() => system.store.lastEventSeq(), {
              onChange: (available, reason) =>
                available
                  ? log.info('the database answers again')
                  : log.warn('the database cannot be reached; requests are refused until it answers', {
                      reason,
                    }),
            }),
    };
    app = Fastify({
      logger: false,
      bodyLimit: BODY_LIMIT,
      routerOptions: { caseSensitive: true, maxParamLength: 300 },
      onProtoPoisoning: 'error',
      onConstructorPoisoning: 'error',
      return503OnClosing: true,
      forceCloseConnections: 'idle',
      ...(config.trustProxy.length === 0 ? {} : { trustProxy: config.trustProxy }),
      // Requests Fastify refuses before routing (a malformed URL) get a problem too.
      frameworkErrors: (_error, _request, reply) =>
        sendProblem(
          reply,
          toProblem(STATUS_INVALID_PARAMETER, { detail: 'The URL is malformed.', httpStatus: 400 }),
        ),
    });
    registerRoutes(app, DAEMON_ROUTES, context);
    const openapi = JSON.stringify(createOpenApiDocument(DAEMON_ROUTES, packageVersion()));
    app.get('/openapi.json', (_request, reply: FastifyReply) => reply.type('application/json').send(openapi));
    if (config.webRoot !== undefined && (await consoleReady(config.webRoot, log)))
      registerStaticFiles(app, config.webRoot);
    await releasePort();
    await app.listen({ port: listenPort, host: config.host });
    context.storeWatch?.start();
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : listenPort;
    const url = urlOf(config.host, port);
    return {
      url,
      port,
      system,
      close: once(async () => {
        await stop(app!, context);
        unlock();
      }),
    };
  } catch (error) {
    push?.close();
    hub.close();
    await app?.close().catch(() => {});
    await system.close().catch(() => {});
    await releasePort();
    unlock();
    log.flush();
    throw error;
  }
}

/** The steps of a graceful stop, each bounded by `shutdownTimeoutMs`. */
async function stop(app: FastifyInstance, context: DaemonContext): Promise<void> {
  const { system, hub, log, config } = context;
  const bound = config.shutdownTimeoutMs;
  for (const stream of [...context.streams]) stream.end();
  // A keep-alive connection whose request finishes after the stop began would otherwise stay open
  // until its idle timeout: close each as soon as it is idle.
  const sweep = setInterval(() => app.server.closeIdleConnections(), 20);
  const closed = await within(app.close(), bound);
  clearInterval(sweep);
  if (!closed) {
    log.warn('requests still running at the shutdown deadline; closing their connections', {
      timeoutMs: bound,
    });
    app.server.closeAllConnections();
  }
  hub.close();
  context.storeWatch?.close();
  context.revocationPush?.close();
  // Logoffs under way end their programs and close tokens, which starts cascades: wait for both.
  const settled = system.wts.settled().then(() => system.settled());
  if (!(await within(settled, bound))) {
    log.warn('logoffs or cascades still running at the shutdown deadline; they resume at the next start', {
      running: system.lsa.cascade.pending,
    });
    await system.store.close();
  } else {
    await system.close();
  }
  log.info('stopped');
  log.flush();
}

/** Whether `promise` settled within `ms`. */
async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(resolve, ms, false);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}

/**
 * `createDaemon`, plus what a process needs: a line saying where it listens (on the log), and
 * SIGTERM/SIGINT handlers that stop gracefully and exit (a second signal exits at once).
 */
export async function startDaemon(config: DaemonConfig, options: DaemonOptions = {}): Promise<Daemon> {
  const daemon = await createDaemon(config, options);
  const log = createLogger({
    level: config.logLevel,
    ...(options.logWrite === undefined ? {} : { write: options.logWrite }),
  });
  log.info('listening', {
    url: daemon.url,
    ...(config.database === undefined ? { dataDir: config.dataDir } : { host: daemon.system.host }),
    pid: process.pid,
  });
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) process.exit(1);
    stopping = true;
    log.info('stopping', { signal });
    daemon.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error('stop failed', { error });
        log.flush();
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return daemon;
}
