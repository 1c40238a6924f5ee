/**
 * The settings of cluster mode (`createSystem({ cluster })`, DESIGN.md "Cluster mode"): how other
 * hosts reach this one, how it reaches them, its key, and the heartbeat. Without them a system is
 * a single host and none of the cluster machinery runs.
 */
import { NtError } from '../nt/nt-error.ts';
import { STATUS_INVALID_PARAMETER } from '../nt/ntstatus.ts';
import type { HostLink } from './host-link.ts';

/** Options of cluster mode. */
export interface ClusterOptions {
  /** Base URL other daemons use to reach this one (e.g. http://127.0.0.1:7391). */
  address: string;
  /** How this host forwards actions to the others. */
  link: HostLink;
  /** A random secret this process generated; only its SHA-256 (hex) is stored (`keyHash`). */
  hostKey: string;
  /** How often the host row's `heartbeatAt` is refreshed (default 2,000 ms). */
  heartbeatMs?: number;
  /** A host whose heartbeat is older than this is down (default 10,000 ms). */
  downAfterMs?: number;
}

/** Cluster options with the defaults applied. */
export interface ClusterSettings {
  readonly address: string;
  readonly link: HostLink;
  readonly hostKey: string;
  readonly heartbeatMs: number;
  readonly downAfterMs: number;
}

/** The default time after which a host without a heartbeat is down, also without cluster options. */
export const DEFAULT_DOWN_AFTER_MS = 10_000;

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0)
    throw new NtError(STATUS_INVALID_PARAMETER, `cluster.${name} must be a positive number of milliseconds`);
  return value;
}

/** Checks cluster options and applies the defaults (STATUS_INVALID_PARAMETER with a sentence). */
export function toClusterSettings(options: ClusterOptions): ClusterSettings {
  if (typeof options.address !== 'string' || options.address.length === 0)
    throw new NtError(
      STATUS_INVALID_PARAMETER,
      'cluster.address must be the URL other hosts reach this one at',
    );
  if (typeof options.link?.call !== 'function')
    throw new NtError(STATUS_INVALID_PARAMETER, 'cluster.link must be a HostLink (an object with call())');
  if (typeof options.hostKey !== 'string' || options.hostKey.length < 16)
    throw new NtError(
      STATUS_INVALID_PARAMETER,
      'cluster.hostKey must be a random secret of at least 16 characters',
    );
  const heartbeatMs = positive('heartbeatMs', options.heartbeatMs, 2000);
  const downAfterMs = positive('downAfterMs', options.downAfterMs, DEFAULT_DOWN_AFTER_MS);
  if (downAfterMs <= heartbeatMs)
    throw new NtError(
      STATUS_INVALID_PARAMETER,
      'cluster.downAfterMs must be longer than cluster.heartbeatMs',
    );
  return { address: options.address, link: options.link, hostKey: options.hostKey, heartbeatMs, downAfterMs };
}
