/**
 * `system.wts.on(name)` for another host of the cluster (see `wts-server.ts`, DESIGN.md "Cluster
 * mode"). Reads come from the shared store, access-checked here with the caller's token exactly as
 * the owner would (`host-view.ts`); a down host's sessions show WTSDown. Actions go to the owner
 * through the HostLink with the caller's token handle, and run there as the caller. The host is
 * looked up on every call: unknown → RPC_NT_SERVER_UNAVAILABLE (list methods throw NtError);
 * down → RPC_NT_SERVER_UNAVAILABLE, except reset, which runs here (`down-host-reset.ts`).
 */
import type { Caller } from '../kernel/caller.ts';
import type { TokenHolders } from '../kernel/kernel.ts';
import { isNtError, NtError } from '../nt/nt-error.ts';
import {
  type NtStatus,
  RPC_NT_SERVER_UNAVAILABLE,
  STATUS_ACCESS_DENIED,
  STATUS_CTX_WINSTATION_NOT_FOUND,
  STATUS_INVALID_PARAMETER,
  STATUS_SUCCESS,
} from '../nt/ntstatus.ts';
import { WTS_SECURITY_QUERY_INFORMATION } from '../security/wts-permissions.ts';
import type { ReadTx } from '../store/store.ts';
import { resetDownSession } from './down-host-reset.ts';
import type { WtsRemoteAnswer, WtsRemoteCall } from './host-link.ts';
import { type ClusterHostRow, findHost } from './host-registry.ts';
import { callerSessionOn, NOT_CALLERS, toHostSessionInfo } from './host-view.ts';
import { hasSessionAccess } from './session-access.ts';
import type { WtsSessionInfo } from './session-info.ts';
import type { LogoffOptions } from './session-logoff.ts';
import { checkProgram, type StartProgramResult } from './session-programs.ts';
import { collectProcesses, type WtsProcessInfo } from './session-queries.ts';
import { type SessionRef, toSessionId } from './session-ref.ts';
import { sessionsOf, toSessionKey } from './session-row.ts';
import type { StartProgramOptions } from './wts.ts';
import type { WtsContext } from './wts-context.ts';
import type { WtsServer } from './wts-server.ts';

/** A registered host as one read found it. */
interface Found {
  row: ClusterHostRow;
  up: boolean;
}

function unavailable(name: string): NtError {
  return new NtError(RPC_NT_SERVER_UNAVAILABLE, `session host "${name}" is not registered in the cluster`);
}

/** The server of host `name` (not this one). */
export function createRemoteServer(ctx: WtsContext, name: string): WtsServer {
  return new RemoteServer(ctx, name);
}

class RemoteServer implements WtsServer {
  readonly name: string;
  readonly #ctx: WtsContext;

  constructor(ctx: WtsContext, name: string) {
    this.#ctx = ctx;
    this.name = name;
  }

  /** Runs `fn` on a read of the store with the host's row, or answers `missing` for an unknown host. */
  #read<R, M>(fn: (tx: ReadTx, host: Found, now: number) => R, missing: M): Promise<R | M> {
    return this.#ctx.kernel.read((k) => {
      const row = findHost(k.tx, this.name);
      if (row === undefined) return missing;
      const now = this.#ctx.clock.now();
      return fn(k.tx, { row, up: this.#ctx.hosts.isUp(row, now) }, now);
    });
  }

  /** The id `session` names on this host: `'current'` only when the caller logged on here (else 7022). */
  async #id(caller: Caller, session: SessionRef): Promise<{ id: number } | { status: NtStatus }> {
    if (session !== 'current') return { id: toSessionId(caller, session) };
    const found = await this.#read((tx, host) => callerSessionOn(tx, caller, host.row.name), undefined);
    if (found === undefined) return { status: RPC_NT_SERVER_UNAVAILABLE };
    return found === NOT_CALLERS ? { status: STATUS_CTX_WINSTATION_NOT_FOUND } : { id: found };
  }

  async listSessions(caller: Caller): Promise<WtsSessionInfo[]> {
    const list = await this.#read((tx, host, now) => {
      const mine = callerSessionOn(tx, caller, host.row.name);
      const out: WtsSessionInfo[] = [];
      for (const row of sessionsOf(tx, host.row.name)) {
        if (hasSessionAccess(caller, row, WTS_SECURITY_QUERY_INFORMATION))
          out.push(toHostSessionInfo(row, now, mine, host.up));
      }
      return out;
    }, undefined);
    if (list === undefined) throw unavailable(this.name);
    return list;
  }

  async getSession(
    caller: Caller,
    session: SessionRef,
  ): Promise<{ status: NtStatus; session?: WtsSessionInfo }> {
    const r = await this.#id(caller, session);
    if ('status' in r) return r;
    const { id } = r;
    return this.#read(
      (tx, host, now) => {
        const row = tx.get('wtsSessions', toSessionKey(host.row.name, id));
        if (row === undefined) return { status: STATUS_CTX_WINSTATION_NOT_FOUND };
        if (!hasSessionAccess(caller, row, WTS_SECURITY_QUERY_INFORMATION))
          return { status: STATUS_ACCESS_DENIED };
        const info = toHostSessionInfo(row, now, callerSessionOn(tx, caller, host.row.name), host.up);
        return { status: STATUS_SUCCESS, session: info };
      },
      { status: RPC_NT_SERVER_UNAVAILABLE },
    );
  }

  async holders(
    caller: Caller,
    session: SessionRef,
  ): Promise<{ status: NtStatus; holders?: TokenHolders[] }> {
    const r = await this.#id(caller, session);
    if ('status' in r) return r;
    const { id } = r;
    return this.#ctx.kernel.read((k) => {
      const host = findHost(k.tx, this.name);
      if (host === undefined) return { status: RPC_NT_SERVER_UNAVAILABLE };
      const row = k.tx.get('wtsSessions', toSessionKey(host.name, id));
      if (row === undefined) return { status: STATUS_CTX_WINSTATION_NOT_FOUND };
      if (!hasSessionAccess(caller, row, WTS_SECURITY_QUERY_INFORMATION))
        return { status: STATUS_ACCESS_DENIED };
      return { status: STATUS_SUCCESS, holders: row.logonId === null ? [] : k.holdersOf(row.logonId) };
    });
  }

  async listProcesses(
    caller: Caller,
    options: { sessionId?: SessionRef } = {},
  ): Promise<{ status: NtStatus; processes?: WtsProcessInfo[] }> {
    let id: number | undefined;
    if (options.sessionId !== undefined) {
      const r = await this.#id(caller, options.sessionId);
      if ('status' in r) return r;
      id = r.id;
    }
    // A host that is down cannot answer: what the store recorded of its programs (without its own process).
    const down = await this.#read(
      (tx, host) => (host.up ? undefined : collectProcesses(tx, host.row.name, caller, id, undefined)),
      { status: RPC_NT_SERVER_UNAVAILABLE },
    );
    if (down !== undefined) return down;
    const a = await this.#forward(
      caller,
      id === undefined ? { op: 'listProcesses' } : { op: 'listProcesses', session: id },
    );
    if (a.status !== STATUS_SUCCESS) return { status: a.status };
    if (!Array.isArray(a.value)) return { status: RPC_NT_SERVER_UNAVAILABLE };
    return { status: STATUS_SUCCESS, processes: a.value as WtsProcessInfo[] };
  }

  async logoff(caller: Caller, session: SessionRef, options: LogoffOptions = {}): Promise<NtStatus> {
    const r = await this.#id(caller, session);
    if ('status' in r) return r.status;
    return (await this.#forward(caller, { op: 'logoff', session: r.id, wait: options.wait !== false }))
      .status;
  }

  async disconnect(caller: Caller, session: SessionRef): Promise<NtStatus> {
    const r = await this.#id(caller, session);
    if ('status' in r) return r.status;
    return (await this.#forward(caller, { op: 'disconnect', session: r.id })).status;
  }

  async reset(caller: Caller, session: SessionRef): Promise<NtStatus> {
    const r = await this.#id(caller, session);
    if ('status' in r) return r.status;
    const up = await this.#read((_tx, host) => host.up, undefined);
    if (up === undefined) return RPC_NT_SERVER_UNAVAILABLE;
    if (!up) {
      const here = await resetDownSession(this.#ctx, caller, this.name, r.id);
      if (here !== 'up') return here;
    }
    return (await this.#forward(caller, { op: 'reset', session: r.id })).status;
  }

  async startProgram(
    caller: Caller,
    session: SessionRef,
    program: string,
    args: readonly string[] = [],
    options: StartProgramOptions = {},
  ): Promise<StartProgramResult> {
    checkProgram(program, args);
    if (options.env !== undefined || options.cwd !== undefined)
      throw new NtError(
        STATUS_INVALID_PARAMETER,
        'a program on another host takes no environment or directory',
      );
    const r = await this.#id(caller, session);
    if ('status' in r) return r;
    const a = await this.#forward(caller, { op: 'startProgram', session: r.id, program, args: [...args] });
    return toStartProgramResult(a);
  }

  /**
   * Sends `call` to the owner as the caller: unknown host, down host or no link →
   * RPC_NT_SERVER_UNAVAILABLE; a link that cannot reach it throws NtError with that status.
   */
  async #forward(caller: Caller, call: WtsRemoteCall): Promise<WtsRemoteAnswer> {
    // Only the kernel-mode caller forwards handle 0 (the owner trusts it): no other identity without a handle.
    if (!caller.trusted && caller.handle === 0) return { status: STATUS_ACCESS_DENIED };
    const link = this.#ctx.cluster?.link;
    const target = await this.#read((_tx, host) => host, undefined);
    if (link === undefined || target === undefined || !target.up || target.row.address === '')
      return { status: RPC_NT_SERVER_UNAVAILABLE };
    let answer: WtsRemoteAnswer;
    try {
      answer = await link.call(
        { name: target.row.name, address: target.row.address },
        caller.trusted ? 0 : caller.handle,
        call,
      );
    } catch (error) {
      if (isNtError(error)) return { status: error.status };
      throw error;
    }
    if (typeof answer?.status !== 'number' || !Number.isInteger(answer.status)) {
      this.#ctx.warn('a session host answered a forwarded call without a status', {
        host: target.row.name,
        op: call.op,
      });
      return { status: RPC_NT_SERVER_UNAVAILABLE };
    }
    return answer;
  }
}

/** The StartProgramResult an owner's answer carries (`value`: pid, startTime, error). */
function toStartProgramResult(a: WtsRemoteAnswer): StartProgramResult {
  const v = (typeof a.value === 'object' && a.value !== null ? a.value : {}) as Record<string, unknown>;
  const out: StartProgramResult = { status: a.status };
  if (typeof v['pid'] === 'number') out.pid = v['pid'];
  if (typeof v['startTime'] === 'string') out.startTime = v['startTime'];
  if (typeof v['error'] === 'string') out.error = v['error'];
  return out;
}
