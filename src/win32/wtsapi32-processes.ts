/**
 * WTSEnumerateProcesses[Ex][A|W] of the Win32-shaped API (spec §4.7 tests 84–86): every program of
 * the host's sessions and logond's own process (session 0), pUserSid null for sessions the caller
 * may not query. Level 1 (WTS_PROCESS_INFO_EX) reports zero counters: logond does not read them.
 */
import { LsaNtStatusToWinError } from '../nt/ntstatus.ts';
import type { WtsProcessInfo } from '../wts/session-queries.ts';
import { enter, isRef, toSessionRef } from './_wts-call.ts';
import { toAnsi } from './_wts-structs.ts';
import type { Win32Context } from './context.ts';
import type { Ref } from './ref.ts';
import * as c from './wts-constants.ts';

/** WTS_PROCESS_INFOW / WTS_PROCESS_INFOA. */
export interface WTS_PROCESS_INFO {
  SessionId: number;
  ProcessId: number;
  pProcessName: string;
  pUserSid: string | null;
}

/** WTS_PROCESS_INFO_EXW / _EXA. */
export interface WTS_PROCESS_INFO_EX extends WTS_PROCESS_INFO {
  NumberOfThreads: number;
  HandleCount: number;
  PagefileUsage: number;
  PeakPagefileUsage: number;
  WorkingSetSize: number;
  PeakWorkingSetSize: number;
  UserTime: bigint;
  KernelTime: bigint;
}

function baseName(program: string): string {
  return program.slice(program.lastIndexOf('/') + 1);
}

function toInfo(p: WtsProcessInfo, ansi: boolean): WTS_PROCESS_INFO {
  const name = baseName(p.program);
  return {
    SessionId: p.sessionId,
    ProcessId: p.pid,
    pProcessName: ansi ? toAnsi(name) : name,
    pUserSid: p.userSid,
  };
}

function toInfoEx(p: WtsProcessInfo, ansi: boolean): WTS_PROCESS_INFO_EX {
  return {
    ...toInfo(p, ansi),
    NumberOfThreads: 0,
    HandleCount: 0,
    PagefileUsage: 0,
    PeakPagefileUsage: 0,
    WorkingSetSize: 0,
    PeakWorkingSetSize: 0,
    UserTime: 0n,
    KernelTime: 0n,
  };
}

/** The process functions for one caller context. */
export function createWtsProcessApi(ctx: Win32Context) {
  async function enumerate(
    ansi: boolean,
    hServer: number,
    Reserved: number,
    Version: number,
    ppProcessInfo: Ref<WTS_PROCESS_INFO[]> | null,
    pCount: Ref<number> | null,
  ): Promise<boolean> {
    if (Reserved !== 0 || Version !== 1 || !isRef(ppProcessInfo) || !isRef(pCount))
      return ctx.fail(c.ERROR_INVALID_PARAMETER, false);
    const at = await enter(ctx, hServer);
    if (typeof at === 'number') return ctx.fail(at, false);
    const r = await at.server.listProcesses(at.caller);
    if (r.processes === undefined) return ctx.fail(LsaNtStatusToWinError(r.status), false);
    const list = r.processes ?? [];
    ppProcessInfo.value = list.map((p) => toInfo(p, ansi));
    pCount.value = list.length;
    return ctx.ok(true);
  }

  async function enumerateEx(
    ansi: boolean,
    hServer: number,
    pLevel: Ref<number> | null,
    SessionId: number,
    ppProcessInfo: Ref<(WTS_PROCESS_INFO | WTS_PROCESS_INFO_EX)[]> | null,
    pCount: Ref<number> | null,
  ): Promise<boolean> {
    if (!isRef(ppProcessInfo) || !isRef(pCount) || !isRef(pLevel))
      return ctx.fail(c.ERROR_INVALID_PARAMETER, false);
    const level = pLevel.value;
    if (level !== 0 && level !== 1) return ctx.fail(c.ERROR_INVALID_PARAMETER, false);
    const at = await enter(ctx, hServer);
    if (typeof at === 'number') return ctx.fail(at, false);
    const any = SessionId >>> 0 === c.WTS_ANY_SESSION;
    const r = await at.server.listProcesses(at.caller, any ? {} : { sessionId: toSessionRef(SessionId) });
    if (r.processes === undefined) return ctx.fail(LsaNtStatusToWinError(r.status), false);
    ppProcessInfo.value = r.processes.map((p) => (level === 1 ? toInfoEx(p, ansi) : toInfo(p, ansi)));
    pCount.value = r.processes.length;
    return ctx.ok(true);
  }

  return {
    /** WTSEnumerateProcessesW: Reserved 0 and Version 1, non-null out-parameters, else 87. */
    WTSEnumerateProcessesW: (
      h: number,
      r: number,
      v: number,
      pp: Ref<WTS_PROCESS_INFO[]> | null,
      n: Ref<number> | null,
    ) => enumerate(false, h, r, v, pp, n),
    /** WTSEnumerateProcessesA. */
    WTSEnumerateProcessesA: (
      h: number,
      r: number,
      v: number,
      pp: Ref<WTS_PROCESS_INFO[]> | null,
      n: Ref<number> | null,
    ) => enumerate(true, h, r, v, pp, n),
    /**
     * WTSEnumerateProcessesExW: level 0 (WTS_PROCESS_INFO) or 1 (WTS_PROCESS_INFO_EX); SessionId a
     * session, WTS_CURRENT_SESSION or WTS_ANY_SESSION. A null out-parameter → 87, the other untouched.
     */
    WTSEnumerateProcessesExW: (
      h: number,
      l: Ref<number> | null,
      id: number,
      pp: Ref<(WTS_PROCESS_INFO | WTS_PROCESS_INFO_EX)[]> | null,
      n: Ref<number> | null,
    ) => enumerateEx(false, h, l, id, pp, n),
    /** WTSEnumerateProcessesExA. */
    WTSEnumerateProcessesExA: (
      h: number,
      l: Ref<number> | null,
      id: number,
      pp: Ref<(WTS_PROCESS_INFO | WTS_PROCESS_INFO_EX)[]> | null,
      n: Ref<number> | null,
    ) => enumerateEx(true, h, l, id, pp, n),
  };
}
