/**
 * `logond serve`: runs the daemon in this process until SIGINT or SIGTERM. Flags override the
 * environment, which overrides the configuration file, which overrides the defaults
 * (`src/daemon/config.ts` owns that order and the checks).
 */
import {
  ConfigError,
  DAEMON_DEFAULTS,
  DAEMON_ENVIRONMENT,
  type DaemonConfig,
  loadDaemonConfig,
} from '../../daemon/config.ts';
import type { Command } from '../command.ts';
import type { CommandContext } from '../context.ts';
import { UsageError } from '../usage-error.ts';

/** What `startDaemon` gives back: enough to say where it listens and to stop it. */
interface RunningDaemon {
  readonly url?: string;
  close(): Promise<void>;
}

type StartDaemon = (config: DaemonConfig) => Promise<RunningDaemon>;

/** The daemon's entry point, loaded only when `serve` runs (the other commands never load Fastify). */
async function loadStartDaemon(): Promise<StartDaemon> {
  const specifier = '../../daemon/index.ts';
  const mod = (await import(specifier)) as { startDaemon?: StartDaemon };
  if (typeof mod.startDaemon !== 'function')
    throw new Error('this build of logond has no daemon (src/daemon exports no startDaemon)');
  return mod.startDaemon;
}

async function run(ctx: CommandContext): Promise<number> {
  const a = ctx.args;
  const flags: Parameters<typeof loadDaemonConfig>[0] & object = {};
  const values: Record<string, unknown> = {};
  if (a.string('port') !== undefined) values['port'] = a.string('port');
  if (a.string('host') !== undefined) values['host'] = a.string('host');
  if (a.string('data-dir') !== undefined) values['dataDir'] = a.string('data-dir');
  if (a.string('config') !== undefined) values['config'] = a.string('config');
  if (a.strings('package').length > 0) values['packages'] = a.strings('package');
  flags.flags = values as NonNullable<typeof flags.flags>;
  flags.env = ctx.io.env;
  let config: DaemonConfig;
  try {
    config = loadDaemonConfig(flags);
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message, ctx.command);
    throw err;
  }
  const startDaemon = await loadStartDaemon();
  const daemon = await startDaemon(config);
  const signal = ctx.io.stopSignal();
  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await daemon.close();
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
  },
  examples: [
    'logond serve',
    'logond serve --port 8080 --data-dir /var/lib/logond',
    'LOGOND_ADMIN_PASSWORD=... logond serve',
  ],
  run,
};
