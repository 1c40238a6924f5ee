/**
 * `system.wts`: the terminal-session layer's idiomatic API (issue 3; DESIGN.md "Terminal
 * sessions"). Sessions are named by id, or `'current'` for the caller's own session (the session
 * of the caller's token). Expected outcomes are NTSTATUS values (`status` fields); bad arguments
 * throw NtError with STATUS_INVALID_PARAMETER and a sentence; I/O failures throw.
 *
 * The Win32-shaped functions (`win32/wtsapi32.ts`) are a thin layer over this class.
 */
import { type Caller, TRUSTED_CALLER } from '../kernel/caller.ts';
import type { Kernel, TokenHolders } from '../kernel/kernel.ts';
import type { CascadeLogger } from '../lsa/cascade.ts';
import type { Lsa } from '../lsa/lsa.ts';
import type { Clock } from '../nt/clock.ts';
import { NtError } from '../nt/nt-error.ts';
import { type NtStatus, STATUS_INVALID_PARAMETER } from '../nt/ntstatus.ts';
import { toClient } from './client-address.ts';
import type { ClusterSettings } from './cluster-options.ts';
import { listClusterSessions } from './cluster-sessions.ts';
import type { WtsRemoteAnswer, WtsRemoteRequest } from './host-link.ts';
import { findHost, type HostInfo, HostRegistry, isHostKeyOf } from './host-registry.ts';
import type { ProcessHost, SpawnOptions } from './process-host.ts';
import { ProgramWatcher } from './program-watcher.ts';
import { createRemoteServer } from './remote-server.ts';
import { serveRemote } from './serve-remote.ts';
import { connectClient, disconnectSession, loseClient, recordInput } from './session-connection.ts';
import type { WtsSessionInfo } from './session-info.ts';
import { type LogoffOptions, logoffSession, resetSession } from './session-logoff.ts';
import { checkProgram, type StartProgramResult, startSessionProgram } from './session-programs.ts';
import {
  getSession,
  listProcesses,
  listSessions,
  type QueryUserTokenOptions,
  queryUserToken,
  sessionHolders,
  type WtsProcessInfo,
} from './session-queries.ts';
import { type SessionRef, toSessionId } from './session-ref.ts';
import { shadowSession, stopShadow } from './session-shadow.ts';
import { parseStation } from './stations.ts';
import { Teardowns } from './teardown.ts';
import { applyDueLimit } from './time-limit-actions.ts';
import { checkTimeLimits, type TimeLimits, TimeLimitTimers } from './time-limits.ts';
import type { WtsContext } from './wts-context.ts';
import { startHost } from './wts-host.ts';
import { logonToSession, type WtsLogonOptions, type WtsLogonResult } from './wts-logon.ts';
import type { WtsServer } from './wts-server.ts';

/** Settings of the WTS layer (`createSystem({ wts })`). */
export interface WtsOptions {
  /** Time programs get between SIGTERM and SIGKILL at logoff (default 5,000 ms). */
  gracePeriodMs?: number;
  /** Idle, active and disconnected limits (default none). */
  timeLimits?: TimeLimits;
  /** One session per user: a user who has one is reconnected to it (default true, as RDS). */
  singleSessionPerUser?: boolean;
  /** Where session programs run (default: real processes through node:child_process). */
  processHost?: ProcessHost;
  /** How often programs found at start and process groups that outlive their leader are polled (default 50 ms). */
  pollMs?: number;
  /** Check the Logon permission (0x20) on the RDP-Tcp listener for new remote sessions (default false). */
  requireLogonPermission?: boolean;
  /**
   * Which programs callers other than administrators may start in their sessions: `'any'`
   * (default for the library, whose callers are the host's own code) or a list of program names
   * or paths, matched exactly. Session programs run as the daemon's OS user, so the daemon passes
   * its configured list (empty by default): only administrators may start anything else.
   */
  allowedPrograms?: 'any' | readonly string[];
}

/** What the WTS layer is built on. */
export interface WtsDependencies {
  kernel: Kernel;
  lsa: Lsa;
  clock: Clock;
  host: string;
  computerName: string;
  logger: CascadeLogger;
  processHost: ProcessHost;
  /** Cluster mode (`createSystem({ cluster })`), or undefined for a single host. */
  cluster?: ClusterSettings | undefined;
  /** The store's event announcements (`Store.onEvents`): keep the cluster's host names fresh. */
  onEvents?: ((listener: () => void) => () => void) | undefined;
}

export type { SessionRef };

/** Options of `startProgram`. */
export type StartProgramOptions = SpawnOptions;

export type {
  HostInfo,
  LogoffOptions,
  QueryUserTokenOptions,
  StartProgramResult,
  TimeLimits,
  WtsLogonOptions,
  WtsLogonResult,
  WtsProcessInfo,
  WtsRemoteAnswer,
  WtsRemoteRequest,
  WtsServer,
  WtsSessionInfo,
};

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0)
    throw new NtError(STATUS_INVALID_PARAMETER, `wts.${name} must be a non-negative number of milliseconds`);
  return value;
}

/** The WTS layer of one session host (see the file comment). */
export class Wts {
  readonly #ctx: WtsContext;
  #closed = false;

  constructor(deps: WtsDependencies, options: WtsOptions = {}) {
    const limits = options.timeLimits ?? {};
    checkTimeLimits(limits);
    const warn = (message: string, fields: Record<string, unknown>) => deps.logger.warn(message, fields);
    const reserved = new Set<number>();
    const processHost = options.processHost ?? deps.processHost;
    const programs = new ProgramWatcher({
      kernel: deps.kernel,
      processHost,
      clock: deps.clock,
      pollMs: nonNegative('pollMs', options.pollMs, 50),
      warn,
    });
    const timers = new TimeLimitTimers(
      deps.clock,
      limits,
      (id) => void applyDueLimit(this.#ctx, limits, id, () => this.#closed),
    );
    const teardowns = new Teardowns({
      kernel: deps.kernel,
      programs,
      clock: deps.clock,
      graceMs: nonNegative('gracePeriodMs', options.gracePeriodMs, 5000),
      host: deps.host,
      reserved,
      warn,
      onDeleted: (id) => timers.cancel(id),
    });
    const hosts = new HostRegistry({
      kernel: deps.kernel,
      clock: deps.clock,
      host: deps.host,
      cluster: deps.cluster,
      warn,
      onEvents: deps.onEvents,
    });
    this.#ctx = {
      kernel: deps.kernel,
      lsa: deps.lsa,
      clock: deps.clock,
      host: deps.host,
      computerName: deps.computerName,
      processHost,
      programs,
      teardowns,
      timers,
      reserved,
      settings: {
        singleSessionPerUser: options.singleSessionPerUser ?? true,
        requireLogonPermission: options.requireLogonPermission === true,
        allowedPrograms:
          options.allowedPrograms === undefined || options.allowedPrograms === 'any'
            ? 'any'
            : [...options.allowedPrograms],
      },
      hosts,
      cluster: deps.cluster,
      warn,
    };
    this.#self = {
      name: deps.host,
      listSessions: (caller) => this.listSessions(caller),
      getSession: (caller, session) => this.getSession(caller, session),
      logoff: (caller, session, o) => this.logoff(caller, session, o),
      disconnect: (caller, session) => this.disconnect(caller, session),
      reset: (caller, session) => this.reset(caller, session),
      startProgram: (caller, session, program, args, o) =>
        this.startProgram(caller, session, program, args, o),
      listProcesses: (caller, o) => this.listProcesses(caller, o),
      holders: (caller, session) => this.holders(caller, session),
    };
  }

  readonly #self: WtsServer;

  /** This host's name: the host of every session it owns. */
  get host(): string {
    return this.#ctx.host;
  }

  /** Creates the host's fixed sessions and recovers a previous run (`wts-host.ts`). */
  init(): Promise<void> {
    return startHost(this.#ctx);
  }

  /** Logs a user on at the console or over RDP, or reconnects them (`wts-logon.ts`). */
  logon(options: WtsLogonOptions): Promise<WtsLogonResult> {
    return logonToSession(this.#ctx, options);
  }

  /** A client connects to the RDP-Tcp listener before anyone logs on (transport side). */
  connect(
    options: { station?: string; clientName?: string; clientAddress?: string } = {},
  ): Promise<{ status: NtStatus; sessionId?: number }> {
    if (parseStation(options.station ?? 'RDP-Tcp') !== 'rdp')
      throw new NtError(STATUS_INVALID_PARAMETER, 'clients connect to the "RDP-Tcp" listener');
    return connectClient(this.#ctx, toClient(options.clientName, options.clientAddress));
  }

  /** A session's client went away (transport side): disconnected, or idle if nobody logged on. */
  clientLost(sessionId: number): Promise<NtStatus> {
    return loseClient(this.#ctx, this.#id(TRUSTED_CALLER, sessionId));
  }

  /** WTSEnumerateSessions: the sessions the caller may query (Query, 0x1), by id. */
  listSessions(caller: Caller): Promise<WtsSessionInfo[]> {
    return listSessions(this.#ctx, caller);
  }

  /** WTSQuerySessionInformation: every piece of information about one session. */
  getSession(caller: Caller, session: SessionRef): Promise<{ status: NtStatus; session?: WtsSessionInfo }> {
    return getSession(this.#ctx, caller, this.#id(caller, session));
  }

  /** WTSQueryUserToken: a new handle to the session user's token (SeTcbPrivilege). */
  queryUserToken(
    caller: Caller,
    session: SessionRef,
    options?: QueryUserTokenOptions,
  ): Promise<{ status: NtStatus; handle?: number; secret?: string }> {
    return queryUserToken(this.#ctx, caller, this.#id(caller, session), options);
  }

  /** WTSLogoffSession; `wait` defaults to true (bWait). */
  logoff(caller: Caller, session: SessionRef, options?: LogoffOptions): Promise<NtStatus> {
    return logoffSession(this.#ctx, caller, this.#id(caller, session), options);
  }

  /** WTSDisconnectSession. Disconnecting is one transaction, so it is complete when this resolves. */
  disconnect(caller: Caller, session: SessionRef): Promise<NtStatus> {
    return disconnectSession(this.#ctx, caller, this.#id(caller, session));
  }

  /** Reset (rwinsta): logs the user off, or deletes a remote session nobody is logged on to. */
  reset(caller: Caller, session: SessionRef): Promise<NtStatus> {
    return resetSession(this.#ctx, caller, this.#id(caller, session));
  }

  /** Remote Control: the caller's session shadows `target` (needs 0x10 on it). */
  shadow(caller: Caller, target: number): Promise<NtStatus> {
    return shadowSession(this.#ctx, caller, this.#id(caller, target));
  }

  /** Ends the caller's shadowing. */
  stopShadow(caller: Caller): Promise<NtStatus> {
    return stopShadow(this.#ctx, caller);
  }

  /** Records user input in a session (restarts its idle limit). */
  recordInput(sessionId: number): Promise<NtStatus> {
    return recordInput(this.#ctx, this.#id(TRUSTED_CALLER, sessionId));
  }

  /**
   * Starts a program in a session as a real process with its own duplicate of the user's token:
   * the caller's own session, or any with SeTcbPrivilege (as CreateProcessAsUser into another
   * session needs). STATUS_NO_TOKEN without a user, STATUS_CTX_CLOSE_PENDING while logging off.
   */
  async startProgram(
    caller: Caller,
    session: SessionRef,
    program: string,
    args: readonly string[] = [],
    options: StartProgramOptions = {},
  ): Promise<StartProgramResult> {
    checkProgram(program, args);
    return startSessionProgram(this.#ctx, caller, this.#id(caller, session), program, args, options);
  }

  /** WTSEnumerateProcesses: the host's programs (and logond's own process), optionally of one session. */
  listProcesses(
    caller: Caller,
    options: { sessionId?: SessionRef } = {},
  ): Promise<{ status: NtStatus; processes?: WtsProcessInfo[] }> {
    return listProcesses(
      this.#ctx,
      caller,
      options.sessionId === undefined ? undefined : this.#id(caller, options.sessionId),
    );
  }

  /** Who keeps the session's logon session alive: its tokens and their handles (Query needed). */
  holders(caller: Caller, session: SessionRef): Promise<{ status: NtStatus; holders?: TokenHolders[] }> {
    return sessionHolders(this.#ctx, caller, this.#id(caller, session));
  }

  /**
   * A session host by name (WTSOpenServer): `undefined`, '', '.', 'localhost' or this host's name
   * (case-insensitive; a leading UNC `\\` is ignored) is this host; any other name is a host of the
   * cluster, reached through the shared store and the HostLink (see `wts-server.ts`). An unknown
   * name gives a server whose every method answers RPC_NT_SERVER_UNAVAILABLE.
   */
  on(server?: string): WtsServer {
    if (server === undefined || server === null) return this.#self;
    if (typeof server !== 'string')
      throw new NtError(STATUS_INVALID_PARAMETER, 'a server is named by a string (a host name)');
    const name = server.replace(/^\\\\/, '');
    const lower = name.toLowerCase();
    if (lower === '' || lower === '.' || lower === 'localhost' || this.#ctx.hosts.isSelf(name))
      return this.#self;
    return createRemoteServer(this.#ctx, name);
  }

  /** The session hosts registered in the store (one outside cluster mode), each with `up` and `self`. */
  hosts(): Promise<HostInfo[]> {
    return this.#ctx.hosts.list();
  }

  /** Whether `name` names this host or a host registered at the last look (synchronous; WTSOpenServer). */
  knowsHost(name: string): boolean {
    const lower = name.replace(/^\\\\/, '').toLowerCase();
    return lower === '' || lower === '.' || lower === 'localhost' || this.#ctx.hosts.knows(lower);
  }

  /** Every host's sessions the caller may query (each with its `host`); a down host's as WTSDown. */
  listClusterSessions(caller: Caller): Promise<WtsSessionInfo[]> {
    return listClusterSessions(this.#ctx, caller);
  }

  /** Whether `hostKey` is the key of registered host `fromHost` (its SHA-256, compared in constant time). */
  isPeer(fromHost: string, hostKey: string): Promise<boolean> {
    return this.#ctx.kernel.read((k) => isHostKeyOf(findHost(k.tx, fromHost), hostKey));
  }

  /**
   * The owner side of a forwarded call: checks the sending host's key (STATUS_ACCESS_DENIED), the
   * call (STATUS_INVALID_PARAMETER), resolves the caller's handle (0 = kernel mode;
   * STATUS_INVALID_HANDLE if closed) and runs the call on this host as that caller.
   */
  serveRemote(request: WtsRemoteRequest): Promise<WtsRemoteAnswer> {
    return serveRemote(this.#ctx, this, request);
  }

  /** Resolves when every logoff under way has finished (its session deleted). */
  settled(): Promise<void> {
    return this.#ctx.teardowns.settled();
  }

  /** Stops every timer and poll; logoffs under way resume at the next start. Programs keep running. */
  close(): void {
    this.#closed = true;
    this.#ctx.hosts.close();
    this.#ctx.timers.close();
    this.#ctx.teardowns.close();
    this.#ctx.programs.close();
  }

  #id(caller: Caller, session: SessionRef): number {
    return toSessionId(caller, session);
  }
}
