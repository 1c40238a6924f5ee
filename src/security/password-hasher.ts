/**
 * Password hashing with scrypt (DESIGN.md: "passwords with a slow KDF").
 *
 * Hashes run through `node:crypto`'s asynchronous `scrypt`, on libuv's thread pool, so they never
 * block the event loop. A bounded queue keeps a flood of logons from exhausting memory or the
 * pool: at most `concurrency` hashes run at once and at most `maxQueue` wait; beyond that the call
 * is refused at once with STATUS_TOO_MANY_SESSIONS ("busy"), which the daemon answers as such.
 *
 * The stored form is `scrypt$N$r$p$salt$hash` (salt and hash in base64url), so a hash keeps
 * verifying with the parameters it was made with after the defaults change. Passwords are
 * normalised to NFKC first, so the same password typed as composed or decomposed characters matches.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { NtError } from '../nt/nt-error.ts';
import { STATUS_INVALID_PARAMETER, STATUS_TOO_MANY_SESSIONS } from '../nt/ntstatus.ts';

/** scrypt parameters. */
export interface ScryptParameters {
  /** CPU/memory cost; a power of two. */
  readonly N: number;
  /** Block size. */
  readonly r: number;
  /** Parallelisation. */
  readonly p: number;
  /** Derived key length in bytes. */
  readonly keyLength: number;
  /** Random salt length in bytes. */
  readonly saltLength: number;
}

/** Options of `createPasswordHasher`: scrypt parameters and the queue bounds. */
export interface PasswordHasherOptions extends Partial<ScryptParameters> {
  /** Hashes running at once (default 2). */
  concurrency?: number;
  /** Hashes waiting for a slot before calls are refused as busy (default 64). */
  maxQueue?: number;
}

/** Counters of a hasher, for metrics. */
export interface PasswordHasherStats {
  readonly running: number;
  readonly queued: number;
  readonly completed: number;
  /** Calls refused because the queue was full. */
  readonly rejected: number;
}

/**
 * Hashes and verifies passwords. Every method goes through the bounded queue and rejects with an
 * NtError carrying STATUS_TOO_MANY_SESSIONS when it is full.
 */
export interface PasswordHasher {
  /** The parameters new hashes are made with. */
  readonly parameters: ScryptParameters;
  /** A new hash of `password` with a fresh random salt, in the stored form. */
  hash(password: string): Promise<string>;
  /**
   * Whether `password` matches `encoded`, compared in constant time. A malformed `encoded` does not
   * match (after the same amount of work, so it cannot be told apart by timing).
   */
  verify(password: string, encoded: string): Promise<boolean>;
  /** Does the work of one `verify` and resolves `false`: for unknown users, so timing does not reveal which exist. */
  verifyDummy(password?: string): Promise<false>;
  stats(): PasswordHasherStats;
}

/**
 * The default parameters: at least as strong as better-auth's (N=16384, r=16, p=1, 64-byte key,
 * 16-byte salt); one hash takes 32 MiB of memory.
 */
export const DEFAULT_SCRYPT_PARAMETERS: ScryptParameters = Object.freeze({
  N: 16384,
  r: 16,
  p: 1,
  keyLength: 64,
  saltLength: 16,
});

/** Bounds on parameters read back from stored hashes, so a corrupt row cannot ask for gigabytes. */
const LIMITS = { maxN: 2 ** 20, maxR: 64, maxP: 16, minKey: 16, maxKey: 256, minSalt: 8, maxSalt: 256 };
const B64URL = /^[A-Za-z0-9_-]+$/;

function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 1 && (n & (n - 1)) === 0;
}

function checkInteger(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, not ${value}`);
  return value;
}

function toParameters(options: PasswordHasherOptions): ScryptParameters {
  const d = DEFAULT_SCRYPT_PARAMETERS;
  const N = options.N ?? d.N;
  if (!isPowerOfTwo(N) || N > LIMITS.maxN)
    throw new RangeError(`N must be a power of two from 2 to ${LIMITS.maxN}, not ${N}`);
  return Object.freeze({
    N,
    r: checkInteger('r', options.r ?? d.r, 1, LIMITS.maxR),
    p: checkInteger('p', options.p ?? d.p, 1, LIMITS.maxP),
    keyLength: checkInteger('keyLength', options.keyLength ?? d.keyLength, LIMITS.minKey, LIMITS.maxKey),
    saltLength: checkInteger(
      'saltLength',
      options.saltLength ?? d.saltLength,
      LIMITS.minSalt,
      LIMITS.maxSalt,
    ),
  });
}

interface Decoded {
  readonly N: number;
  readonly r: number;
  readonly p: number;
  readonly salt: Buffer;
  readonly key: Buffer;
}

function decode(encoded: string): Decoded | undefined {
  if (typeof encoded !== 'string') return undefined;
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [, n, r, p, salt, key] = parts as [string, string, string, string, string, string];
  if (!/^[0-9]{1,8}$/.test(n) || !/^[0-9]{1,3}$/.test(r) || !/^[0-9]{1,3}$/.test(p)) return undefined;
  if (!B64URL.test(salt) || !B64URL.test(key)) return undefined;
  const d = {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    salt: Buffer.from(salt, 'base64url'),
    key: Buffer.from(key, 'base64url'),
  };
  if (!isPowerOfTwo(d.N) || d.N > LIMITS.maxN || d.r < 1 || d.r > LIMITS.maxR || d.p < 1 || d.p > LIMITS.maxP)
    return undefined;
  if (d.salt.length < LIMITS.minSalt || d.salt.length > LIMITS.maxSalt) return undefined;
  if (d.key.length < LIMITS.minKey || d.key.length > LIMITS.maxKey) return undefined;
  return d;
}

function derive(
  password: string,
  salt: Buffer,
  keyLength: number,
  N: number,
  r: number,
  p: number,
): Promise<Buffer> {
  // OpenSSL needs 128·r·(N + p + 2) bytes; leave headroom over Node's 32 MiB default.
  const maxmem = 128 * r * (N + p + 2) + 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keyLength, { N, r, p, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

function notAString(): Promise<never> {
  return Promise.reject(new NtError(STATUS_INVALID_PARAMETER, 'The password must be a string.'));
}

class ScryptPasswordHasher implements PasswordHasher {
  readonly parameters: ScryptParameters;
  readonly #concurrency: number;
  readonly #maxQueue: number;
  readonly #waiting: (() => void)[] = [];
  #running = 0;
  #completed = 0;
  #rejected = 0;
  /** Salt and key of the dummy hash `verifyDummy` checks against (random, so nothing matches it). */
  readonly #dummySalt: Buffer;
  readonly #dummyKey: Buffer;

  constructor(options: PasswordHasherOptions) {
    this.parameters = toParameters(options);
    this.#concurrency = checkInteger('concurrency', options.concurrency ?? 2, 1, 1024);
    this.#maxQueue = checkInteger('maxQueue', options.maxQueue ?? 64, 0, 1_000_000);
    this.#dummySalt = randomBytes(this.parameters.saltLength);
    this.#dummyKey = randomBytes(this.parameters.keyLength);
  }

  hash(password: string): Promise<string> {
    if (typeof password !== 'string') return notAString();
    return this.#schedule(async () => {
      const { N, r, p, keyLength, saltLength } = this.parameters;
      const salt = randomBytes(saltLength);
      const key = await derive(password, salt, keyLength, N, r, p);
      return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
    });
  }

  verify(password: string, encoded: string): Promise<boolean> {
    if (typeof password !== 'string') return notAString();
    return this.#schedule(async () => {
      const d = decode(encoded);
      if (d === undefined) {
        await this.#dummy(password);
        return false;
      }
      const key = await derive(password, d.salt, d.key.length, d.N, d.r, d.p);
      return timingSafeEqual(key, d.key);
    });
  }

  verifyDummy(password = ''): Promise<false> {
    return this.#schedule(async (): Promise<false> => {
      await this.#dummy(typeof password === 'string' ? password : '');
      return false;
    });
  }

  stats(): PasswordHasherStats {
    return {
      running: this.#running,
      queued: this.#waiting.length,
      completed: this.#completed,
      rejected: this.#rejected,
    };
  }

  async #dummy(password: string): Promise<void> {
    const { N, r, p } = this.parameters;
    const key = await derive(password, this.#dummySalt, this.#dummyKey.length, N, r, p);
    timingSafeEqual(key, this.#dummyKey);
  }

  /** Runs `work` now if a slot is free, queues it if the queue has room, refuses it as busy otherwise. */
  #schedule<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running < this.#concurrency) return this.#run(work);
    if (this.#waiting.length >= this.#maxQueue) {
      this.#rejected++;
      return Promise.reject(
        new NtError(
          STATUS_TOO_MANY_SESSIONS,
          `The password hasher is busy (${this.#running} hashes running, ${this.#waiting.length} waiting); retry shortly.`,
        ),
      );
    }
    return new Promise<T>((resolve, reject) => {
      this.#waiting.push(() => {
        this.#run(work).then(resolve, reject);
      });
    });
  }

  async #run<T>(work: () => Promise<T>): Promise<T> {
    this.#running++;
    try {
      return await work();
    } finally {
      this.#running--;
      this.#completed++;
      this.#waiting.shift()?.();
    }
  }
}

/**
 * A scrypt password hasher with a bounded queue. Throws RangeError for parameters out of range
 * (N a power of two up to 2^20, r ≤ 64, p ≤ 16, keys and salts of 16/8 to 256 bytes).
 */
export function createPasswordHasher(options: PasswordHasherOptions = {}): PasswordHasher {
  return new ScryptPasswordHasher(options);
}
