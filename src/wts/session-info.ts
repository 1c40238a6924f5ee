/**
 * What `system.wts` tells about a session: every field the WTS info classes of spec §1.8 are
 * made from, in the domain's words. The Win32 layer turns it into WTSINFO and friends.
 */
import type { Luid } from '../nt/luid.ts';
import type { WtsSessionRow } from '../store/rows.ts';
import { connectStateName } from './connect-state.ts';

/** One WTS session as the idiomatic API reports it. Times are epoch ms, `null` for never. */
export interface WtsSessionInfo {
  sessionId: number;
  /** The session's name ("Console", "Services", "RDP-Tcp#3"); empty while disconnected. */
  winStationName: string;
  /** WTS_CONNECTSTATE_CLASS (spec §1.7). */
  state: number;
  /** `WTSActive` … `WTSInit`. */
  stateName: string;
  /** Empty when nobody is logged on (KB307642). */
  userName: string;
  domain: string;
  userSid: string | null;
  /** The user's logon session. */
  logonId: Luid | null;
  /** 0 console, 1 legacy, 2 RDP (MS-WIC). */
  protocolType: number;
  clientName: string;
  /** The client's IP address, or '' when there is none. */
  clientAddress: string;
  clientBuildNumber: number;
  logonTime: number | null;
  connectTime: number | null;
  disconnectTime: number | null;
  lastInputTime: number | null;
  /** The time the information was read. */
  currentTime: number;
  /** Milliseconds since the last input, while a user is logged on. */
  idleMs: number | null;
  host: string;
  /** Whether a logoff or reset is under way. */
  loggingOff: boolean;
  /** Whether it is the caller's current session (the session of the caller's token). */
  current: boolean;
}

function time(ms: number): number | null {
  return ms > 0 ? ms : null;
}

/** The idiomatic view of `row` read at `now`, for a caller whose token is in session `callerSession`. */
export function toSessionInfo(row: WtsSessionRow, now: number, callerSession: number): WtsSessionInfo {
  const user = row.userSid !== null;
  return {
    sessionId: row.sessionId,
    winStationName: row.winStationName,
    state: row.state,
    stateName: connectStateName(row.state),
    userName: row.userName,
    domain: row.domain,
    userSid: row.userSid,
    logonId: row.logonId,
    protocolType: row.protocolType,
    clientName: row.clientName,
    clientAddress: row.clientAddress,
    clientBuildNumber: row.clientBuildNumber,
    logonTime: time(row.logonTime),
    connectTime: time(row.connectTime),
    disconnectTime: time(row.disconnectTime),
    lastInputTime: user ? time(row.lastInputTime) : null,
    currentTime: now,
    idleMs: user ? Math.max(0, now - row.lastInputTime) : null,
    host: row.host,
    loggingOff: row.loggingOff,
    current: row.sessionId === callerSession,
  };
}
