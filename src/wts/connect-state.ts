/**
 * WTS_CONNECTSTATE_CLASS (spec §1.7, MS-WCS; values from SDK-WTS and MS-TSTS) and the transitions
 * logond makes between the states:
 *
 * | state | reached by |
 * |---|---|
 * | WTSInit (9) | a session being created: `connect()`'s first step; the listener at host start |
 * | WTSConnectQuery (2) | `connect()` negotiating with the client |
 * | WTSConnected (1) | a client with nobody logged on: the console at rest, a remote session after `connect()` |
 * | WTSActive (0) | logon, reconnect, the end of shadowing |
 * | WTSShadow (3) | the shadowing session while `shadow()` runs |
 * | WTSDisconnected (4) | disconnect, a lost client, fast user switching; session 0 always (KB307642) |
 * | WTSIdle (5) | a remote session with nobody logged on whose client went away, waiting for the next one |
 * | WTSListen (6) | the RDP-Tcp listener |
 * | WTSReset (7) | a session being logged off or reset, until it is deleted (spec §3.2 step 5) |
 * | WTSDown (8) | a session found broken at start: creation interrupted, or its user token gone |
 */

export const WTSActive = 0;
export const WTSConnected = 1;
export const WTSConnectQuery = 2;
export const WTSShadow = 3;
export const WTSDisconnected = 4;
export const WTSIdle = 5;
export const WTSListen = 6;
export const WTSReset = 7;
export const WTSDown = 8;
export const WTSInit = 9;

/** The SDK names of the states, by value (`WTSActive` … `WTSInit`). */
export const CONNECT_STATE_NAMES: readonly string[] = Object.freeze([
  'WTSActive',
  'WTSConnected',
  'WTSConnectQuery',
  'WTSShadow',
  'WTSDisconnected',
  'WTSIdle',
  'WTSListen',
  'WTSReset',
  'WTSDown',
  'WTSInit',
]);

/** The words `query session` prints in its STATE column (MS-CLI), by value. */
export const CONNECT_STATE_LABELS: readonly string[] = Object.freeze([
  'Active',
  'Conn',
  'ConnQ',
  'Shadow',
  'Disc',
  'Idle',
  'Listen',
  'Reset',
  'Down',
  'Init',
]);

/** Whether `value` is a WTS_CONNECTSTATE_CLASS value (0…9). */
export function isConnectState(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= WTSActive && value <= WTSInit;
}

/** The SDK name of a state (`WTSDisconnected`), or `unknown (n)`. */
export function connectStateName(state: number): string {
  return CONNECT_STATE_NAMES[state] ?? `unknown (${state})`;
}
