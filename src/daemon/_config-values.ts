/**
 * Checking one source of daemon configuration (private to `config.ts`): every key known, every
 * value of the right type and range, and a message naming the key and the source when not.
 */
import type { PasswordHasherOptions } from '../security/password-hasher.ts';
import { toAdvertiseUrl, toDatabaseSchema, toDatabaseUrl, toHostName } from './_cluster-values.ts';

/** A bad configuration value; the message names the key, the value and where it came from. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** What one source may set (every key optional). */
export interface ConfigInput {
  port?: number;
  host?: string;
  dataDir?: string;
  adminPassword?: string;
  packages?: string[];
  logLevel?: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  webRoot?: string;
  rateLimit?: { windowMs?: number; perUser?: number; perAddress?: number };
  terminationNotify?: 'all' | 'marked';
  allowedPrograms?: string[];
  logoffGraceMs?: number;
  trustProxy?: string[];
  shutdownTimeoutMs?: number;
  heartbeatMs?: number;
  passwordHashing?: PasswordHasherOptions;
  databaseUrl?: string;
  databaseSchema?: string;
  hostName?: string;
  advertiseUrl?: string;
  hostHeartbeatMs?: number;
  downAfterMs?: number;
  tokenRevocation?: 'immediate' | 'pushed' | 'notified';
}

const LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
const HASHING_KEYS = ['N', 'r', 'p', 'keyLength', 'saltLength', 'concurrency', 'maxQueue'] as const;

interface Reader {
  readonly where: string;
  readonly numbersFromText: boolean;
}

function integer(r: Reader, key: string, value: unknown, min: number, max: number): number {
  const n =
    typeof value === 'string' && r.numbersFromText && /^[0-9]+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(
      `${key} must be an integer from ${min} to ${max}, not ${JSON.stringify(value)} (${r.where})`,
    );
  }
  return n;
}

function text(r: Reader, key: string, value: unknown, maxLength = 4096): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) {
    throw new ConfigError(`${key} must be a non-empty string, not ${JSON.stringify(value)} (${r.where})`);
  }
  return value;
}

function oneOf<T extends string>(r: Reader, key: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(
      `${key} must be one of ${allowed.join(', ')}, not ${JSON.stringify(value)} (${r.where})`,
    );
  }
  return value as T;
}

function object(r: Reader, key: string, value: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ConfigError(`${key} must be an object (${r.where})`);
  for (const k of Object.keys(value)) {
    if (!allowed.includes(k))
      throw new ConfigError(`${key} has an unknown key "${k}"; allowed: ${allowed.join(', ')} (${r.where})`);
  }
  return value as Record<string, unknown>;
}

function rateLimit(r: Reader, value: unknown): NonNullable<ConfigInput['rateLimit']> {
  const o = object(r, 'rateLimit', value, ['windowMs', 'perUser', 'perAddress']);
  const out: NonNullable<ConfigInput['rateLimit']> = {};
  if (o['windowMs'] !== undefined)
    out.windowMs = integer(r, 'rateLimit.windowMs', o['windowMs'], 1, 7 * 24 * 3_600_000);
  if (o['perUser'] !== undefined) out.perUser = integer(r, 'rateLimit.perUser', o['perUser'], 1, 1_000_000);
  if (o['perAddress'] !== undefined)
    out.perAddress = integer(r, 'rateLimit.perAddress', o['perAddress'], 1, 1_000_000);
  return out;
}

function passwordHashing(r: Reader, value: unknown): PasswordHasherOptions {
  const o = object(r, 'passwordHashing', value, HASHING_KEYS);
  const out: Record<string, number> = {};
  for (const k of HASHING_KEYS)
    if (o[k] !== undefined) out[k] = integer(r, `passwordHashing.${k}`, o[k], 0, 2 ** 20);
  return out;
}

/** Checks one source: `raw` must be an object of known keys with valid values. */
export function toConfigInput(
  raw: unknown,
  where: string,
  options: { numbersFromText: boolean },
): ConfigInput {
  const r: Reader = { where, numbersFromText: options.numbersFromText };
  const o = object(r, 'the configuration', raw, [
    'port',
    'host',
    'dataDir',
    'adminPassword',
    'packages',
    'logLevel',
    'webRoot',
    'rateLimit',
    'terminationNotify',
    'allowedPrograms',
    'logoffGraceMs',
    'trustProxy',
    'shutdownTimeoutMs',
    'heartbeatMs',
    'passwordHashing',
    'databaseUrl',
    'databaseSchema',
    'hostName',
    'advertiseUrl',
    'hostHeartbeatMs',
    'downAfterMs',
    'tokenRevocation',
  ]);
  const complain = (message: string): never => {
    throw new ConfigError(message);
  };
  const out: ConfigInput = {};
  for (const [key, value] of Object.entries(o)) {
    if (value === undefined) continue;
    switch (key) {
      case 'port':
        out.port = integer(r, key, value, 0, 65535);
        break;
      case 'host':
        out.host = text(r, key, value, 255);
        break;
      case 'dataDir':
        out.dataDir = text(r, key, value);
        break;
      case 'webRoot':
        out.webRoot = text(r, key, value);
        break;
      case 'adminPassword':
        out.adminPassword = text(r, key, value, 256);
        break;
      case 'packages':
        if (!Array.isArray(value))
          throw new ConfigError(`packages must be a list of module paths or names (${where})`);
        out.packages = value.map((p, i) => text(r, `packages[${i}]`, p));
        break;
      case 'logLevel':
        out.logLevel = oneOf(r, key, value, LEVELS);
        break;
      case 'terminationNotify':
        out.terminationNotify = oneOf(r, key, value, ['all', 'marked'] as const);
        break;
      case 'allowedPrograms':
        if (!Array.isArray(value))
          throw new ConfigError(`allowedPrograms must be a list of program names or paths (${where})`);
        out.allowedPrograms = value.map((p, i) => text(r, `allowedPrograms[${i}]`, p));
        break;
      case 'trustProxy':
        if (!Array.isArray(value))
          throw new ConfigError(`trustProxy must be a list of proxy addresses (${where})`);
        out.trustProxy = value.map((p, i) => {
          const t = text(r, `trustProxy[${i}]`, p, 64);
          if (!/^[0-9A-Fa-f.:]+(\/[0-9]{1,3})?$/.test(t))
            throw new ConfigError(
              `trustProxy[${i}] must be an IP address or CIDR range, not ${JSON.stringify(t)} (${where})`,
            );
          return t;
        });
        break;
      case 'logoffGraceMs':
        out.logoffGraceMs = integer(r, key, value, 0, 3_600_000);
        break;
      case 'shutdownTimeoutMs':
        out.shutdownTimeoutMs = integer(r, key, value, 0, 3_600_000);
        break;
      case 'heartbeatMs':
        out.heartbeatMs = integer(r, key, value, 100, 3_600_000);
        break;
      case 'rateLimit':
        out.rateLimit = rateLimit(r, value);
        break;
      case 'passwordHashing':
        out.passwordHashing = passwordHashing(r, value);
        break;
      case 'databaseUrl':
        out.databaseUrl = toDatabaseUrl(value, where, complain);
        break;
      case 'databaseSchema':
        out.databaseSchema = toDatabaseSchema(value, where, complain);
        break;
      case 'hostName':
        out.hostName = toHostName(value, where, complain);
        break;
      case 'advertiseUrl':
        out.advertiseUrl = toAdvertiseUrl(value, where, complain);
        break;
      case 'hostHeartbeatMs':
        out.hostHeartbeatMs = integer(r, key, value, 50, 600_000);
        break;
      case 'downAfterMs':
        out.downAfterMs = integer(r, key, value, 100, 3_600_000);
        break;
      case 'tokenRevocation':
        out.tokenRevocation = oneOf(r, key, value, ['immediate', 'pushed', 'notified'] as const);
        break;
    }
  }
  return out;
}
