/**
 * The daemon's configuration: command-line flags (parsed by the CLI and passed in), environment
 * variables and an optional JSON file, in that order of precedence, over the defaults below.
 * Every value is checked; a bad one stops the start with a message naming where it came from.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PasswordHasherOptions } from '../security/password-hasher.ts';
import { ConfigError, type ConfigInput, toConfigInput } from './_config-values.ts';

export { redactDatabaseUrl } from './_cluster-values.ts';
export { ConfigError, type ConfigInput };

/** Log levels, most verbose first; `silent` logs nothing. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** Failed-logon limits: a sliding window per user name and per client address. */
export interface RateLimitConfig {
  /** Window length in ms (default 5 minutes). */
  windowMs: number;
  /** Failed logons per user name within the window before further attempts get 429 (default 10). */
  perUser: number;
  /** Failed logons per client address within the window (default 30). */
  perAddress: number;
}

/** The daemon's configuration, complete and checked. Paths are absolute. */
export interface DaemonConfig {
  /** TCP port; 0 picks a free one (default 7390). */
  port: number;
  /** Bind address (default 127.0.0.1: only this machine). */
  host: string;
  /** Where the SQLite store lives (`<dataDir>/logond.db`; default `./.logond`). */
  dataDir: string;
  /** Password of the `Administrator` account created at first start; generated and printed once if unset. */
  adminPassword: string | undefined;
  /** Authentication package modules loaded after MSV1_0, by path or package name. */
  packages: string[];
  logLevel: LogLevel;
  /**
   * A directory of static files served at `/`: by default the web console of this repository
   * (`web/dist`, built at start when missing or stale); another directory; or undefined for none.
   */
  webRoot: string | undefined;
  rateLimit: RateLimitConfig;
  /**
   * Programs users other than administrators may start in their terminal sessions, by name or
   * path, matched exactly (default none). Session programs run as the daemon's OS user.
   */
  allowedPrograms: string[];
  /** Time session programs get between SIGTERM and SIGKILL at logoff (ms). */
  logoffGraceMs: number;
  /**
   * Addresses (or CIDR ranges) of reverse proxies whose `X-Forwarded-For` names the client (default
   * none). Behind a proxy without it, every client has the proxy's address, for logs, audit events
   * and the per-address logon limit.
   */
  trustProxy: string[];
  /** D1: termination routines for every session (`all`) or only marked ones. */
  terminationNotify: 'all' | 'marked';
  /** How long a graceful stop waits for requests and cascades before closing the store (ms). */
  shutdownTimeoutMs: number;
  /** Interval of SSE heartbeat comments (ms). */
  heartbeatMs: number;
  /**
   * scrypt parameters of the password package. TEST ONLY when set: lowering the cost makes
   * password hashes cheap to attack. `LOGOND_TEST_FAST_KDF=1` sets a tiny cost for test suites.
   */
  passwordHashing: PasswordHasherOptions | undefined;
  /** The file the configuration was read from, if any. */
  configFile: string | undefined;
  /**
   * Cluster mode (DESIGN.md "Cluster mode"): the PostgreSQL store every daemon of the cluster
   * shares, instead of SQLite in `dataDir`. The URL may hold a password: show it only through
   * `redactDatabaseUrl`.
   */
  database: { url: string; schema: string } | undefined;
  /** This session host's name (default: the computer name); unique in a cluster. */
  hostName: string | undefined;
  /** The URL other daemons reach this one at (default `http://<host>:<port>`). */
  advertiseUrl: string | undefined;
  /** How often this host's row is refreshed in the shared store (cluster mode; ms). */
  hostHeartbeatMs: number;
  /** A host whose heartbeat is older than this is down: its sessions show as WTSDown (ms). */
  downAfterMs: number;
  /**
   * Cluster mode: how a daemon learns that another closed a token it has cached. `pushed`
   * (default): the daemon that closes a token tells every other live daemon (HTTP, authorized by
   * its host key) and answers the close once they dropped it, so a close answered by a daemon is
   * refused everywhere at once with no read per request; closes made outside the daemons (by the
   * library on the same database) arrive by commit notification. `immediate`: before a cached
   * answer, a read barrier (one small query shared by the requests that arrive together) makes
   * sure every close committed before the request is known, whoever made it. `notified`: closes are
   * known when their commit notification arrives (typically well under a millisecond later).
   */
  tokenRevocation: 'immediate' | 'pushed' | 'notified';
}

/** The web console this repository builds (`web/build.ts`), the default `webRoot`. */
export const CONSOLE_WEB_ROOT = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** The defaults, as `logond serve --help` shows them. */
export const DAEMON_DEFAULTS = Object.freeze({
  port: 7390,
  host: '127.0.0.1',
  dataDir: './.logond',
  packages: Object.freeze([] as string[]),
  logLevel: 'info' as LogLevel,
  rateLimit: Object.freeze({ windowMs: 5 * 60_000, perUser: 10, perAddress: 30 }),
  terminationNotify: 'all' as const,
  allowedPrograms: Object.freeze([] as string[]),
  logoffGraceMs: 5_000,
  trustProxy: Object.freeze([] as string[]),
  shutdownTimeoutMs: 10_000,
  heartbeatMs: 15_000,
  databaseSchema: 'logond',
  hostHeartbeatMs: 2_000,
  downAfterMs: 10_000,
  tokenRevocation: 'pushed' as const,
});

/** scrypt parameters `LOGOND_TEST_FAST_KDF=1` selects: fast, and weak. For test suites only. */
export const TEST_FAST_KDF: PasswordHasherOptions = Object.freeze({
  N: 1024,
  r: 1,
  p: 1,
  concurrency: 4,
  maxQueue: 1024,
});

/** Environment variables the daemon reads, with what each sets (for `--help`). */
export const DAEMON_ENVIRONMENT: readonly {
  name: string;
  key: keyof ConfigInput | 'config';
  description: string;
}[] = [
  {
    name: 'LOGOND_PORT',
    key: 'port',
    description: `TCP port (default ${DAEMON_DEFAULTS.port}; 0 picks a free one)`,
  },
  { name: 'LOGOND_HOST', key: 'host', description: `bind address (default ${DAEMON_DEFAULTS.host})` },
  {
    name: 'LOGOND_DATA_DIR',
    key: 'dataDir',
    description: `data directory (default ${DAEMON_DEFAULTS.dataDir})`,
  },
  { name: 'LOGOND_CONFIG', key: 'config', description: 'JSON configuration file' },
  {
    name: 'LOGOND_ADMIN_PASSWORD',
    key: 'adminPassword',
    description: 'password of the Administrator created at first start',
  },
  { name: 'LOGOND_PACKAGES', key: 'packages', description: 'comma-separated authentication package modules' },
  {
    name: 'LOGOND_LOG_LEVEL',
    key: 'logLevel',
    description: `debug, info, warn, error or silent (default ${DAEMON_DEFAULTS.logLevel})`,
  },
  {
    name: 'LOGOND_ALLOWED_PROGRAMS',
    key: 'allowedPrograms',
    description: 'comma-separated programs non-administrators may start in their sessions (default none)',
  },
  {
    name: 'LOGOND_TRUST_PROXY',
    key: 'trustProxy',
    description: 'comma-separated reverse-proxy addresses whose X-Forwarded-For is believed (default none)',
  },
  {
    name: 'LOGOND_WEB_ROOT',
    key: 'webRoot',
    description: 'directory served at / (default: the built-in web console; none: no console)',
  },
  {
    name: 'LOGOND_DATABASE_URL',
    key: 'databaseUrl',
    description: 'postgres://user:password@host:5432/db: cluster mode on this PostgreSQL (default: SQLite)',
  },
  {
    name: 'LOGOND_DATABASE_SCHEMA',
    key: 'databaseSchema',
    description: `the PostgreSQL schema of the cluster (default ${DAEMON_DEFAULTS.databaseSchema})`,
  },
  {
    name: 'LOGOND_HOST_NAME',
    key: 'hostName',
    description: "this session host's name in the cluster (default: the computer name)",
  },
  {
    name: 'LOGOND_ADVERTISE_URL',
    key: 'advertiseUrl',
    description: 'the URL other daemons reach this one at (default http://<host>:<port>)',
  },
  {
    name: 'LOGOND_HEARTBEAT_MS',
    key: 'hostHeartbeatMs',
    description: `cluster heartbeat interval in ms (default ${DAEMON_DEFAULTS.hostHeartbeatMs})`,
  },
  {
    name: 'LOGOND_DOWN_AFTER_MS',
    key: 'downAfterMs',
    description: `a host silent this long (ms) is down (default ${DAEMON_DEFAULTS.downAfterMs})`,
  },
  {
    name: 'LOGOND_TOKEN_REVOCATION',
    key: 'tokenRevocation',
    description: `cluster mode: immediate, pushed or notified (default ${DAEMON_DEFAULTS.tokenRevocation}); see docs/daemon.md`,
  },
  {
    name: 'LOGOND_TEST_FAST_KDF',
    key: 'passwordHashing',
    description: 'TEST ONLY: 1 makes password hashing cheap (and weak)',
  },
];

/** Bind addresses meaning "every interface": not an address other daemons can use. */
const WILDCARDS: ReadonlySet<string> = new Set(['0.0.0.0', '::', '[::]']);

/** The `webRoot` value that turns the console off. */
const NO_WEB_ROOT = 'none';

/** Where configuration comes from. */
export interface ConfigSources {
  /** Flags as the CLI parsed them (same keys as the file, plus `config`). */
  flags?: ConfigInput & { config?: string };
  /** Default: `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Base of relative paths from flags and the environment (default: the working directory). */
  cwd?: string;
}

/** Keys whose environment variable is a comma-separated list. */
const LIST_KEYS: ReadonlySet<string> = new Set(['packages', 'allowedPrograms', 'trustProxy']);

function fromEnvironment(env: Readonly<Record<string, string | undefined>>): ConfigInput {
  const raw: Record<string, unknown> = {};
  for (const { name, key } of DAEMON_ENVIRONMENT) {
    const value = env[name];
    if (value === undefined || value === '' || key === 'config') continue;
    if (LIST_KEYS.has(key))
      raw[key] = value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
    else if (key === 'passwordHashing') {
      if (value !== '1' && value !== '0')
        throw new ConfigError(`${name} must be 1 or 0, not ${JSON.stringify(value)}`);
      if (value === '1') raw[key] = TEST_FAST_KDF;
    } else raw[key] = value;
  }
  return toConfigInput(raw, 'environment', { numbersFromText: true });
}

function fromFile(path: string): ConfigInput {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read the configuration file ${path}: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`the configuration file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  return toConfigInput(raw, `configuration file ${path}`, { numbersFromText: false });
}

/** Makes the paths of one source absolute against `base`. */
function resolvePaths(input: ConfigInput, base: string): ConfigInput {
  const out: ConfigInput = { ...input };
  if (input.dataDir !== undefined) out.dataDir = resolve(base, input.dataDir);
  if (input.webRoot !== undefined && input.webRoot !== NO_WEB_ROOT)
    out.webRoot = resolve(base, input.webRoot);
  // Module paths are resolved; bare package names are left to the module resolver.
  if (input.packages !== undefined)
    out.packages = input.packages.map((p) => (p.startsWith('.') || p.startsWith('/') ? resolve(base, p) : p));
  return out;
}

/**
 * Reads and checks the configuration: flags > environment > file > defaults. The file is
 * `flags.config` or `LOGOND_CONFIG`; paths in it are relative to the file. Throws ConfigError.
 */
export function loadDaemonConfig(sources: ConfigSources = {}): DaemonConfig {
  const env = sources.env ?? process.env;
  const cwd = sources.cwd ?? process.cwd();
  const { config: flagFile, ...flagValues } = sources.flags ?? {};
  const flags = resolvePaths(toConfigInput(flagValues, 'command line', { numbersFromText: true }), cwd);
  const fromEnv = resolvePaths(fromEnvironment(env), cwd);
  const fileName = flagFile ?? env['LOGOND_CONFIG'];
  const configFile = fileName === undefined || fileName === '' ? undefined : resolve(cwd, fileName);
  const file = configFile === undefined ? {} : resolvePaths(fromFile(configFile), dirname(configFile));
  const merged: ConfigInput = { ...file, ...fromEnv, ...flags };
  const d = DAEMON_DEFAULTS;
  const host = merged.host ?? d.host;
  const hostHeartbeatMs = merged.hostHeartbeatMs ?? d.hostHeartbeatMs;
  const downAfterMs = merged.downAfterMs ?? d.downAfterMs;
  if (downAfterMs <= hostHeartbeatMs)
    throw new ConfigError(
      `downAfterMs (${downAfterMs}) must be longer than the heartbeat interval hostHeartbeatMs (${hostHeartbeatMs}); three heartbeats or more is usual`,
    );
  if (merged.databaseUrl !== undefined && merged.advertiseUrl === undefined && WILDCARDS.has(host))
    throw new ConfigError(
      `with databaseUrl and host ${host} (every interface), set advertiseUrl (--advertise-url) to the URL other daemons reach this one at`,
    );
  return {
    port: merged.port ?? d.port,
    host,
    dataDir: merged.dataDir ?? resolve(cwd, d.dataDir),
    adminPassword: merged.adminPassword,
    packages: [...(merged.packages ?? d.packages)],
    logLevel: merged.logLevel ?? d.logLevel,
    webRoot:
      merged.webRoot === undefined
        ? CONSOLE_WEB_ROOT
        : merged.webRoot === NO_WEB_ROOT
          ? undefined
          : merged.webRoot,
    rateLimit: { ...d.rateLimit, ...file.rateLimit, ...fromEnv.rateLimit, ...flags.rateLimit },
    terminationNotify: merged.terminationNotify ?? d.terminationNotify,
    allowedPrograms: [...(merged.allowedPrograms ?? d.allowedPrograms)],
    logoffGraceMs: merged.logoffGraceMs ?? d.logoffGraceMs,
    trustProxy: [...(merged.trustProxy ?? d.trustProxy)],
    shutdownTimeoutMs: merged.shutdownTimeoutMs ?? d.shutdownTimeoutMs,
    heartbeatMs: merged.heartbeatMs ?? d.heartbeatMs,
    passwordHashing: merged.passwordHashing,
    configFile,
    database:
      merged.databaseUrl === undefined
        ? undefined
        : { url: merged.databaseUrl, schema: merged.databaseSchema ?? d.databaseSchema },
    hostName: merged.hostName,
    advertiseUrl: merged.advertiseUrl,
    hostHeartbeatMs,
    downAfterMs,
    tokenRevocation: merged.tokenRevocation ?? d.tokenRevocation,
  };
}
