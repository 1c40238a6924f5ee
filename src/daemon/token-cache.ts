/**
 * Validated bearer tokens, cached by the SHA-256 of their secret, so a request with a known
 * token costs one key lookup in the store instead of a full `kernel.authenticate` (two rows, a
 * hash comparison).
 *
 * Why the one lookup is enough: a handle id is never reused, a handle's secret hash never
 * changes, and a token's identity (user, groups, privileges, logon session) never changes while a
 * handle keeps it alive. So a cached answer stays right exactly as long as its handle row exists,
 * whoever closes the handle (a route, a logoff, the Win32 API) and however (this process or
 * another sharing the store). Each hit checks that row; a missing row drops the entry.
 *
 * Entries also hold answers derived from the token alone (the whoami body), dropped by
 * `clearViews` when what they name changes (an account or group event).
 */
import { createHash } from 'node:crypto';
import type { Kernel } from '../kernel/kernel.ts';
import type { Authenticated } from './route.ts';

/** The cache. */
export class TokenCache {
  readonly #kernel: Kernel;
  readonly #max: number;
  readonly #entries = new Map<string, Authenticated>();
  readonly #keys = new WeakMap<Authenticated, string>();
  #whoami = new WeakMap<Authenticated, string>();
  /** Counters for metrics. */
  hits = 0;
  misses = 0;

  /** `max` bounds the entries; the oldest go first. */
  constructor(kernel: Kernel, max = 50_000) {
    this.#kernel = kernel;
    this.#max = max;
  }

  /** The identity behind `secret`, or undefined if it is malformed, unknown, forged or closed. */
  async authenticate(secret: string): Promise<Authenticated | undefined> {
    const key = createHash('sha256').update(secret).digest('base64');
    const hit = this.#entries.get(key);
    if (hit !== undefined) {
      const id = hit.handle.id;
      if (await this.#kernel.read((k) => k.tx.get('handles', id) !== undefined)) {
        this.hits++;
        return hit;
      }
      this.#entries.delete(key);
      return undefined;
    }
    this.misses++;
    const found = await this.#kernel.authenticate(secret);
    if (found === undefined) return undefined;
    const entry: Authenticated = { caller: found.caller, token: found.token, handle: found.handle };
    this.#entries.set(key, entry);
    this.#keys.set(entry, key);
    if (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    return entry;
  }

  /** Drops a token the caller has just closed (it would go at its next use anyway; this frees it now). */
  forget(auth: Authenticated): void {
    const key = this.#keys.get(auth);
    if (key !== undefined) this.#entries.delete(key);
  }

  /** The serialized whoami answer of a cached token, if built. */
  whoamiOf(auth: Authenticated): string | undefined {
    return this.#whoami.get(auth);
  }

  /** Keeps the serialized whoami answer of a token (for as long as its entry lives). */
  setWhoami(auth: Authenticated, text: string): void {
    this.#whoami.set(auth, text);
  }

  /** Drops every derived answer (names in them may have changed). */
  clearViews(): void {
    this.#whoami = new WeakMap();
  }

  get size(): number {
    return this.#entries.size;
  }
}
