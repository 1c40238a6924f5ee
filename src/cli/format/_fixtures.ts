/**
 * Sample API answers for the formatting tests, shaped as docs/http-api.md defines them.
 */
import type { WtsSession } from '../../client/types.ts';

/** A WTS session with every field, overridable. */
export function wtsSession(over: Partial<WtsSession>): WtsSession {
  return {
    sessionId: 0,
    winStationName: '',
    state: 0,
    stateName: 'WTSActive',
    userName: '',
    domain: '',
    userSid: null,
    logonId: null,
    clientName: '',
    clientAddress: '',
    clientBuildNumber: 0,
    protocolType: 0,
    logonTime: null,
    connectTime: null,
    disconnectTime: null,
    lastInputTime: null,
    currentTime: '2025-05-30T09:20:00.000Z',
    idleMs: null,
    host: 'HOST',
    loggingOff: false,
    current: false,
    ...over,
  };
}

/** The sessions of a host with services, console, one RDP user and a listener. */
export const HOST_SESSIONS: WtsSession[] = [
  wtsSession({ sessionId: 0, winStationName: 'Services', state: 4, stateName: 'WTSDisconnected' }),
  wtsSession({ sessionId: 1, winStationName: 'Console', state: 1, stateName: 'WTSConnected' }),
  wtsSession({
    sessionId: 2,
    winStationName: 'RDP-Tcp#2',
    state: 0,
    userName: 'alice',
    domain: 'HOST',
    protocolType: 2,
    logonTime: '2025-05-30T09:14:02.000Z',
    idleMs: 5_000,
    current: true,
  }),
  wtsSession({
    sessionId: 3,
    winStationName: 'RDP-Tcp#3',
    state: 4,
    stateName: 'WTSDisconnected',
    userName: 'Bob',
    protocolType: 2,
    logonTime: '2025-05-29T16:00:00.000Z',
    idleMs: 65 * 60_000,
  }),
  wtsSession({
    sessionId: 65536,
    winStationName: 'RDP-Tcp',
    state: 6,
    stateName: 'WTSListen',
    protocolType: 2,
  }),
];
