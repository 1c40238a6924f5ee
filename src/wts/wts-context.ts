/**
 * What the parts of the WTS layer share: the engine below it, this host's identity, the
 * programs, teardowns and time-limit timers, the session ids promised to logons in progress, and
 * the settings. `Wts` (system.wts) builds one per host.
 */
import type { Kernel } from '../kernel/kernel.ts';
import type { KernelTx } from '../kernel/kernel-tx.ts';
import type { Lsa } from '../lsa/lsa.ts';
import type { Clock } from '../nt/clock.ts';
import { type NtStatus, STATUS_SUCCESS } from '../nt/ntstatus.ts';
import type { WtsSessionRow } from '../store/rows.ts';
import type { StationChange } from './attachment.ts';
import type { ClusterSettings } from './cluster-options.ts';
import type { HostRegistry } from './host-registry.ts';
import type { ProcessHost } from './process-host.ts';
import type { ProgramWatcher } from './program-watcher.ts';
import type { Teardowns } from './teardown.ts';
import type { TimeLimitTimers } from './time-limits.ts';

/** The settings of the WTS layer, defaults applied. */
export interface WtsSettings {
  readonly singleSessionPerUser: boolean;
  readonly requireLogonPermission: boolean;
  /** Programs non-administrators may start (`'any'`, or exact names or paths). */
  readonly allowedPrograms: 'any' | readonly string[];
}

/** The shared state of one host's WTS layer. */
export interface WtsContext {
  readonly kernel: Kernel;
  readonly lsa: Lsa;
  readonly clock: Clock;
  /** This session host's name: the `host` of every row it owns. */
  readonly host: string;
  readonly computerName: string;
  readonly processHost: ProcessHost;
  readonly programs: ProgramWatcher;
  readonly teardowns: Teardowns;
  readonly timers: TimeLimitTimers;
  /** Session ids promised to logons in progress; never handed out twice. */
  readonly reserved: Set<number>;
  readonly settings: WtsSettings;
  /** The hosts of the cluster (just this one outside cluster mode). */
  readonly hosts: HostRegistry;
  /** Cluster mode's settings, or undefined for a single host. */
  readonly cluster: ClusterSettings | undefined;
  warn(message: string, fields: Record<string, unknown>): void;
}

/** Re-arms the time limits of sessions a committed transaction changed, and disarms deleted ones. */
export function afterChange(
  ctx: WtsContext,
  changed: readonly WtsSessionRow[],
  deleted: readonly number[] = [],
): void {
  for (const id of deleted) ctx.timers.cancel(id);
  for (const row of changed) ctx.timers.schedule(row);
}

/** Runs a session change in one transaction; a StationChange result means success and re-arms the time limits. */
export async function commitChange(
  ctx: WtsContext,
  fn: (k: KernelTx) => NtStatus | StationChange,
): Promise<NtStatus> {
  const r = await ctx.kernel.transact(fn);
  if (typeof r === 'number') return r;
  afterChange(ctx, r.changed, r.deleted);
  return STATUS_SUCCESS;
}

const locks = new WeakMap<WtsContext, Map<string, Promise<unknown>>>();

/** Runs `fn` after every earlier `withLock` of the same key on this context has finished. */
export async function withLock<R>(ctx: WtsContext, key: string, fn: () => Promise<R>): Promise<R> {
  let map = locks.get(ctx);
  if (map === undefined) {
    map = new Map();
    locks.set(ctx, map);
  }
  const previous = map.get(key) ?? Promise.resolve();
  const run = previous.then(fn, fn);
  const tail = run.catch(() => {});
  map.set(key, tail);
  try {
    return await run;
  } finally {
    if (map.get(key) === tail) map.delete(key);
  }
}
