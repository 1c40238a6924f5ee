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
