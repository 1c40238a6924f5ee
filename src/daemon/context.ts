/** What every route handler may use: the engine and the daemon's own parts. */
import type { System } from '../system.ts';
import type { DaemonConfig } from './config.ts';
import type { EventHub } from './event-hub.ts';
import type { Logger } from './logger.ts';
import type { LogonRateLimiter } from './logon-rate-limiter.ts';
import type { Metrics } from './metrics.ts';
import type { RevocationPush } from './revocation-push.ts';
import type { SidNames } from './sid-names.ts';
import type { StoreWatch } from './store-watch.ts';
import type { TokenCache } from './token-cache.ts';

/** The daemon's parts, shared by the routes. */
export interface DaemonContext {
  readonly system: System;
  readonly config: DaemonConfig;
  readonly hub: EventHub;
  readonly limiter: LogonRateLimiter;
  readonly metrics: Metrics;
  readonly log: Logger;
  readonly names: SidNames;
  /** Validated bearer tokens. */
  readonly tokens: TokenCache;
  /** Cluster mode with `pushed` revocation: tells the other daemons of this one's closes. */
  readonly revocationPush?: RevocationPush;
  /** Epoch ms the daemon started. */
  readonly startedAt: number;
  /** Cluster mode: whether the shared store answers (requests are refused at once while not). */
  readonly storeWatch: StoreWatch | undefined;
  /** Open event streams, ended when the daemon stops. */
  readonly streams: Set<{ end(): void }>;
}
