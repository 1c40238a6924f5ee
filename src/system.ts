import { hostname } from 'node:os';
import { resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EventLog } from './events/event-log.ts';
import { type Caller, TRUSTED_CALLER } from './kernel/caller.ts';
import { Kernel } from './kernel/kernel.ts';
import type { CascadeLogger, CascadeStats, TerminationNotify } from './lsa/cascade.ts';
import { Lsa } from './lsa/lsa.ts';
import type { AuthenticationPackage } from './lsa/package.ts';
import { createPasswordPackage } from './lsa/packages/msv1-0.ts';
import { RemoteTerminations } from './lsa/remote-terminations.ts';
import { type Clock, systemClock } from './nt/clock.ts';
import { Accounts } from './security/accounts.ts';
import { createPasswordHasher, type PasswordHasherOptions } from './security/password-hasher.ts';
import { MemoryStore } from './store/memory/memory-store.ts';
import type { Store } from './store/store.ts';
import { createWin32, type Win32Api } from './win32/index.ts';
import { type ClusterOptions, type ClusterSettings, toClusterSettings } from './wts/cluster-options.ts';
import { createNodeProcessHost } from './wts/node-process-host.ts';
import { Wts, type WtsOptions } from './wts/wts.ts';

/** Where state lives: in memory (default), an SQLite file, or a Store you built. */
export type StoreOption = 'memory' | { sqlite: string } | Store;

/** A package given by object, or by module specifier (a path or package name) loaded at start. */
export type PackageOption = AuthenticationPackage | string;

/** What a package module's factory receives when it is loaded by configuration. */
export interface PackageContext {
  readonly accounts: Accounts;
  readonly computerName: string;
}

/** Limits of the system (D2 and friends). */
export interface SystemLimits {
  /** Termination-routine registrations before 0xC000009A (D2; default 1,024). */
  terminationRoutines?: number;
  /** Deadline of a routine or package call that returns a promise (default 5,000 ms). */
  callTimeoutMs?: number;
  /** Maximum live token objects (default unlimited). */
  maxTokens?: number;
  /** LUIDs reserved per store write (default 4,096). */
  luidBlock?: number;
}

/** Options of `createSystem`. */
export interface SystemOptions {
  store?: StoreOption;
  /** Extra authentication packages, after the built-in MSV1_0 (id 0), in id order. */
  packages?: readonly PackageOption[];
  /** D1: routines for every terminating session (`all`, default) or only marked ones (`marked`). */
  terminationNotify?: TerminationNotify;
  limits?: SystemLimits;
  /** The computer name (default: the OS host name, upper-cased). */
  computerName?: string;
  /** This session host's name (default: the computer name). */
  host?: string;
  clock?: Clock;
  logger?: CascadeLogger;
  /** Password hashing parameters and queue bounds of the built-in password package. */
  passwordHashing?: PasswordHasherOptions;
  /** The terminal-session layer: grace period, time limits, one session per user, process host. */
  wts?: WtsOptions;
  /**
   * Cluster mode (DESIGN.md "Cluster mode"; with a store several daemons share, PostgreSQL): this
   * host registers its address and key hash and heartbeats, reaches the other hosts' sessions
   * through `link`, records every CloseHandle as a `token.handle-closed` event, and runs its
   * termination routines for sessions other hosts' cascades terminate. Unset: a single host.
   */
  cluster?: ClusterOptions;
}

/** The running engine. */
export interface System {
  readonly store: Store;
  readonly kernel: Kernel;
  readonly lsa: Lsa;
  readonly accounts: Accounts;
  readonly events: EventLog;
  /** Terminal (WTS) sessions of this host: logon, queries, logoff, programs (issue 3). */
  readonly wts: Wts;
  readonly clock: Clock;
  readonly computerName: string;
  readonly host: string;
  /** Kernel mode: the caller identity with every right. */
  readonly trustedCaller: Caller;
  /** Resolves when every cascade begun so far has finished. */
  settled(): Promise<void>;
  /** Cascade counters (routine and package failures, timeouts). */
  stats(): CascadeStats;
  /** The Win32-shaped API for a caller (spec D10): no handle (0) is kernel mode. */
  win32(callerHandle?: number): Win32Api;
  /** Waits for running cascades, then closes the store. */
  close(): Promise<void>;
}

const stderrLogger: CascadeLogger = {
  warn(message, fields) {
    process.stderr.write(
      `${JSON.stringify({ level: 'warn', time: new Date().toISOString(), msg: message, ...fields })}\n`,
    );
  },
};

async function openStore(option: StoreOption | undefined): Promise<Store> {
  if (option === undefined || option === 'memory') return new MemoryStore();
  if (typeof option === 'object' && 'sqlite' in option && typeof option.sqlite === 'string') {
    const { createSqliteStore } = await import('./store/sqlite/sqlite-store.ts');
    return createSqliteStore({ path: option.sqlite });
  }
  return option as Store;
}

async function loadPackage(option: PackageOption, context: PackageContext): Promise<AuthenticationPackage> {
  if (typeof option !== 'string') return option;
  const specifier =
    option.startsWith('.') || option.startsWith('/') ? pathToFileURL(resolvePath(option)).href : option;
  const mod = (await import(specifier)) as { default?: unknown; createPackage?: unknown };
  const candidate = mod.default ?? mod.createPackage;
  const pkg =
    typeof candidate === 'function'
      ? await (candidate as (c: PackageContext) => unknown)(context)
      : candidate;
  if (!isAuthenticationPackage(pkg)) {
    throw new TypeError(
      `${option} does not export an authentication package (name, LsaApInitializePackage, LsaApLogonUser, LsaApLogonTerminated)`,
    );
  }
  return pkg;
}

/** Whether `value` has the shape of an authentication package (spec §2.9 required entry points). */
export function isAuthenticationPackage(value: unknown): value is AuthenticationPackage {
  const p = value as Partial<AuthenticationPackage> | null;
  return (
    typeof p === 'object' &&
    p !== null &&
    typeof p.name === 'string' &&
    p.name.length > 0 &&
    typeof p.LsaApInitializePackage === 'function' &&
    typeof p.LsaApLogonUser === 'function' &&
    typeof p.LsaApLogonTerminated === 'function'
  );
}

/**
 * Creates the engine (DESIGN.md composition root): store, kernel, accounts, the LSA with its
 * packages (MSV1_0 first), the event log. Cascades left unfinished by a previous run resume.
 */
export async function createSystem(options: SystemOptions = {}): Promise<System> {
  const clock = options.clock ?? systemClock;
  const now = () => clock.now();
  const computerName = (options.computerName ?? hostname().split('.')[0] ?? 'LOCALHOST').toUpperCase();
  const host = options.host ?? computerName;
  const logger = options.logger ?? stderrLogger;
  const limits = options.limits ?? {};
  const cluster: ClusterSettings | undefined =
    options.cluster === undefined ? undefined : toClusterSettings(options.cluster);
  const store = await openStore(options.store);
  let started: Wts | undefined;
  try {
    const kernel = new Kernel({
      store,
      now,
      ...(limits.terminationRoutines === undefined ? {} : { routineLimit: limits.terminationRoutines }),
      ...(limits.maxTokens === undefined ? {} : { maxTokens: limits.maxTokens }),
      ...(limits.luidBlock === undefined ? {} : { luidBlock: limits.luidBlock }),
      announceHandleCloses: cluster !== undefined,
    });
    const accounts = new Accounts({
      store,
      hasher: createPasswordHasher(options.passwordHashing),
      clock: now,
      computerName,
    });
    await accounts.init();
    const context: PackageContext = { accounts, computerName };
    const packages: AuthenticationPackage[] = [createPasswordPackage(accounts)];
    for (const p of options.packages ?? []) packages.push(await loadPackage(p, context));
    const names = new Set<string>();
    for (const p of packages) {
      if (!isAuthenticationPackage(p))
        throw new TypeError(
          'every package needs name, LsaApInitializePackage, LsaApLogonUser and LsaApLogonTerminated',
        );
      if (names.has(p.name.toLowerCase())) throw new TypeError(`two packages are named ${p.name}`);
      names.add(p.name.toLowerCase());
    }
    const lsa = new Lsa({
      store,
      kernel,
      packages,
      terminationNotify: options.terminationNotify ?? 'all',
      callTimeoutMs: limits.callTimeoutMs ?? 5000,
      logger,
      now,
      computerName,
      host,
    });
    if (cluster !== undefined) lsa.cascade.setCascadeHost(host);
    await lsa.init();
    const events = new EventLog(store);
    const wts = new Wts(
      {
        kernel,
        lsa,
        clock,
        host,
        computerName,
        logger,
        processHost: options.wts?.processHost ?? createNodeProcessHost(),
        cluster,
        onEvents: (listener) => store.onEvents(listener),
      },
      options.wts,
    );
    started = wts;
    await wts.init();
    const remote =
      cluster === undefined
        ? undefined
        : new RemoteTerminations({ store, cascade: lsa.cascade, host, logger });
    await remote?.start();
    const system: System = {
      store,
      kernel,
      lsa,
      accounts,
      events,
      wts,
      clock,
      computerName,
      host,
      trustedCaller: TRUSTED_CALLER,
      settled:
        remote === undefined
          ? () => lsa.cascade.settled()
          : async () => {
              await lsa.cascade.settled();
              await remote.settled();
            },
      stats: () => ({ ...lsa.cascade.stats }),
      win32: (callerHandle = 0) => createWin32(system, callerHandle),
      async close() {
        wts.close();
        await remote?.close();
        await lsa.cascade.settled();
        await store.close();
      },
    };
    return system;
  } catch (error) {
    started?.close();
    await store.close();
    throw error;
  }
}
