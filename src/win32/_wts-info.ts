/**
 * WTSQuerySessionInformation's answer for each WTS_INFO_CLASS (spec §1.8, §2.18): the value put
 * in the buffer and the byte count (A and W). Strings: W (characters + 1) × 2, A characters + 1;
 * ULONGs 4; USHORTs 2; structures their x64 size (`wts-structs.ts`).
 */
import type { WtsSessionInfo } from '../wts/session-info.ts';
import {
  toAnsi,
  toClientAddress,
  toWtsClient,
  toWtsConfigInfo,
  toWtsInfo,
  toWtsInfoEx,
} from './_wts-structs.ts';
import * as c from './wts-constants.ts';
import { SIZEOF, type WTS_CLIENT_DISPLAY } from './wts-structs.ts';

/** A class's answer: a value and its size, or the Win32 error the call fails with. */
export type InfoAnswer = { value: unknown; bytes: number } | { error: number };

/** Classes with no answer of their own: 17–22 ("use WTSSessionInfo"), validation info, virtual IP. */
const NOT_SUPPORTED = new Set([
  c.WTSIdleTime,
  c.WTSLogonTime,
  c.WTSIncomingBytes,
  c.WTSOutgoingBytes,
  c.WTSIncomingFrames,
  c.WTSOutgoingFrames,
  c.WTSValidationInfo,
  c.WTSSessionAddressV4,
]);

/** The error a class fails with before the session is looked at, if any (50 or 87). */
export function infoClassError(infoClass: number, hServer: number): number | undefined {
  if (!Number.isInteger(infoClass) || infoClass < c.WTSInitialProgram || infoClass > c.WTSIsRemoteSession)
    return c.ERROR_INVALID_PARAMETER;
  if (NOT_SUPPORTED.has(infoClass)) return c.ERROR_NOT_SUPPORTED;
  // WTSIsRemoteSession "only with WTS_CURRENT_SERVER_HANDLE" (MS-WIC).
  if (infoClass === c.WTSIsRemoteSession && hServer !== c.WTS_CURRENT_SERVER_HANDLE)
    return c.ERROR_INVALID_PARAMETER;
  return undefined;
}

function text(value: string, ansi: boolean): InfoAnswer {
  return ansi ? { value: toAnsi(value), bytes: value.length + 1 } : { value, bytes: (value.length + 1) * 2 };
}

/** The answer for `infoClass` about session `s` (the class passed `infoClassError`). */
export function toInfoAnswer(s: WtsSessionInfo, infoClass: number, ansi: boolean): InfoAnswer {
  const size = (w: number, a: number) => (ansi ? a : w);
  switch (infoClass) {
    case c.WTSInitialProgram:
    case c.WTSApplicationName:
    case c.WTSWorkingDirectory:
    case c.WTSOEMId:
    case c.WTSClientDirectory:
      return text('', ansi);
    case c.WTSSessionId:
      return { value: s.sessionId, bytes: 4 };
    case c.WTSUserName:
      return text(s.userName, ansi);
    case c.WTSWinStationName:
      return text(s.winStationName, ansi);
    case c.WTSDomainName:
      return text(s.domain, ansi);
    case c.WTSConnectState:
      return { value: s.state, bytes: 4 };
    case c.WTSClientBuildNumber:
      return { value: s.clientBuildNumber, bytes: 4 };
    case c.WTSClientName:
      return text(s.clientName, ansi);
    case c.WTSClientProductId:
      return { value: 0, bytes: 2 };
    case c.WTSClientHardwareId:
      return { value: 0, bytes: 4 };
    case c.WTSClientAddress:
      return { value: toClientAddress(s), bytes: SIZEOF.WTS_CLIENT_ADDRESS };
    case c.WTSClientDisplay: {
      const display: WTS_CLIENT_DISPLAY = { HorizontalResolution: 0, VerticalResolution: 0, ColorDepth: 0 };
      return { value: display, bytes: SIZEOF.WTS_CLIENT_DISPLAY };
    }
    case c.WTSClientProtocolType:
      return { value: s.protocolType, bytes: 2 };
    case c.WTSClientInfo:
      return { value: toWtsClient(s, ansi), bytes: size(SIZEOF.WTSCLIENTW, SIZEOF.WTSCLIENTA) };
    case c.WTSSessionInfo:
      return { value: toWtsInfo(s, ansi), bytes: size(SIZEOF.WTSINFOW, SIZEOF.WTSINFOA) };
    case c.WTSSessionInfoEx:
      return { value: toWtsInfoEx(s, ansi), bytes: size(SIZEOF.WTSINFOEXW, SIZEOF.WTSINFOEXA) };
    case c.WTSConfigInfo:
      return { value: toWtsConfigInfo(s, ansi), bytes: size(SIZEOF.WTSCONFIGINFOW, SIZEOF.WTSCONFIGINFOA) };
    case c.WTSIsRemoteSession:
      return { value: s.protocolType === c.WTS_PROTOCOL_TYPE_RDP, bytes: 4 };
    default:
      return { error: c.ERROR_INVALID_PARAMETER };
  }
}
