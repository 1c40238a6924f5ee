/**
 * The stations a session can be attached to (spec §1.7): the console, shown by exactly one
 * session at a time, and RDP-Tcp connections, each named `RDP-Tcp#N` with N counting connections
 * on the host. A disconnected session is attached to none and has an empty name, as `query
 * session` shows it.
 */
import type { WtsSessionRow } from '../store/rows.ts';
import type { Tx } from '../store/store.ts';
import { WTSConnected } from './connect-state.ts';
import { appendSessionEvent, WTS_CONSOLE_CONNECT, WTS_SESSION_CREATE } from './session-notification.ts';
import {
  CONSOLE_STATION,
  createSessionRow,
  FIRST_CONSOLE_SESSION_ID,
  lowestFreeSessionId,
  PROTOCOL_CONSOLE,
  RDP_STATION,
} from './session-row.ts';

/** The station a logon or connection asks for: the console, or the RDP-Tcp listener. */
export type Station = 'console' | 'rdp';

/** Parses a station name ("Console", "RDP-Tcp", case-insensitive); undefined for any other. */
export function parseStation(name: string): Station | undefined {
  const lower = name.toLowerCase();
  if (lower === CONSOLE_STATION.toLowerCase()) return 'console';
  if (lower === RDP_STATION.toLowerCase()) return 'rdp';
  return undefined;
}

/** Whether the session is the one the console shows. */
export function isConsoleSession(row: WtsSessionRow): boolean {
  return row.winStationName === CONSOLE_STATION;
}

/** Whether the session is attached to an RDP connection. */
export function isRemoteConnection(row: WtsSessionRow): boolean {
  return row.winStationName.startsWith(`${RDP_STATION}#`);
}

/** The name of the next RDP connection on `host`: `RDP-Tcp#N`, N counting up from 0 (a meta row). */
export function nextConnectionName(tx: Tx, host: string): string {
  const name = `wts.connections/${host}`;
  const n = Number(tx.get('meta', name)?.value ?? 0);
  tx.put('meta', { name, value: n + 1 });
  return `${RDP_STATION}#${n}`;
}

/**
 * Creates a fresh console session with nobody logged on (D9, Q12): the lowest free id >= 1 other
 * than `exclude` (the session it replaces, deleted in the same transaction) and the `reserved`
 * ids; state WTSConnected; notifications SESSION_CREATE then CONSOLE_CONNECT.
 */
export function createConsoleSession(
  tx: Tx,
  host: string,
  now: number,
  reserved: ReadonlySet<number>,
  exclude?: number,
): WtsSessionRow {
  const sessionId = lowestFreeSessionId(tx, host, FIRST_CONSOLE_SESSION_ID, reserved, exclude);
  const row = createSessionRow({
    host,
    sessionId,
    winStationName: CONSOLE_STATION,
    state: WTSConnected,
    protocolType: PROTOCOL_CONSOLE,
    now,
  });
  tx.put('wtsSessions', row);
  appendSessionEvent(tx, WTS_SESSION_CREATE, row, now);
  appendSessionEvent(tx, WTS_CONSOLE_CONNECT, row, now);
  return row;
}
