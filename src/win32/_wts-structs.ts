/** Builders of the WTS structures (types and sizes in `wts-structs.ts`) from the idiomatic session view. */
import { toFileTime } from '../lsa/logon-session-data.ts';
import { toAddressBytes } from '../wts/client-address.ts';
import type { WtsSessionInfo } from '../wts/session-info.ts';
import type { WTS_CLIENT_ADDRESS, WTSCLIENT, WTSCONFIGINFO, WTSINFO, WTSINFOEX } from './wts-structs.ts';

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
