/**
 * Failed-logon limits (issue 4): a sliding window of failures per user name and per client
 * address, in memory. A name or address with too many failures in the window is refused with
 * STATUS_ACCOUNT_LOCKED_OUT (429) until the oldest failure leaves the window; refused attempts do
 * not count. Successful logons of other users are not affected until their address reaches its
 * own, larger limit. Memory is bounded: at most `maxKeys` names and addresses are tracked, the
 * least recently failed forgotten first.
 */
import type { RateLimitConfig } from './config.ts';

/** The limiter's answer for one attempt. */
export type RateLimitDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly retryAfterMs: number; readonly by: 'user' | 'address' };

const ALLOWED: RateLimitDecision = Object.freeze({ allowed: true });

/** Failure times of one key, oldest first. */
type Window = number[];

/** Per-user and per-address failure windows. */
export class LogonRateLimiter {
  readonly #config: RateLimitConfig;
  readonly #now: () => number;
  readonly #maxKeys: number;
  readonly #users = new Map<string, Window>();
  readonly #addresses = new Map<string, Window>();
  /** Attempts refused so far (for metrics). */
  refused = 0;

  constructor(config: RateLimitConfig, options: { now?: () => number; maxKeys?: number } = {}) {
    this.#config = config;
    this.#now = options.now ?? Date.now;
    this.#maxKeys = options.maxKeys ?? 100_000;
  }

  /** Whether an attempt by `userName` from `address` may proceed now. */
  check(userName: string, address: string): RateLimitDecision {
    const now = this.#now();
    const byUser = this.#retryAfter(this.#users, userKey(userName), this.#config.perUser, now);
    const byAddress = this.#retryAfter(this.#addresses, address, this.#config.perAddress, now);
    if (byUser === 0 && byAddress === 0) return ALLOWED;
    this.refused++;
    return byUser >= byAddress
      ? { allowed: false, retryAfterMs: byUser, by: 'user' }
      : { allowed: false, retryAfterMs: byAddress, by: 'address' };
  }

  /** Records a failed attempt (wrong password, unknown user, account restriction). */
  recordFailure(userName: string, address: string): void {
    const now = this.#now();
    this.#push(this.#users, userKey(userName), this.#config.perUser, now);
    this.#push(this.#addresses, address, this.#config.perAddress, now);
  }

  /** Records a successful logon: the user's failures are forgotten (the address keeps its count). */
  recordSuccess(userName: string): void {
    this.#users.delete(userKey(userName));
  }

  /** Number of names and addresses tracked. */
  get size(): number {
    return this.#users.size + this.#addresses.size;
  }

  /** Milliseconds until `key` may try again, or 0. */
  #retryAfter(map: Map<string, Window>, key: string, limit: number, now: number): number {
    const w = map.get(key);
    if (w === undefined) return 0;
    prune(w, now - this.#config.windowMs);
    if (w.length === 0) {
      map.delete(key);
      return 0;
    }
    return w.length >= limit ? w[w.length - limit]! + this.#config.windowMs - now : 0;
  }

  #push(map: Map<string, Window>, key: string, limit: number, now: number): void {
    let w = map.get(key);
    if (w === undefined) w = [];
    else map.delete(key); // re-inserted below: the Map's order is least recently failed first
    prune(w, now - this.#config.windowMs);
    w.push(now);
    // Only the newest `limit` failures decide anything; keep no more.
    if (w.length > limit) w.splice(0, w.length - limit);
    map.set(key, w);
    while (map.size > this.#maxKeys) {
      const oldest = map.keys().next();
      if (oldest.done === true) break;
      map.delete(oldest.value);
    }
  }
}

/** Account names are case-insensitive. */
function userKey(userName: string): string {
  return userName.toLowerCase();
}

/** Drops the failures at or before `cutoff`. */
function prune(w: Window, cutoff: number): void {
  let i = 0;
  while (i < w.length && w[i]! <= cutoff) i++;
  if (i > 0) w.splice(0, i);
}
