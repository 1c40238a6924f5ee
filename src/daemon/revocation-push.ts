/**
 * Revocations pushed to the other daemons (cluster mode, `tokenRevocation: pushed`): when this
 * daemon commits a CloseHandle, it tells every other live host (`POST <address>/v1/cluster/revoke`
 * with the handle ids, authorized by this host's key like a forwarded call) and the close is
 * answered only once they have dropped the token from their caches, or after `timeoutMs`. So a
 * close answered by one daemon is refused by every other at once, without the read barrier that
 * `immediate` puts before every cached answer; the reading daemons trust their caches between
 * commit notifications (token-cache.ts, `evented` without `sync`).
 *
 * What it does not cover, and the event log does (a millisecond or so later): closes committed by
 * processes that are not daemons (the library on the same database), and a host that did not
 * answer in time (it is then probably down; the failure is logged).
 */
import type { HostTarget } from '../wts/host-link.ts';
import { HOST_AUTH_SCHEME } from './http-host-link.ts';

/** The route the other daemons take revocations on. */
export const REVOKE_PATH = '/v1/cluster/revoke';

/** Handle ids per request at most (larger closes are split). */
export const MAX_REVOKE_HANDLES = 1000;

/** Options of a push. */
export interface RevocationPushOptions {
  fromHost: string;
  /** This process's host key (never logged). */
  hostKey: string;
  /** The hosts of the cluster (`system.wts.hosts()`), read again every `refreshMs`. */
  hosts: () => Promise<readonly (HostTarget & { up: boolean; self: boolean })[]>;
  /** How often the hosts are read (the heartbeat interval). */
  refreshMs: number;
  /** How long a close waits for one host (default 1,000 ms). */
  timeoutMs?: number;
  warn: (message: string, fields: Record<string, unknown>) => void;
}

/** Tells the other daemons of closed handles (see the file comment). */
export class RevocationPush {
  readonly #o: RevocationPushOptions;
  readonly #authorization: string;
  /** The other hosts that were up at the last read. */
  #peers: HostTarget[] = [];
  #timer: ReturnType<typeof setInterval> | undefined;
  #closed = false;
  /** Pushes sent and hosts that did not confirm one (for metrics and tests). */
  sent = 0;
  failed = 0;

  constructor(options: RevocationPushOptions) {
    this.#o = options;
    this.#authorization = `${HOST_AUTH_SCHEME} ${options.fromHost} ${options.hostKey}`;
  }

  /** Reads the hosts now and then every `refreshMs`. */
  async start(): Promise<void> {
    await this.#refresh();
    this.#timer ??= setInterval(() => void this.#refresh(), this.#o.refreshMs);
    this.#timer.unref();
  }

  /** Stops reading the hosts; later closes are told to nobody. */
  close(): void {
    this.#closed = true;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#peers = [];
  }

  async #refresh(): Promise<void> {
    try {
      const hosts = await this.#o.hosts();
      if (!this.#closed)
        this.#peers = hosts.filter((h) => h.up && !h.self).map((h) => ({ name: h.name, address: h.address }));
    } catch (error) {
      if (!this.#closed) this.#o.warn('could not read the hosts of the cluster', { error: String(error) });
    }
  }

  /** Resolves once every other live host confirmed dropping `handleIds`, or gave up on; never rejects. */
  async push(handleIds: readonly number[]): Promise<void> {
    const peers = this.#peers;
    if (peers.length === 0 || handleIds.length === 0) return;
    const batches: number[][] = [];
    for (let i = 0; i < handleIds.length; i += MAX_REVOKE_HANDLES)
      batches.push(handleIds.slice(i, i + MAX_REVOKE_HANDLES));
    await Promise.all(peers.flatMap((peer) => batches.map((handles) => this.#send(peer, handles))));
  }

  async #send(peer: HostTarget, handles: readonly number[]): Promise<void> {
    const timeoutMs = this.#o.timeoutMs ?? 1000;
    this.sent++;
    try {
      const res = await fetch(`${peer.address.replace(/\/+$/, '')}${REVOKE_PATH}`, {
        method: 'POST',
        headers: { authorization: this.#authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ handles }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
    } catch (error) {
      this.failed++;
      const e = error as Error & { cause?: { code?: string } };
      this.#o.warn('a host did not confirm a token revocation; it learns of it from the event log', {
        host: peer.name,
        address: peer.address,
        error: e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (e.cause?.code ?? e.message),
      });
    }
  }
}
