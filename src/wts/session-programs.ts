/**
 * Starting a program in a WTS session (DESIGN.md "Terminal sessions"): a real process, the leader
 * of its own process group, holding its own duplicate of the session user's token (a new token
 * object, holder `process:<pid>`). The caller's own session, or any with SeTcbPrivilege (as
 * CreateProcessAsUser into another session needs). The process runs as logond's OS user: the
 * token is the identity logond tracks for it, not an OS credential.
 */
import { type Caller, holdsPrivilege, isAdministrator } from '../kernel/caller.ts';
import { TokenPrimary } from '../kernel/kernel-tx.ts';
import { NtError } from '../nt/nt-error.ts';
import {
  type NtStatus,
  STATUS_ACCESS_DENIED,
  STATUS_CTX_CLOSE_PENDING,
  STATUS_CTX_WINSTATION_NOT_FOUND,
  STATUS_INVALID_PARAMETER,
  STATUS_NO_TOKEN,
  STATUS_NOT_FOUND,
  STATUS_SUCCESS,
} from '../nt/ntstatus.ts';
import { SE_TCB_NAME } from '../security/well-known-sids.ts';
import type { ProcessRow } from '../store/rows.ts';
import type { SpawnedProcess, SpawnOptions } from './process-host.ts';
import { isOwnSession } from './session-access.ts';
import { toSessionKey } from './session-row.ts';
import type { WtsContext } from './wts-context.ts';

/** The outcome of starting a program. */
export interface StartProgramResult {
  status: NtStatus;
  pid?: number;
  startTime?: string;
  /** Why the OS refused to start it (ENOENT, EACCES, …). */
  error?: string;
}

/** The status a spawn error becomes: no such program, not allowed to run it; anything else is a bad request. */
const SPAWN_FAILURES: Readonly<Record<string, NtStatus>> = {
  ENOENT: STATUS_NOT_FOUND,
  ENOTDIR: STATUS_NOT_FOUND,
  EACCES: STATUS_ACCESS_DENIED,
  EPERM: STATUS_ACCESS_DENIED,
};

/** Throws NtError(STATUS_INVALID_PARAMETER) unless `program` is a non-empty string and `args` strings. */
export function checkProgram(program: unknown, args: unknown): void {
  if (typeof program !== 'string' || program.length === 0)
    throw new NtError(STATUS_INVALID_PARAMETER, 'program must be a non-empty string');
  if (!Array.isArray(args) || !args.every((a) => typeof a === 'string'))
    throw new NtError(STATUS_INVALID_PARAMETER, 'args must be an array of strings');
}

/**
 * Starts `program` in session `sessionId`. Checks first (7022, STATUS_ACCESS_DENIED, STATUS_NO_TOKEN
 * without a user, STATUS_CTX_CLOSE_PENDING while it logs off); then spawns it, and in one
 * transaction checks the session again, duplicates the session's token for it and records it. If
 * that fails, the new process group is killed. The environment gets LOGOND_SESSION_ID and LOGOND_USER.
 */
export async function startSessionProgram(
  ctx: WtsContext,
  caller: Caller,
  sessionId: number,
  program: string,
  args: readonly string[],
  options: SpawnOptions,
): Promise<StartProgramResult> {
  const sessionKey = toSessionKey(ctx.host, sessionId);
  const found = await ctx.kernel.read((k) => k.tx.get('wtsSessions', sessionKey));
  if (found === undefined) return { status: STATUS_CTX_WINSTATION_NOT_FOUND };
  if (!isOwnSession(caller, found) && !holdsPrivilege(caller, SE_TCB_NAME))
    return { status: STATUS_ACCESS_DENIED };
  const allowed = ctx.settings.allowedPrograms;
  if (allowed !== 'any' && !isAdministrator(caller) && !allowed.includes(program))
    return { status: STATUS_ACCESS_DENIED };
  if (found.userSid === null) return { status: STATUS_NO_TOKEN };
  if (found.loggingOff) return { status: STATUS_CTX_CLOSE_PENDING };
  const env = { LOGOND_SESSION_ID: String(sessionId), LOGOND_USER: found.userName, ...options.env };
  let spawned: SpawnedProcess;
  try {
    spawned = await ctx.processHost.spawn(program, args, { ...options, env });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | null)?.code ?? String(error);
    return { status: SPAWN_FAILURES[code] ?? STATUS_INVALID_PARAMETER, error: code };
  }
  const { pid, startTime } = spawned;
  const key = `${ctx.host}/${pid}`;
  const inserted = ctx.kernel.transact((k): NtStatus => {
    const session = k.tx.get('wtsSessions', sessionKey);
    if (session === undefined) return STATUS_CTX_WINSTATION_NOT_FOUND;
    if (session.loggingOff || session.tokenHandle === null) return STATUS_CTX_CLOSE_PENDING;
    const stale = k.tx.get('processes', key);
    if (stale !== undefined) {
      // A row left by a process that had this pid before (its exit was never recorded).
      k.tx.delete('processes', key);
      k.closeHandle(stale.tokenHandle);
    }
    const t = k.duplicateToken(
      session.tokenHandle,
      { type: TokenPrimary, source: 'process' },
      { holder: `process:${pid}` },
    );
    if (t.handle === undefined) return t.status;
    const row: ProcessRow = {
      key,
      host: ctx.host,
      pid,
      sessionKey,
      sessionId,
      startTime,
      program,
      args: [...args],
      tokenHandle: t.handle.id,
      userSid: session.userSid,
      createdAt: ctx.clock.now(),
    };
    k.tx.put('processes', row);
    return STATUS_SUCCESS;
  });
  ctx.programs.watch({ key, pid, startTime, sessionKey, inserted: inserted.catch(() => {}) }, spawned);
  let status: NtStatus;
  try {
    status = await inserted;
  } catch (error) {
    ctx.processHost.signalGroup(pid, 'SIGKILL');
    throw error;
  }
  if (status !== STATUS_SUCCESS) {
    ctx.processHost.signalGroup(pid, 'SIGKILL');
    return { status };
  }
  return { status, pid, startTime };
}
