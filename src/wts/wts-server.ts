/**
 * One session host as `system.wts.on(name)` gives it (WTSOpenServer): this host, or another host of
 * the cluster. The methods and their outcomes are those of `Wts`; for another host, reads come from
 * the shared store (access-checked here with the caller's token), actions run on the owner through
 * the HostLink as the caller, and a host that is unknown, down or unreachable answers
 * RPC_NT_SERVER_UNAVAILABLE (list methods throw NtError with it).
 */
import type { Caller } from '../kernel/caller.ts';
import type { TokenHolders } from '../kernel/kernel.ts';
import type { NtStatus } from '../nt/ntstatus.ts';
import type { WtsSessionInfo } from './session-info.ts';
import type { LogoffOptions } from './session-logoff.ts';
import type { StartProgramResult } from './session-programs.ts';
import type { WtsProcessInfo } from './session-queries.ts';
import type { SessionRef, StartProgramOptions } from './wts.ts';

/** The WTS functions of one session host (see the file comment). */
export interface WtsServer {
  /** The host's name (for this host, its own name whatever spelling named it). */
  readonly name: string;
  /** WTSEnumerateSessions: the sessions the caller may query; a down host's as WTSDown. */
  listSessions(caller: Caller): Promise<WtsSessionInfo[]>;
  /** WTSQuerySessionInformation. */
  getSession(caller: Caller, session: SessionRef): Promise<{ status: NtStatus; session?: WtsSessionInfo }>;
  /** WTSLogoffSession; `wait` (default true) resolves once the owner has finished the teardown. */
  logoff(caller: Caller, session: SessionRef, options?: LogoffOptions): Promise<NtStatus>;
  /** WTSDisconnectSession. */
  disconnect(caller: Caller, session: SessionRef): Promise<NtStatus>;
  /** Reset; a session of a host that is down is reset here (tokens closed, rows deleted). */
  reset(caller: Caller, session: SessionRef): Promise<NtStatus>;
  /** Starts a program in a session (on another host: no spawn options). */
  startProgram(
    caller: Caller,
    session: SessionRef,
    program: string,
    args?: readonly string[],
    options?: StartProgramOptions,
  ): Promise<StartProgramResult>;
  /** WTSEnumerateProcesses. */
  listProcesses(
    caller: Caller,
    options?: { sessionId?: SessionRef },
  ): Promise<{ status: NtStatus; processes?: WtsProcessInfo[] }>;
  /** Who keeps a session's logon session alive. */
  holders(caller: Caller, session: SessionRef): Promise<{ status: NtStatus; holders?: TokenHolders[] }>;
}
