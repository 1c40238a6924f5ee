/**
 * WTSEnumerateSessions[Ex][A|W] and WTSQuerySessionInformation[A|W] of the Win32-shaped API
 * (spec §2.16–2.18; tests 67–76, 80–83). Conventions as in `wtsapi32.ts`.
 */
import { LsaNtStatusToWinError } from '../nt/ntstatus.ts';
import { enter, isRef, listing, toSessionRef } from './_wts-call.ts';
import { infoClassError, toInfoAnswer } from './_wts-info.ts';
import { toAnsi } from './_wts-structs.ts';
import type { Win32Context } from './context.ts';
import type { Ref } from './ref.ts';
import * as c from './wts-constants.ts';

/** WTS_SESSION_INFOW / WTS_SESSION_INFOA. */
export interface WTS_SESSION_INFO {
  SessionId: number;
  pWinStationName: string;
  State: number;
}

/** WTS_SESSION_INFO_1W / _1A (MS-WESX): user and domain null when nobody is logged on. */
export interface WTS_SESSION_INFO_1 {
  ExecEnvId: number;
  State: number;
  SessionId: number;
  pSessionName: string;
  pHostName: string | null;
  pUserName: string | null;
  pDomainName: string | null;
  pFarmName: string | null;
}

/** The session enumeration and query functions for one caller context. */
export function createWtsSessionApi(ctx: Win32Context) {
  async function enumerateSessions(
    ansi: boolean,
    hServer: number,
    Reserved: number,
    Version: number,
    ppSessionInfo: Ref<WTS_SESSION_INFO[]> | null,
    pCount: Ref<number> | null,
  ): Promise<boolean> {
    if (Reserved !== 0 || Version !== 1 || !isRef(ppSessionInfo) || !isRef(pCount))
      return ctx.fail(c.ERROR_INVALID_PARAMETER, false);
    const at = await enter(ctx, hServer);
    if (typeof at === 'number') return ctx.fail(at, false);
    const list = await listing(() => at.server.listSessions(at.caller));
    if ('error' in list) return ctx.fail(list.error, false);
    ppSessionInfo.value = list.map((s) => ({
      SessionId: s.sessionId,
      pWinStationName: ansi ? toAnsi(s.winStationName) : s.winStationName,
      State: s.state,
    }));
    pCount.value = list.length;
    return ctx.ok(true);
  }

  async function enumerateSessionsEx(
    ansi: boolean,
    hServer: number,
    pLevel: Ref<number> | null,
    Filter: number,
    ppSessionInfo: Ref<WTS_SESSION_INFO_1[]> | null,
    pCount: Ref<number> | null,
  ): Promise<boolean> {
    if (!isRef(pLevel) || pLevel.value !== 1 || Filter !== 0 || !isRef(ppSessionInfo) || !isRef(pCount))
      return ctx.fail(c.ERROR_INVALID_PARAMETER, false);
    const at = await enter(ctx, hServer);
    if (typeof at === 'number') return ctx.fail(at, false);
    const str = (s: string) => (ansi ? toAnsi(s) : s);
    const list = await listing(() => at.server.listSessions(at.caller));
    if ('error' in list) return ctx.fail(list.error, false);
    ppSessionInfo.value = list.map((s) => ({
      ExecEnvId: s.sessionId,
      State: s.state,
      SessionId: s.sessionId,
      pSessionName: str(s.winStationName),
      pHostName: null,
      pUserName: s.userSid === null ? null : str(s.userName),
      pDomainName: s.userSid === null ? null : str(s.domain),
      pFarmName: null,
    }));
    pCount.value = list.length;
    return ctx.ok(true);
  }

  async function querySessionInformation(
    ansi: boolean,
    hServer: number,
    SessionId: number,
    WTSInfoClass: number,
    ppBuffer: Ref<unknown> | null,
    pBytesReturned: Ref<number> | null,
  ): Promise<boolean> {
    if (!isRef(ppBuffer) || !isRef(pBytesReturned)) return ctx.fail(c.ERROR_INVALID_USER_BUFFER, false);
    const at = await enter(ctx, hServer);
    if (typeof at === 'number') return ctx.fail(at, false);
    const classError = infoClassError(WTSInfoClass, hServer);
    if (classError !== undefined) return ctx.fail(classError, false);
    const r = await at.server.getSession(at.caller, toSessionRef(SessionId));
    if (r.session === undefined) return ctx.fail(LsaNtStatusToWinError(r.status), false);
    const answer = toInfoAnswer(r.session, WTSInfoClass, ansi);
    if ('error' in answer) return ctx.fail(answer.error, false);
    ppBuffer.value = answer.value;
    pBytesReturned.value = answer.bytes;
    return ctx.ok(true);
  }

  return {
    /** WTSEnumerateSessionsW (spec §2.16): Reserved 0 and Version 1, else 87; only sessions with Query. */
    WTSEnumerateSessionsW: (
      h: number,
      r: number,
      v: number,
      pp: Ref<WTS_SESSION_INFO[]> | null,
      n: Ref<number> | null,
    ) => enumerateSessions(false, h, r, v, pp, n),
    /** WTSEnumerateSessionsA. */
    WTSEnumerateSessionsA: (
      h: number,
      r: number,
      v: number,
      pp: Ref<WTS_SESSION_INFO[]> | null,
      n: Ref<number> | null,
    ) => enumerateSessions(true, h, r, v, pp, n),
    /** WTSEnumerateSessionsExW (spec §2.17): level 1 (left as is) and filter 0, else 87. */
    WTSEnumerateSessionsExW: (
      h: number,
      l: Ref<number> | null,
      f: number,
      pp: Ref<WTS_SESSION_INFO_1[]> | null,
      n: Ref<number> | null,
    ) => enumerateSessionsEx(false, h, l, f, pp, n),
    /** WTSEnumerateSessionsExA. */
    WTSEnumerateSessionsExA: (
      h: number,
      l: Ref<number> | null,
      f: number,
      pp: Ref<WTS_SESSION_INFO_1[]> | null,
      n: Ref<number> | null,
    ) => enumerateSessionsEx(true, h, l, f, pp, n),
    /** WTSQuerySessionInformationW (spec §2.18): null buffer or byte-count pointer → 1784, count untouched. */
    WTSQuerySessionInformationW: (
      h: number,
      id: number,
      cls: number,
      pp: Ref<unknown> | null,
      n: Ref<number> | null,
    ) => querySessionInformation(false, h, id, cls, pp, n),
    /** WTSQuerySessionInformationA: ANSI strings, byte counts without the W doubling. */
    WTSQuerySessionInformationA: (
      h: number,
      id: number,
      cls: number,
      pp: Ref<unknown> | null,
      n: Ref<number> | null,
    ) => querySessionInformation(true, h, id, cls, pp, n),
  };
}
