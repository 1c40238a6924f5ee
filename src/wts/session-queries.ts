/**
 * Reading WTS sessions (spec §2.16–2.19): enumeration filtered by the Query permission (0x1),
 * one session's information, WTSQueryUserToken, the programs of the host, and who holds a
 * session's logon session. A caller always sees its own sessions (MS-RDSP).
 */
import { type Caller, holdsPrivilege } from '../kernel/caller.ts';
import type { TokenHolders } from '../kernel/kernel.ts';
import {
  type NtStatus,
  STATUS_ACCESS_DENIED,
  STATUS_CTX_WINSTATION_NOT_FOUND,
  STATUS_NO_TOKEN,
  STATUS_PRIVILEGE_NOT_HELD,
  STATUS_SUCCESS,
} from '../nt/ntstatus.ts';
import { SE_TCB_NAME, SID_SYSTEM } from '../security/well-known-sids.ts';
import { WTS_SECURITY_QUERY_INFORMATION } from '../security/wts-permissions.ts';
import type { ReadTx } from '../store/store.ts';
import type { ProcessIdentity } from './process-host.ts';
import { hasSessionAccess } from './session-access.ts';
import { toSessionInfo, type WtsSessionInfo } from './session-info.ts';
import { SERVICES_SESSION_ID, sessionsOf, toSessionKey } from './session-row.ts';
import type { WtsContext } from './wts-context.ts';

/** WTSEnumerateSessions: the sessions the caller may query, by id. */
export function listSessions(ctx: WtsContext, caller: Caller): Promise<WtsSessionInfo[]> {
  return ctx.kernel.read((k) => {
    const now = ctx.clock.now();
    const out: WtsSessionInfo[] = [];
    for (const row of sessionsOf(k.tx, ctx.host)) {
      if (hasSessionAccess(caller, row, WTS_SECURITY_QUERY_INFORMATION))
        out.push(toSessionInfo(row, now, caller.sessionId));
    }
    return out;
  });
}

/** WTSQuerySessionInformation: 7022 for no such session, STATUS_ACCESS_DENIED without Query. */
export function getSession(
  ctx: WtsContext,
  caller: Caller,
  sessionId: number,
): Promise<{ status: NtStatus; session?: WtsSessionInfo }> {
  return ctx.kernel.read((k) => {
    const row = k.tx.get('wtsSessions', toSessionKey(ctx.host, sessionId));
    if (row === undefined) return { status: STATUS_CTX_WINSTATION_NOT_FOUND };
    if (!hasSessionAccess(caller, row, WTS_SECURITY_QUERY_INFORMATION))
      return { status: STATUS_ACCESS_DENIED };
    return { status: STATUS_SUCCESS, session: toSessionInfo(row, ctx.clock.now(), caller.sessionId) };
  });
}

/** Options of `queryUserToken`. */
export interface QueryUserTokenOptions {
  /** Who holds the new handle (default `query-user-token`). */
  holder?: string;
  bearer?: boolean;
}

/**
 * WTSQueryUserToken (spec §2.19, Q15): SeTcbPrivilege (else STATUS_PRIVILEGE_NOT_HELD), the session
 * (else STATUS_CTX_WINSTATION_NOT_FOUND, which the Win32 function reports as 2), a user (else
 * STATUS_NO_TOKEN), Query on another's session. Success is a new handle to the session's token
 * object: it keeps the logon session alive until closed, even after logoff (spec §3.3).
 */
export async function queryUserToken(
  ctx: WtsContext,
  caller: Caller,
  sessionId: number,
  options: QueryUserTokenOptions = {},
): Promise<{ status: NtStatus; handle?: number; secret?: string }> {
  if (!holdsPrivilege(caller, SE_TCB_NAME)) return { status: STATUS_PRIVILEGE_NOT_HELD };
  return ctx.kernel.transact((k) => {
    const row = k.tx.get('wtsSessions', toSessionKey(ctx.host, sessionId));
    if (row === undefined) return { status: STATUS_CTX_WINSTATION_NOT_FOUND };
    if (row.tokenHandle === null || k.resolveHandle(row.tokenHandle) === undefined)
      return { status: STATUS_NO_TOKEN };
    if (!hasSessionAccess(caller, row, WTS_SECURITY_QUERY_INFORMATION))
      return { status: STATUS_ACCESS_DENIED };
    const h = k.duplicateHandle(row.tokenHandle, {
      holder: options.holder ?? 'query-user-token',
      bearer: options.bearer === true,
    });
    if (h.handle === undefined) return { status: STATUS_NO_TOKEN };
    return h.secret === undefined
      ? { status: STATUS_SUCCESS, handle: h.handle.id }
      : { status: STATUS_SUCCESS, handle: h.handle.id, secret: h.secret };
  });
}

/** One program of the host (WTS_PROCESS_INFO). */
export interface WtsProcessInfo {
  pid: number;
  sessionId: number;
  program: string;
  /** Shown only to callers who may query the session; [] otherwise. */
  args: readonly string[];
  /** The user the program runs for; null for callers who may not query its session. */
  userSid: string | null;
  startTime: string;
  /** When logond started it; null for logond's own process. */
  createdAt: number | null;
}

/**
 * WTSEnumerateProcesses: every program of the host's sessions and logond's own process (session
 * 0, SYSTEM), as Windows lists every process; arguments and user only for sessions the caller may
 * query. With `sessionId`, only that session's programs (7022 / STATUS_ACCESS_DENIED as a query).
 */
export async function listProcesses(
  ctx: WtsContext,
  caller: Caller,
  sessionId?: number,
): Promise<{ status: NtStatus; processes?: WtsProcessInfo[] }> {
  const self = ctx.processHost.self();
  return ctx.kernel.read((k) => collectProcesses(k.tx, ctx.host, caller, sessionId, self));
}

/**
 * The programs of `host` recorded in the store (optionally of one session), filtered for `caller`
 * as WTSEnumerateProcesses does, with `self` (logond's own process) first when given: the rows of
 * listProcesses, also for a host that is down (no `self`: its process is not known here).
 */
export function collectProcesses(
  tx: ReadTx,
  host: string,
  caller: Caller,
  sessionId: number | undefined,
  self: ProcessIdentity | undefined,
): { status: NtStatus; processes?: WtsProcessInfo[] } {
  const sessions = new Map(sessionsOf(tx, host).map((r) => [r.sessionId, r]));
  if (sessionId !== undefined) {
    const row = sessions.get(sessionId);
    if (row === undefined) return { status: STATUS_CTX_WINSTATION_NOT_FOUND };
    if (!hasSessionAccess(caller, row, WTS_SECURITY_QUERY_INFORMATION))
      return { status: STATUS_ACCESS_DENIED };
  }
  const visible = (id: number) => {
    const row = sessions.get(id);
    return row !== undefined && hasSessionAccess(caller, row, WTS_SECURITY_QUERY_INFORMATION);
  };
  const out: WtsProcessInfo[] = [];
  if (self !== undefined && (sessionId === undefined || sessionId === SERVICES_SESSION_ID)) {
    out.push({
      pid: self.pid,
      sessionId: SERVICES_SESSION_ID,
      program: self.program,
      args: [],
      userSid: visible(0) ? SID_SYSTEM : null,
      startTime: self.startTime,
      createdAt: null,
    });
  }
  const rows =
    sessionId === undefined
      ? tx.scan('processes').filter((p) => p.host === host)
      : tx.find('processes', 'sessionKey', toSessionKey(host, sessionId));
  for (const p of rows) {
    const shown = visible(p.sessionId);
    out.push({
      pid: p.pid,
      sessionId: p.sessionId,
      program: p.program,
      args: shown ? p.args : [],
      userSid: shown ? p.userSid : null,
      startTime: p.startTime,
      createdAt: p.createdAt,
    });
  }
  return { status: STATUS_SUCCESS, processes: out };
}

/** Who keeps the session's logon session alive (its tokens and their handles); Query needed. */
export function sessionHolders(
  ctx: WtsContext,
  caller: Caller,
  sessionId: number,
): Promise<{ status: NtStatus; holders?: TokenHolders[] }> {
  return ctx.kernel.read((k) => {
    const row = k.tx.get('wtsSessions', toSessionKey(ctx.host, sessionId));
    if (row === undefined) return { status: STATUS_CTX_WINSTATION_NOT_FOUND };
    if (!hasSessionAccess(caller, row, WTS_SECURITY_QUERY_INFORMATION))
      return { status: STATUS_ACCESS_DENIED };
    return { status: STATUS_SUCCESS, holders: row.logonId === null ? [] : k.holdersOf(row.logonId) };
  });
}
