/**
 * Attaching a session to a station and detaching it (spec §2.21, D9): the transitions of
 * disconnect, reconnect and fast user switching, with their notifications. The console always
 * shows exactly one session: detaching the console's session puts a fresh console session (nobody
 * logged on) in its place, and attaching a session to the console ends or detaches the one there.
 */
import type { WtsSessionRow } from '../store/rows.ts';
import type { Tx } from '../store/store.ts';
import { WTSActive, WTSDisconnected, WTSShadow } from './connect-state.ts';
import {
  appendSessionEvent,
  WTS_CONSOLE_CONNECT,
  WTS_CONSOLE_DISCONNECT,
  WTS_REMOTE_CONNECT,
  WTS_REMOTE_DISCONNECT,
  WTS_SESSION_TERMINATE,
} from './session-notification.ts';
import {
  CONSOLE_STATION,
  consoleOf,
  hasUser,
  PROTOCOL_CONSOLE,
  PROTOCOL_RDP,
  type SessionClient,
} from './session-row.ts';
import { createConsoleSession, isConsoleSession, nextConnectionName, type Station } from './stations.ts';

/** Where the change happens: the host, the time, the ids a new console must not take. */
export interface StationScope {
  host: string;
  now: number;
  reserved: ReadonlySet<number>;
}

/** The rows a change wrote and the ids it deleted (for the time-limit timers). */
export interface StationChange {
  changed: WtsSessionRow[];
  deleted: number[];
}

function isConnected(row: WtsSessionRow): boolean {
  return row.state === WTSActive || row.state === WTSShadow;
}

/**
 * Disconnects a session with a user from its station: state WTSDisconnected, DisconnectTime now,
 * no station name; CONSOLE_DISCONNECT or REMOTE_DISCONNECT; a console session is replaced.
 * Logon sessions and tokens are untouched (spec §3.3).
 */
export function detachSession(
  tx: Tx,
  row: WtsSessionRow,
  scope: StationScope,
  extra: Record<string, unknown> = {},
): StationChange {
  const console = isConsoleSession(row);
  const next: WtsSessionRow = {
    ...row,
    state: WTSDisconnected,
    disconnectTime: scope.now,
    winStationName: '',
  };
  tx.put('wtsSessions', next);
  appendSessionEvent(tx, console ? WTS_CONSOLE_DISCONNECT : WTS_REMOTE_DISCONNECT, next, scope.now, extra);
  const changed = [next];
  if (console) changed.push(createConsoleSession(tx, scope.host, scope.now, scope.reserved));
  return { changed, deleted: [] };
}

/**
 * Makes room on the console for another session (not `keepKey`): the session shown there ends if
 * nobody is logged on to it, and is detached (fast user switching) if someone is.
 */
export function vacateConsole(tx: Tx, scope: StationScope, change: StationChange, keepKey?: string): void {
  const shown = consoleOf(tx, scope.host);
  if (shown === undefined || shown.key === keepKey) return;
  if (!hasUser(shown)) {
    tx.delete('wtsSessions', shown.key);
    appendSessionEvent(tx, WTS_SESSION_TERMINATE, shown, scope.now);
    change.deleted.push(shown.sessionId);
  } else {
    const detached: WtsSessionRow = {
      ...shown,
      state: WTSDisconnected,
      disconnectTime: scope.now,
      winStationName: '',
    };
    tx.put('wtsSessions', detached);
    appendSessionEvent(tx, WTS_CONSOLE_DISCONNECT, detached, scope.now);
    change.changed.push(detached);
  }
}

/**
 * Attaches the session `row` (with a user) to `station` for a client and makes it WTSActive:
 * reconnect, or taking a session over from another client (one session per user). For the
 * console, the session shown there is ended (nobody logged on) or detached (another user: fast
 * user switching). A connection the session had is reported as disconnected first.
 */
export function attachSession(
  tx: Tx,
  row: WtsSessionRow,
  station: Station,
  client: SessionClient,
  scope: StationScope,
): StationChange {
  const { now } = scope;
  const change: StationChange = { changed: [], deleted: [] };
  if (station === 'console') {
    const shown = consoleOf(tx, scope.host);
    if (shown !== undefined && shown.key === row.key && isConnected(row)) return change;
    vacateConsole(tx, scope, change, row.key);
  } else if (isConnected(row)) {
    const console = isConsoleSession(row);
    const left: WtsSessionRow = { ...row, state: WTSDisconnected, disconnectTime: now };
    appendSessionEvent(tx, console ? WTS_CONSOLE_DISCONNECT : WTS_REMOTE_DISCONNECT, left, now);
    if (console) change.changed.push(createConsoleSession(tx, scope.host, now, scope.reserved));
  }
  if (station === 'console' && isConnected(row) && !isConsoleSession(row)) {
    appendSessionEvent(tx, WTS_REMOTE_DISCONNECT, { ...row, state: WTSDisconnected }, now);
  }
  const attached: WtsSessionRow = {
    ...row,
    winStationName: station === 'console' ? CONSOLE_STATION : nextConnectionName(tx, scope.host),
    protocolType: station === 'console' ? PROTOCOL_CONSOLE : PROTOCOL_RDP,
    state: WTSActive,
    connectTime: now,
    lastInputTime: now,
    ...(station === 'console' ? { clientName: '', clientAddress: '', clientBuildNumber: 0 } : client),
  };
  tx.put('wtsSessions', attached);
  appendSessionEvent(tx, station === 'console' ? WTS_CONSOLE_CONNECT : WTS_REMOTE_CONNECT, attached, now);
  change.changed.push(attached);
  return change;
}
