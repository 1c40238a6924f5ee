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
} from '../../daemon/config.ts';
import type { Command } from '../command.ts';
import type { CommandContext } from '../context.ts';
import { UsageError } from '../usage-error.ts';

/** The daemon's entry point, loaded only when `serve` runs (the other commands never load Fastify). */
async function loadStartDaemon(): Promise<typeof import('../../daemon/daemon.ts').startDaemon> {
  return (await import('../../daemon/daemon.ts')).startDaemon;
}

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
  const started = { url: daemon.url, port: daemon.port, dataDir: config.dataDir, pid: process.pid };
  if (ctx.json) ctx.print(JSON.stringify(started));
  else ctx.print(`logond listening on ${daemon.url} (data directory ${config.dataDir}); Ctrl-C stops it.`);
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
  ],
  run,
};
