/**
 * Validated bearer tokens, cached by the SHA-256 of their secret, so a request with a known token
 * skips `kernel.authenticate` (two rows, a hash comparison).
 *
 * Why a cached answer stays right: a handle id is never reused, a handle's secret hash never
 * changes, and a token's identity (user, groups, privileges, logon session) never changes while a
 * handle keeps it alive. So an entry is right exactly as long as its handle is open. How the cache
 * learns of a close is the `revocation` option:
 * - `watched`: the daemon's store reports every handle deleted by a committed transaction
 *   (`handle-watch.ts`), whoever closed it (a route, a logoff, a cascade); hits read nothing. For a
 *   store one process owns (SQLite, memory).
 * - `checked`: each hit looks the handle row up. For a store other processes write too.
 *
 * Entries also keep answers derived from the token alone (the whoami body), dropped by
 * `clearViews` when what they name changes (an account or group event).
 */
import { createHash } from 'node:crypto';
import type { Kernel } from '../kernel/kernel.ts';
import type { Authenticated } from './route.ts';

/** How closes reach the cache (see the file comment). */
export type Revocation = 'watched' | 'checked';

/** The cache. */
export class TokenCache {
  readonly #kernel: Kernel;
  readonly #revocation: Revocation;
  readonly #max: number;
  /** Secret hash → entry, oldest first. */
  readonly #entries = new Map<string, Authenticated>();
  /** Handle id → secret hash, to revoke by handle. */
  readonly #byHandle = new Map<number, string>();
  #whoami = new WeakMap<Authenticated, string>();
  /** Counters for metrics and tests. */
  hits = 0;
  misses = 0;

  /** `max` bounds the entries; the oldest go first. */
  constructor(kernel: Kernel, options: { revocation: Revocation; max?: number }) {
    this.#kernel = kernel;
    this.#revocation = options.revocation;
    this.#max = options.max ?? 20_000;
  }

  /** The identity behind `secret`, or undefined if it is malformed, unknown, forged or closed. */
  async authenticate(secret: string): Promise<Authenticated | undefined> {
    const key = createHash('sha256').update(secret).digest('base64');
    const hit = this.#entries.get(key);
    if (hit !== undefined) {
      const id = hit.handle.id;
      if (
        this.#revocation === 'watched' ||
        (await this.#kernel.read((k) => k.tx.get('handles', id) !== undefined))
      ) {
        this.hits++;
        return hit;
      }
      this.#drop(key, id);
      return undefined;
    }
    this.misses++;
    const found = await this.#kernel.authenticate(secret);
    if (found === undefined) return undefined;
    const entry: Authenticated = { caller: found.caller, token: found.token, handle: found.handle };
    this.#entries.set(key, entry);
    this.#byHandle.set(entry.handle.id, key);
    if (this.#entries.size > this.#max) {
      const [oldestKey, oldest] = this.#entries.entries().next().value!;
      this.#drop(oldestKey, oldest.handle.id);
    }
    return entry;
  }

  /** Forgets closed handles (what `watchHandleDeletions` reports). */
  revoke(handleIds: readonly number[]): void {
    for (const id of handleIds) {
      const key = this.#byHandle.get(id);
      if (key !== undefined) this.#drop(key, id);
    }
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

  #drop(key: string, handleId: number): void {
    this.#entries.delete(key);
    this.#byHandle.delete(handleId);
  }
}
