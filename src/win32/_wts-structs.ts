/**
 * The structures WTSQuerySessionInformation returns (SDK-WTS), as plain objects, and their sizes
 * on x64 Windows (the byte counts of spec §2.18). Sizes were computed from the SDK declarations
 * with the x64 layout rules (natural alignment, LARGE_INTEGER 8-aligned, WCHAR 2 bytes):
 *
 * | structure | W | A |
 * |---|---|---|
 * | WTSINFO | 216 | 144 |
 * | WTSCLIENT | 2304 | 1200 |
 * | WTSINFOEX (level 1) | 232 | 160 |
 * | WTSCONFIGINFO | 1668 | 848 |
 * | WTS_CLIENT_ADDRESS | 24 | 24 |
 * | WTS_CLIENT_DISPLAY | 12 | 12 |
 *
 * Strings are JS strings cut to their array's length minus the terminating NUL; the A forms hold
 * ANSI text (characters outside Latin-1 become '?'). Times are FILETIMEs (bigint), 0n for never.
 */
import { toFileTime } from '../lsa/logon-session-data.ts';
import { toAddressBytes } from '../wts/client-address.ts';
import type { WtsSessionInfo } from '../wts/session-info.ts';

export const SIZEOF = {
  WTSINFOW: 216,
  WTSINFOA: 144,
  WTSCLIENTW: 2304,
  WTSCLIENTA: 1200,
  WTSINFOEXW: 232,
  WTSINFOEXA: 160,
  WTSCONFIGINFOW: 1668,
  WTSCONFIGINFOA: 848,
  WTS_CLIENT_ADDRESS: 24,
  WTS_CLIENT_DISPLAY: 12,
} as const;

/** WTSINFOW / WTSINFOA. */
export interface WTSINFO {
  State: number;
  SessionId: number;
  IncomingBytes: number;
  OutgoingBytes: number;
  IncomingFrames: number;
  OutgoingFrames: number;
  IncomingCompressedBytes: number;
  OutgoingCompressedBytes: number;
  WinStationName: string;
  Domain: string;
  UserName: string;
  ConnectTime: bigint;
  DisconnectTime: bigint;
  LastInputTime: bigint;
  LogonTime: bigint;
  CurrentTime: bigint;
}

/** WTS_CLIENT_ADDRESS: IPv4 bytes start at Address[2] (MS-WIC), IPv6 bytes likewise. */
export interface WTS_CLIENT_ADDRESS {
  AddressFamily: number;
  Address: number[];
}

/** WTS_CLIENT_DISPLAY: zeros, as logond knows no client display. */
export interface WTS_CLIENT_DISPLAY {
  HorizontalResolution: number;
  VerticalResolution: number;
  ColorDepth: number;
}

/** WTSCLIENTW / WTSCLIENTA. */
export interface WTSCLIENT {
  ClientName: string;
  Domain: string;
  UserName: string;
  WorkDirectory: string;
  InitialProgram: string;
  EncryptionLevel: number;
  ClientAddressFamily: number;
  /** USHORT[31]: the address as text, one character per element. */
  ClientAddress: number[];
  HRes: number;
  VRes: number;
  ColorDepth: number;
  ClientDirectory: string;
  ClientBuildNumber: number;
  ClientHardwareId: number;
  ClientProductId: number;
  OutBufCountHost: number;
  OutBufCountClient: number;
  OutBufLength: number;
  DeviceId: string;
}

/** WTSINFOEX_LEVEL1_W / _A. */
export interface WTSINFOEX_LEVEL1 {
  SessionId: number;
  SessionState: number;
  SessionFlags: number;
  WinStationName: string;
  UserName: string;
  DomainName: string;
  LogonTime: bigint;
  ConnectTime: bigint;
  DisconnectTime: bigint;
  LastInputTime: bigint;
  CurrentTime: bigint;
  IncomingBytes: number;
  OutgoingBytes: number;
  IncomingFrames: number;
  OutgoingFrames: number;
  IncomingCompressedBytes: number;
  OutgoingCompressedBytes: number;
}

/** WTSINFOEXW / WTSINFOEXA: Level is always 1. */
export interface WTSINFOEX {
  Level: number;
  Data: { WTSInfoExLevel1: WTSINFOEX_LEVEL1 };
}

/** WTSCONFIGINFOW / WTSCONFIGINFOA. */
export interface WTSCONFIGINFO {
  version: number;
  fConnectClientDrivesAtLogon: number;
  fConnectPrinterAtLogon: number;
  fDisablePrinterRedirection: number;
  fDisableDefaultMainClientPrinter: number;
  ShadowSettings: number;
  LogonUserName: string;
  LogonDomain: string;
  WorkDirectory: string;
  InitialProgram: string;
  ApplicationName: string;
}

/** The ANSI form of a string: characters outside Latin-1 become '?'. */
export function toAnsi(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the range is the point
  return text.replace(/[^\u0000-\u00ff]/g, '?');
}

/** A string as a fixed array of `length` characters holds it (room for the NUL). */
function fit(text: string, length: number, ansi: boolean): string {
  const s = ansi ? toAnsi(text) : text;
  return s.length < length ? s : s.slice(0, length - 1);
}

function ft(ms: number | null): bigint {
  return ms === null ? 0n : toFileTime(ms);
}

/** WTSINFO of a session. */
export function toWtsInfo(s: WtsSessionInfo, ansi: boolean): WTSINFO {
  return {
    State: s.state,
    SessionId: s.sessionId,
    IncomingBytes: 0,
    OutgoingBytes: 0,
    IncomingFrames: 0,
    OutgoingFrames: 0,
    IncomingCompressedBytes: 0,
    OutgoingCompressedBytes: 0,
    WinStationName: fit(s.winStationName, 32, ansi),
    Domain: fit(s.domain, 17, ansi),
    UserName: fit(s.userName, 21, ansi),
    ConnectTime: ft(s.connectTime),
    DisconnectTime: ft(s.disconnectTime),
    LastInputTime: ft(s.lastInputTime),
    LogonTime: ft(s.logonTime),
    CurrentTime: ft(s.currentTime),
  };
}

/** WTS_CLIENT_ADDRESS of a session (AF_UNSPEC and zeros without a client address). */
export function toClientAddress(s: WtsSessionInfo): WTS_CLIENT_ADDRESS {
  const { family, bytes } = toAddressBytes(s.clientAddress);
  const Address = Array<number>(20).fill(0);
  bytes.forEach((b, i) => {
    Address[2 + i] = b;
  });
  return { AddressFamily: family, Address };
}

/** WTSCLIENT of a session. */
export function toWtsClient(s: WtsSessionInfo, ansi: boolean): WTSCLIENT {
  const address = [...s.clientAddress.slice(0, 30)].map((c) => c.charCodeAt(0));
  return {
    ClientName: fit(s.clientName, 21, ansi),
    Domain: fit(s.domain, 18, ansi),
    UserName: fit(s.userName, 21, ansi),
    WorkDirectory: '',
    InitialProgram: '',
    EncryptionLevel: 0,
    ClientAddressFamily: toAddressBytes(s.clientAddress).family,
    ClientAddress: [...address, ...Array<number>(31 - address.length).fill(0)],
    HRes: 0,
    VRes: 0,
    ColorDepth: 0,
    ClientDirectory: '',
    ClientBuildNumber: s.clientBuildNumber,
    ClientHardwareId: 0,
    ClientProductId: 0,
    OutBufCountHost: 0,
    OutBufCountClient: 0,
    OutBufLength: 0,
    DeviceId: '',
  };
}

/** WTSINFOEX (level 1) of a session; SessionFlags is UNKNOWN as logond does not model locking. */
export function toWtsInfoEx(s: WtsSessionInfo, ansi: boolean): WTSINFOEX {
  return {
    Level: 1,
    Data: {
      WTSInfoExLevel1: {
        SessionId: s.sessionId,
        SessionState: s.state,
        SessionFlags: 0xffffffff,
        WinStationName: fit(s.winStationName, 33, ansi),
        UserName: fit(s.userName, 21, ansi),
        DomainName: fit(s.domain, 18, ansi),
        LogonTime: ft(s.logonTime),
        ConnectTime: ft(s.connectTime),
        DisconnectTime: ft(s.disconnectTime),
        LastInputTime: ft(s.lastInputTime),
        CurrentTime: ft(s.currentTime),
        IncomingBytes: 0,
        OutgoingBytes: 0,
        IncomingFrames: 0,
        OutgoingFrames: 0,
        IncomingCompressedBytes: 0,
        OutgoingCompressedBytes: 0,
      },
    },
  };
}

/** WTSCONFIGINFO of a session: no redirection, no initial program. */
export function toWtsConfigInfo(s: WtsSessionInfo, ansi: boolean): WTSCONFIGINFO {
  return {
    version: 1,
    fConnectClientDrivesAtLogon: 0,
    fConnectPrinterAtLogon: 0,
    fDisablePrinterRedirection: 1,
    fDisableDefaultMainClientPrinter: 1,
    ShadowSettings: 0,
    LogonUserName: fit(s.userName, 21, ansi),
    LogonDomain: fit(s.domain, 18, ansi),
    WorkDirectory: '',
    InitialProgram: '',
    ApplicationName: '',
  };
}
