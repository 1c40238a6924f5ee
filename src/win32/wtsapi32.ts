/**
 * The WTS functions of the Win32-shaped API (spec D10, §2.15–2.22; acceptance tests 67–93), over
 * `system.wts`. Parameters are in Windows order; out-parameters are `Ref<T>` or `null`; BOOL is
 * `boolean`; every function sets the caller context's last error (0 on success).
 *
 * - Server handles: WTS_CURRENT_SERVER_HANDLE (0), or a handle from WTSOpenServer[Ex][A|W] of this
 *   host's name (its computer or host name, case-insensitive; '', null, 'localhost' and '.' too)
 *   or of another session host of the cluster (`system.wts.on(name)`: reads from the shared store,
 *   actions forwarded to the owner). WTSOpenServer answers from the hosts known at the last
 *   heartbeat or listing (WTSEnumerateServers refreshes them); any other name gives 0 with
 *   RPC_S_SERVER_UNAVAILABLE (1722), as does any call on a host that is unknown or down (except
 *   reads, which show its sessions as WTSDown). A closed or unknown handle gives ERROR_INVALID_HANDLE (6).
 * - WTS_CURRENT_SESSION is the session of the caller's token (0 for the kernel-mode context).
 * - Errors (D7): no such session 7022 (2 from WTSQueryUserToken), no permission 5, a caller
 *   context whose token handle was closed 5.
 * - Buffers are garbage-collected: WTSFreeMemory does nothing, WTSFreeMemoryEx checks its class.
 */
import type { Caller } from '../kernel/caller.ts';
import { LsaNtStatusToWinError, STATUS_CTX_WINSTATION_NOT_FOUND, STATUS_SUCCESS } from '../nt/ntstatus.ts';
import type { SessionRef } from '../wts/session-ref.ts';
import type { WtsServer } from '../wts/wts-server.ts';
import { enter, isRef, listing, toSessionRef } from './_wts-call.ts';
import { toAnsi } from './_wts-structs.ts';
import type { Win32Context } from './context.ts';
import type { Ref } from './ref.ts';
import * as c from './wts-constants.ts';
import { createWtsProcessApi } from './wtsapi32-processes.ts';
import { createWtsSessionApi } from './wtsapi32-sessions.ts';

export type { WTS_PROCESS_INFO, WTS_PROCESS_INFO_EX } from './wtsapi32-processes.ts';
export type { WTS_SESSION_INFO, WTS_SESSION_INFO_1 } from './wtsapi32-sessions.ts';

/** WTS_SERVER_INFOW / WTS_SERVER_INFOA: one session host of the cluster. */
export interface WTS_SERVER_INFO {
  pServerName: string;
}

/** Whether `name` names this host (see the file comment). */
function isLocalName(ctx: Win32Context, name: string | null | undefined): boolean {
  if (name === null || name === undefined) return true;
  if (typeof name !== 'string') return false;
  const n = name.replace(/^\\\\/, '').toLowerCase();
  return (
    n === '' ||
    n === '.' ||
    n === 'localhost' ||
    n === ctx.system.computerName.toLowerCase() ||
    n === ctx.system.host.toLowerCase()
  );
}

/** The WTS functions for one caller context. */
export function createWtsApi(ctx: Win32Context) {
  const { system } = ctx;

  function openServer(pServerName: string | null): number {
    if (isLocalName(ctx, pServerName)) return ctx.ok(ctx.openServer(''));
    if (typeof pServerName !== 'string' || !system.wts.knowsHost(pServerName))
      return ctx.fail(c.RPC_S_SERVER_UNAVAILABLE, 0);
    return ctx.ok(ctx.openServer(pServerName.replace(/^\\\\/, '')));
  }

  async function sessionAction(
    hServer: number,
    SessionId: number,
    act: (at: { caller: Caller; server: WtsServer }, id: SessionRef) => Promise<number>,
  ): Promise<boolean> {
    const at = await enter(ctx, hServer);
    if (typeof at === 'number') return ctx.fail(at, false);
    const status = await act(at, toSessionRef(SessionId));
    return status === STATUS_SUCCESS ? ctx.ok(true) : ctx.fail(LsaNtStatusToWinError(status), false);
  }

  async function enumerateServers(
    ansi: boolean,
    pDomainName: string | null,
    Reserved: number,
    Version: number,
    ppServerInfo: Ref<WTS_SERVER_INFO[]> | null,
    pCount: Ref<number> | null,
  ): Promise<boolean> {
    if (
      (pDomainName !== null && pDomainName !== undefined && typeof pDomainName !== 'string') ||
      Reserved !== 0 ||
      Version !== 1 ||
      !isRef(ppServerInfo) ||
      !isRef(pCount)
    )
      return ctx.fail(c.ERROR_INVALID_PARAMETER, false);
    if ((await ctx.caller()) === undefined) return ctx.fail(c.ERROR_ACCESS_DENIED, false);
    const hosts = await listing(() => system.wts.hosts());
    if ('error' in hosts) return ctx.fail(hosts.error, false);
    ppServerInfo.value = hosts.map((h) => ({ pServerName: ansi ? toAnsi(h.name) : h.name }));
    pCount.value = hosts.length;
    return ctx.ok(true);
  }

  return {
    /** WTSOpenServerW: a handle for this host's name or a host of the cluster; any other name → 0 and 1722. */
    WTSOpenServerW: openServer,
    /** WTSOpenServerA. */
    WTSOpenServerA: openServer,
    /** WTSOpenServerExW (RD Virtualization Hosts are not modelled: the same as WTSOpenServerW). */
    WTSOpenServerExW: openServer,
    /** WTSOpenServerExA. */
    WTSOpenServerExA: openServer,
    /** WTSCloseServer: later calls with the handle fail with 6; WTS_CURRENT_SERVER_HANDLE is ignored. */
    WTSCloseServer(hServer: number): void {
      ctx.servers.delete(hServer);
    },
    /**
     * WTSQueryUserToken (spec §2.19): null → 87; no SeTcb → 1314; no session → 2; nobody logged on →
     * 1008; a new handle (holder `query-user-token`) the caller must close.
     */
    async WTSQueryUserToken(SessionId: number, phToken: Ref<number> | null): Promise<boolean> {
      if (!isRef(phToken)) return ctx.fail(c.ERROR_INVALID_PARAMETER, false);
      const caller = await ctx.caller();
      if (caller === undefined) return ctx.fail(c.ERROR_ACCESS_DENIED, false);
      const r = await system.wts.queryUserToken(caller, toSessionRef(SessionId));
      if (r.handle === undefined) {
        return ctx.fail(
          r.status === STATUS_CTX_WINSTATION_NOT_FOUND
            ? c.ERROR_FILE_NOT_FOUND
            : LsaNtStatusToWinError(r.status),
          false,
        );
      }
      phToken.value = r.handle;
      return ctx.ok(true);
    },
    /** WTSLogoffSession (SEED-3, spec §2.20): bWait true returns once the session is gone. */
    WTSLogoffSession: (hServer: number, SessionId: number, bWait: boolean) =>
      sessionAction(hServer, SessionId, (at, id) =>
        at.server.logoff(at.caller, id, { wait: bWait !== false }),
      ),
    /** WTSDisconnectSession (spec §2.21): the disconnect is complete when it returns, whatever bWait. */
    WTSDisconnectSession: (hServer: number, SessionId: number, _bWait: boolean) =>
      sessionAction(hServer, SessionId, (at, id) => at.server.disconnect(at.caller, id)),
    /**
     * WTSEnumerateServersW: the session hosts of the cluster (every registered host, up or down; this
     * host alone outside cluster mode). pDomainName is not used (no domains are modelled); Reserved 0
     * and Version 1 and non-null out-parameters, else 87.
     */
    WTSEnumerateServersW: (
      d: string | null,
      r: number,
      v: number,
      pp: Ref<WTS_SERVER_INFO[]> | null,
      n: Ref<number> | null,
    ) => enumerateServers(false, d, r, v, pp, n),
    /** WTSEnumerateServersA. */
    WTSEnumerateServersA: (
      d: string | null,
      r: number,
      v: number,
      pp: Ref<WTS_SERVER_INFO[]> | null,
      n: Ref<number> | null,
    ) => enumerateServers(true, d, r, v, pp, n),
    /** WTSGetActiveConsoleSessionId (kernel32): the console's session, 0xFFFFFFFF if none. */
    async WTSGetActiveConsoleSessionId(): Promise<number> {
      const list = await system.wts.listSessions(system.trustedCaller);
      return list.find((s) => s.winStationName === 'Console')?.sessionId ?? 0xffffffff;
    },
    /** WTSFreeMemory: buffers are garbage-collected. */
    WTSFreeMemory(_pMemory: unknown): void {},
    /** WTSFreeMemoryEx (spec §2.22): TRUE for a known WTS_TYPE_CLASS, else FALSE and 87. */
    WTSFreeMemoryEx(WTSTypeClass: number, _pMemory: unknown, _NumberOfEntries: number): boolean {
      if (
        WTSTypeClass !== c.WTSTypeProcessInfoLevel0 &&
        WTSTypeClass !== c.WTSTypeProcessInfoLevel1 &&
        WTSTypeClass !== c.WTSTypeSessionInfoLevel1
      ) {
        return ctx.fail(c.ERROR_INVALID_PARAMETER, false);
      }
      return ctx.ok(true);
    },
    ...createWtsSessionApi(ctx),
    ...createWtsProcessApi(ctx),
  };
}

/** The WTS functions of one caller context. */
export type WtsApi = ReturnType<typeof createWtsApi>;
