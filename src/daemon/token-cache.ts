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
 * - `evented`: for a store other daemons share (cluster mode on PostgreSQL). Every CloseHandle
 *   appends `token.handle-closed` (`data.handle`) and every cascade `logon-session.terminated`
 *   (`data.logonId`), whichever daemon ran it; the daemon hands them to `revoke` and
 *   `revokeLogonSession` as its event hub reads them. Between a commit notification and the read
 *   of its events (`stale()` true), hits are `checked`: once a daemon has heard of a close, it
 *   never answers from the cache for the closed token. A notification can arrive after a client
 *   that saw the close answered on one daemon asks another, so with `sync` each hit first waits
 *   for a read barrier (one `lastEventSeq` query shared by every request that arrived before it
 *   was sent): a close answered anywhere is then seen everywhere at once.
 *
 * Entries also keep answers derived from the token alone (the whoami body), dropped by
 * `clearViews` when what they name changes (an account or group event).
 */
import { createHash } from 'node:crypto';
import type { Kernel } from '../kernel/kernel.ts';
import { formatLuid } from '../nt/luid.ts';
import type { Authenticated } from './route.ts';

/** How closes reach the cache (see the file comment). */
export type Revocation = 'watched' | 'checked' | 'evented';

/** Options of a cache. */
export interface TokenCacheOptions {
  revocation: Revocation;
  /** Bound on entries (default 20,000); the oldest go first. */
  max?: number;
  /** `evented`: whether closes may have been committed that were not handed to `revoke` yet. */
  stale?: () => boolean;
  /**
   * `evented`: a read barrier run before a hit is trusted (`EventHub.sync`): afterwards `stale()`
   * covers every close committed before the request came, whichever daemon made it.
   */
  sync?: () => Promise<void>;
}

/** The cache. */
export class TokenCache {
  readonly #kernel: Kernel;
  readonly #revocation: Revocation;
  readonly #max: number;
  /** Secret hash → entry, oldest first. */
  readonly #entries = new Map<string, Authenticated>();
  /** Handle id → secret hash, to revoke by handle. */
  readonly #byHandle = new Map<number, string>();
  /** Logon session (`0x…:0x…`) → handle ids of its cached tokens. */
  readonly #byLogon = new Map<string, Set<number>>();
  readonly #stale: () => boolean;
  readonly #sync: (() => Promise<void>) | undefined;
  /** Misses under way, and what was revoked while they ran (their reads may predate it). */
  #pending = 0;
  readonly #revokedHandles = new Set<number>();
  readonly #revokedLogons = new Set<string>();
  #whoami = new WeakMap<Authenticated, string>();
  /** Counters for metrics and tests. */
  hits = 0;
  misses = 0;

  constructor(kernel: Kernel, options: TokenCacheOptions) {
    this.#kernel = kernel;
    this.#revocation = options.revocation;
    this.#max = options.max ?? 20_000;
    this.#stale = options.stale ?? (() => false);
    this.#sync = options.sync;
  }

  /** Whether a hit must be confirmed by reading its handle row. */
  #mustCheck(): boolean {
    return this.#revocation === 'checked' || (this.#revocation === 'evented' && this.#stale());
  }

  /** The identity behind `secret`, or undefined if it is malformed, unknown, forged or closed. */
  async authenticate(secret: string): Promise<Authenticated | undefined> {
    const key = createHash('sha256').update(secret).digest('base64');
    let hit = this.#entries.get(key);
    if (hit !== undefined && this.#revocation === 'evented' && this.#sync !== undefined) {
      await this.#sync();
      // Events read while the barrier ran may have revoked it: look again.
      hit = this.#entries.get(key);
    }
    if (hit !== undefined) {
      const id = hit.handle.id;
      if (!this.#mustCheck() || (await this.#kernel.read((k) => k.tx.get('handles', id) !== undefined))) {
        this.hits++;
        return hit;
      }
      this.#drop(key, id);
      return undefined;
    }
    this.misses++;
    this.#pending++;
    let found: Awaited<ReturnType<Kernel['authenticate']>>;
    let revokedMeanwhile: boolean;
    try {
      found = await this.#kernel.authenticate(secret);
    } finally {
      revokedMeanwhile =
        found !== undefined &&
        (this.#revokedHandles.has(found.handle.id) ||
          this.#revokedLogons.has(formatLuid(found.token.logonId)));
      if (--this.#pending === 0) {
        this.#revokedHandles.clear();
        this.#revokedLogons.clear();
      }
    }
    if (found === undefined) return undefined;
    // Closed after the read that found it, before this answer: the read was stale.
    if (revokedMeanwhile) return undefined;
    const entry: Authenticated = { caller: found.caller, token: found.token, handle: found.handle };
    this.#entries.set(key, entry);
    this.#byHandle.set(entry.handle.id, key);
    const logon = formatLuid(entry.token.logonId);
    const handles = this.#byLogon.get(logon);
    if (handles === undefined) this.#byLogon.set(logon, new Set([entry.handle.id]));
    else handles.add(entry.handle.id);
    if (this.#entries.size > this.#max) {
      const [oldestKey, oldest] = this.#entries.entries().next().value!;
      this.#drop(oldestKey, oldest.handle.id);
    }
    return entry;
  }

  /** Forgets closed handles (what `watchHandleDeletions` reports). */
  revoke(handleIds: readonly number[]): void {
    for (const id of handleIds) {
      if (this.#pending > 0) this.#revokedHandles.add(id);
      const key = this.#byHandle.get(id);
      if (key !== undefined) this.#drop(key, id);
    }
  }

  /** Forgets every token of a terminated logon session (`0x<high>:0x<low>`). */
  revokeLogonSession(logonId: string): void {
    if (this.#pending > 0) this.#revokedLogons.add(logonId);
    const handles = this.#byLogon.get(logonId);
    if (handles === undefined) return;
    for (const id of [...handles]) {
      const key = this.#byHandle.get(id);
      if (key !== undefined) this.#drop(key, id);
    }
    this.#byLogon.delete(logonId);
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
    const entry = this.#entries.get(key);
    this.#entries.delete(key);
    this.#byHandle.delete(handleId);
    if (entry === undefined) return;
    const logon = formatLuid(entry.token.logonId);
    const handles = this.#byLogon.get(logon);
    handles?.delete(handleId);
    if (handles?.size === 0) this.#byLogon.delete(logon);
  }
}
