/**
 * The session hosts of a cluster (DESIGN.md "Cluster mode", issue 6): each host's row in the
 * `hosts` table (name, address, `keyHash` = SHA-256 of its host key, `startedAt`, `heartbeatAt`),
 * the heartbeat that keeps this host's row fresh, and who is up. A host is up when its heartbeat
 * is at most `downAfterMs` old; this host is always up to itself.
 *
 * Names are case-insensitive, as Windows computer names. The names known at the last look are kept
 * for WTSOpenServer, which answers at once: read at registration, at each heartbeat and listing,
 * and soon after the store announces events (a host's first start announces itself by the events
 * of its new sessions), at most once per `REFRESH_MS`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Kernel } from '../kernel/kernel.ts';
import type { Clock, Timer } from '../nt/clock.ts';
import type { HostRow } from '../store/rows.ts';
import type { ReadTx, Tx } from '../store/store.ts';
import { type ClusterSettings, DEFAULT_DOWN_AFTER_MS } from './cluster-options.ts';

/** A host row as cluster mode writes it: the stored row plus the hash of the host's key. */
export type ClusterHostRow = HostRow & { keyHash?: string };

/** One host of the cluster as `system.wts.hosts()` reports it. */
export interface HostInfo {
  name: string;
  /** The base URL other hosts reach it at ('' for a host outside cluster mode). */
  address: string;
  startedAt: number;
  heartbeatAt: number;
  /** Heartbeat within `downAfterMs`, or this host. */
  up: boolean;
  /** Whether it is this host. */
  self: boolean;
}

/** What the registry works with. */
export interface HostRegistryOptions {
  kernel: Kernel;
  clock: Clock;
  host: string;
  cluster: ClusterSettings | undefined;
  warn(message: string, fields: Record<string, unknown>): void;
  /** The store's event announcements (`Store.onEvents`); in cluster mode they refresh the names. */
  onEvents?: ((listener: () => void) => () => void) | undefined;
}

/** The shortest time between two reads of the host names set off by announced events, in ms. */
export const REFRESH_MS = 100;

/** Hex SHA-256 of a host key: what the hosts row stores. */
export function hashHostKey(hostKey: string): string {
  return createHash('sha256').update(hostKey).digest('hex');
}

/** Whether `hostKey` is the key whose hash `row` holds (timing-safe; false when the row has none). */
export function isHostKeyOf(row: ClusterHostRow | undefined, hostKey: string): boolean {
  const expected = row?.keyHash;
  if (typeof expected !== 'string' || typeof hostKey !== 'string') return false;
  const a = Buffer.from(hashHostKey(hostKey), 'hex');
  const b = Buffer.from(expected, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The row of host `name` (case-insensitive), if registered. */
export function findHost(tx: ReadTx, name: string): ClusterHostRow | undefined {
  const exact = tx.get('hosts', name);
  if (exact !== undefined) return exact;
  const lower = name.toLowerCase();
  return tx.scan('hosts').find((r) => r.name.toLowerCase() === lower);
}

/** The registry of hosts, seen from this one (see the file comment). */
export class HostRegistry {
  readonly #o: HostRegistryOptions;
  readonly #downAfterMs: number;
  #names = new Set<string>();
  #timer: Timer | undefined;
  #beating = false;
  #closed = false;
  #off: (() => void) | undefined;
  /** Names refresh: one read at a time, `REFRESH_MS` apart, one more if asked during a read. */
  #refresh: { running: boolean; again: boolean; timer: Timer | undefined; lastAt: number } = {
    running: false,
    again: false,
    timer: undefined,
    lastAt: Number.NEGATIVE_INFINITY,
  };

  constructor(options: HostRegistryOptions) {
    this.#o = options;
    this.#downAfterMs = options.cluster?.downAfterMs ?? DEFAULT_DOWN_AFTER_MS;
    this.#names.add(options.host.toLowerCase());
  }

  /** Writes this host's row at start (inside the start transaction): address and key hash in cluster mode. */
  register(tx: Tx, now: number): void {
    const { host, cluster } = this.#o;
    const known = tx.get('hosts', host);
    const row: ClusterHostRow =
      cluster === undefined
        ? { name: host, address: known?.address ?? '', heartbeatAt: now, startedAt: now }
        : {
            name: host,
            address: cluster.address,
            heartbeatAt: now,
            startedAt: now,
            keyHash: hashHostKey(cluster.hostKey),
          };
    tx.put('hosts', row);
    for (const r of tx.scan('hosts')) this.#names.add(r.name.toLowerCase());
  }

  /** Starts the heartbeat (cluster mode only). */
  start(): void {
    if (this.#o.cluster === undefined || this.#closed) return;
    this.#schedule();
    this.#off ??= this.#o.onEvents?.(() => this.#refreshSoon());
  }

  /** Stops the heartbeat. */
  close(): void {
    this.#closed = true;
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#refresh.timer?.cancel();
    this.#refresh.timer = undefined;
    this.#off?.();
    this.#off = undefined;
  }

  /** Reads the host names now, or once `REFRESH_MS` after the last read (one read at a time). */
  #refreshSoon(): void {
    const r = this.#refresh;
    if (r.running) r.again = true; // the read under way may have started before this announcement
    if (this.#closed || r.running || r.timer !== undefined) return;
    const wait = r.lastAt + REFRESH_MS - this.#o.clock.now();
    if (wait > 0) {
      r.timer = this.#o.clock.setTimer(wait, () => {
        r.timer = undefined;
        this.#refreshSoon();
      });
      return;
    }
    r.running = true;
    r.lastAt = this.#o.clock.now();
    this.#o.kernel
      .read((k) => k.tx.scan('hosts'))
      .then(
        (rows) => {
          if (!this.#closed) this.#remember(rows);
        },
        () => {}, // the next heartbeat reads them again (and reports a store that fails)
      )
      .finally(() => {
        r.running = false;
        if (r.again) {
          r.again = false;
          this.#refreshSoon();
        }
      });
  }

  /** Whether `name` is this host (case-insensitive). */
  isSelf(name: string): boolean {
    return name.toLowerCase() === this.#o.host.toLowerCase();
  }

  /** Whether `name` was a registered host at the last look (WTSOpenServer answers from this). */
  knows(name: string): boolean {
    return this.#names.has(name.toLowerCase());
  }

  /** Whether the host of `row` is up at `now`. */
  isUp(row: HostRow, now: number): boolean {
    return this.isSelf(row.name) || now - row.heartbeatAt <= this.#downAfterMs;
  }

  /** The host as reported, read at `now`. */
  toInfo(row: HostRow, now: number): HostInfo {
    return {
      name: row.name,
      address: row.address,
      startedAt: row.startedAt,
      heartbeatAt: row.heartbeatAt,
      up: this.isUp(row, now),
      self: this.isSelf(row.name),
    };
  }

  /** Every registered host, by name. */
  async list(): Promise<HostInfo[]> {
    const rows = await this.#o.kernel.read((k) => k.tx.scan('hosts'));
    this.#remember(rows);
    const now = this.#o.clock.now();
    return rows
      .map((r) => this.toInfo(r, now))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  #remember(rows: readonly HostRow[]): void {
    const names = new Set<string>([this.#o.host.toLowerCase()]);
    for (const r of rows) names.add(r.name.toLowerCase());
    this.#names = names;
  }

  #schedule(): void {
    const ms = this.#o.cluster?.heartbeatMs ?? 2000;
    this.#timer = this.#o.clock.setTimer(ms, () => {
      this.#timer = undefined;
      if (this.#closed) return;
      void this.beat().finally(() => {
        if (!this.#closed) this.#schedule();
      });
    });
  }

  /** One heartbeat: refreshes `heartbeatAt` (a failed write is logged, never thrown). */
  async beat(): Promise<void> {
    if (this.#beating || this.#o.cluster === undefined) return;
    this.#beating = true;
    const { host, clock, kernel, cluster } = this.#o;
    try {
      const rows = await kernel.transact((k) => {
        const now = clock.now();
        const row: ClusterHostRow | undefined = k.tx.get('hosts', host);
        k.tx.put('hosts', {
          ...(row ?? { name: host, startedAt: now, keyHash: hashHostKey(cluster.hostKey) }),
          address: cluster.address,
          heartbeatAt: now,
        } as ClusterHostRow);
        return k.tx.scan('hosts');
      });
      this.#remember(rows);
    } catch (error) {
      if (!this.#closed)
        this.#o.warn('heartbeat failed; the host may be shown as down', { host, error: String(error) });
    } finally {
      this.#beating = false;
    }
  }
}
