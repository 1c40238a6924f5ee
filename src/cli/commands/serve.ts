/**
 * `logond serve`: runs the daemon in this process until SIGINT or SIGTERM (the daemon's own
 * handlers stop it gracefully). Flags override the environment, which overrides the configuration
 * file, which overrides the defaults (`src/daemon/config.ts` owns that order and the checks).
 */
import {
  ConfigError,
  type ConfigSources,
  DAEMON_DEFAULTS,
  DAEMON_ENVIRONMENT,
  type DaemonConfig,
  loadDaemonConfig,
  redactDatabaseUrl,
} from '../../daemon/config.ts';
import type { Command } from '../command.ts';
import type { CommandContext } from '../context.ts';
import { UsageError } from '../usage-error.ts';

/** The daemon's entry point, loaded only when `serve` runs (the other commands never load Fastify). */
async function loadStartDaemon(): Promise<typeof import('../../daemon/daemon.ts').startDaemon> {
  return (await import('../../daemon/daemon.ts')).startDaemon;
}

/** Cluster flags and the configuration key each sets. */
const CLUSTER_FLAGS: readonly (readonly [string, string])[] = [
  ['database-url', 'databaseUrl'],
  ['database-schema', 'databaseSchema'],
  ['host-name', 'hostName'],
  ['advertise-url', 'advertiseUrl'],
  ['heartbeat-ms', 'hostHeartbeatMs'],
  ['down-after-ms', 'downAfterMs'],
  ['token-revocation', 'tokenRevocation'],
];

async function run(ctx: CommandContext): Promise<number> {
  const a = ctx.args;
  const values: Record<string, unknown> = {};
  if (a.string('port') !== undefined) values['port'] = a.string('port');
  if (a.string('host') !== undefined) values['host'] = a.string('host');
  if (a.string('data-dir') !== undefined) values['dataDir'] = a.string('data-dir');
  if (a.string('config') !== undefined) values['config'] = a.string('config');
  if (a.strings('package').length > 0) values['packages'] = a.strings('package');
  if (a.string('log-level') !== undefined) values['logLevel'] = a.string('log-level');
  if (a.strings('allow-program').length > 0) values['allowedPrograms'] = a.strings('allow-program');
  for (const [flag, key] of CLUSTER_FLAGS) if (a.string(flag) !== undefined) values[key] = a.string(flag);
  let config: DaemonConfig;
  try {
    // Text values are checked (and numbers read) by the config loader, which names the flag on error.
    config = loadDaemonConfig({ flags: values as NonNullable<ConfigSources['flags']>, env: ctx.io.env });
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message, ctx.command);
    throw err;
  }
  const startDaemon = await loadStartDaemon();
  // startDaemon stops gracefully on SIGINT/SIGTERM and exits; until then its server keeps us running.
  const daemon = await startDaemon(config);
  const started = {
    url: daemon.url,
    port: daemon.port,
    ...(config.database === undefined ? { dataDir: config.dataDir } : { host: daemon.system.host }),
    pid: process.pid,
  };
  const where =
    config.database === undefined
      ? `data directory ${config.dataDir}`
      : `cluster host ${daemon.system.host}, ${redactDatabaseUrl(config.database.url)}`;
  if (ctx.json) ctx.print(JSON.stringify(started));
  else ctx.print(`logond listening on ${daemon.url} (${where}); Ctrl-C stops it.`);
  return 0;
}

/** `logond serve`. */
export const serveCommand: Command = {
  path: ['serve'],
  summary: 'run the logond daemon (HTTP API, events, web console) until Ctrl-C or SIGTERM',
  description: [
    'Precedence: flags > environment > configuration file > defaults.',
    'Environment:',
    ...DAEMON_ENVIRONMENT.map((e) => `  ${e.name.padEnd(24)}${e.description}`),
  ].join('\n'),
  options: {
    port: {
      type: 'string',
      valueName: 'PORT',
      default: String(DAEMON_DEFAULTS.port),
      description: 'TCP port; 0 picks a free one',
    },
    host: {
      type: 'string',
      valueName: 'ADDRESS',
      default: DAEMON_DEFAULTS.host,
      description: 'address to listen on',
    },
    'data-dir': {
      type: 'string',
      valueName: 'DIR',
      default: DAEMON_DEFAULTS.dataDir,
      description: 'where the SQLite store lives',
    },
    config: {
      type: 'string',
      valueName: 'FILE',
      default: '$LOGOND_CONFIG, else none',
      description: 'a JSON configuration file',
    },
    package: {
      type: 'string',
      valueName: 'MODULE',
      multiple: true,
      description: 'an authentication package module to load after MSV1_0',
    },
    'allow-program': {
      type: 'string',
      valueName: 'PROGRAM',
      multiple: true,
      default: 'none',
      description: 'a program non-administrators may start in their sessions with "logond run"',
    },
    'database-url': {
      type: 'string',
      valueName: 'URL',
      default: 'none (SQLite in the data directory)',
      description:
        'cluster mode: the PostgreSQL every daemon shares (postgres://user:pw@host:5432/db; prefer LOGOND_DATABASE_URL, a flag is visible in ps)',
    },
    'database-schema': {
      type: 'string',
      valueName: 'NAME',
      default: DAEMON_DEFAULTS.databaseSchema,
      description: "the cluster's schema in that database",
    },
    'host-name': {
      type: 'string',
      valueName: 'NAME',
      default: 'the computer name',
      description: "this session host's name, unique in the cluster",
    },
    'advertise-url': {
      type: 'string',
      valueName: 'URL',
      default: 'http://<host>:<port>',
      description: 'the URL other daemons of the cluster reach this one at',
    },
    'heartbeat-ms': {
      type: 'string',
      valueName: 'MS',
      default: String(DAEMON_DEFAULTS.hostHeartbeatMs),
      description: "how often this host's heartbeat is written (cluster mode)",
    },
    'down-after-ms': {
      type: 'string',
      valueName: 'MS',
      default: String(DAEMON_DEFAULTS.downAfterMs),
      description: 'a host silent this long is down; its sessions show as Down (cluster mode)',
    },
    'token-revocation': {
      type: 'string',
      valueName: 'MODE',
      default: DAEMON_DEFAULTS.tokenRevocation,
      description:
        'cluster mode: immediate (a close is refused by every daemon at once; one small query per batch of requests) or notified (when its notification arrives; faster)',
    },
    'log-level': {
      type: 'string',
      valueName: 'LEVEL',
      default: DAEMON_DEFAULTS.logLevel,
      description: 'debug, info, warn, error or silent',
    },
  },
  examples: [
    'logond serve',
    'logond serve --port 8080 --data-dir /var/lib/logond',
    'LOGOND_ADMIN_PASSWORD=... logond serve',
    'LOGOND_DATABASE_URL=postgres://logond@db:5432/logond logond serve --host-name hosta --port 7391',
  ],
  run,
};
