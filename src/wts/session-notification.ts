/**
 * Session-change notifications (spec §1.7: the WM_WTSSESSION_CHANGE codes). Each one is appended
 * to the event log as `wts.<name>` in the same transaction as the change it reports, so readers
 * see them in order (spec test 66: `wts.logoff` before `wts.terminate`).
 */
import { formatLuid } from '../nt/luid.ts';
import type { WtsSessionRow } from '../store/rows.ts';
import type { Tx } from '../store/store.ts';

export const WTS_CONSOLE_CONNECT = 0x1;
export const WTS_CONSOLE_DISCONNECT = 0x2;
export const WTS_REMOTE_CONNECT = 0x3;
export const WTS_REMOTE_DISCONNECT = 0x4;
export const WTS_SESSION_LOGON = 0x5;
export const WTS_SESSION_LOGOFF = 0x6;
export const WTS_SESSION_LOCK = 0x7;
export const WTS_SESSION_UNLOCK = 0x8;
export const WTS_SESSION_REMOTE_CONTROL = 0x9;
export const WTS_SESSION_CREATE = 0xa;
export const WTS_SESSION_TERMINATE = 0xb;
export const WTS_SESSION_DESKTOP_READY = 0xf;

/** The event name of each code: the event type is `wts.<name>`. */
export const SESSION_NOTIFICATION_NAMES: Readonly<Record<number, string>> = Object.freeze({
  [WTS_CONSOLE_CONNECT]: 'console-connect',
  [WTS_CONSOLE_DISCONNECT]: 'console-disconnect',
  [WTS_REMOTE_CONNECT]: 'remote-connect',
  [WTS_REMOTE_DISCONNECT]: 'remote-disconnect',
  [WTS_SESSION_LOGON]: 'logon',
  [WTS_SESSION_LOGOFF]: 'logoff',
  [WTS_SESSION_LOCK]: 'lock',
  [WTS_SESSION_UNLOCK]: 'unlock',
  [WTS_SESSION_REMOTE_CONTROL]: 'remote-control',
  [WTS_SESSION_CREATE]: 'create',
  [WTS_SESSION_TERMINATE]: 'terminate',
  [WTS_SESSION_DESKTOP_READY]: 'desktop-ready',
});

/** The event type of a notification code: `wts.logoff` for 0x6. */
export function toSessionEventType(code: number): string {
  const name = SESSION_NOTIFICATION_NAMES[code];
  if (name === undefined)
    throw new RangeError(`0x${code.toString(16)} is not a WTS session notification code`);
  return `wts.${name}`;
}

/**
 * Appends notification `code` for session `row` (its state after the change) to the event log of
 * transaction `tx`. The data names the session, its user and logon session; `extra` adds detail
 * (an audit id, the reason of a time limit).
 */
export function appendSessionEvent(
  tx: Tx,
  code: number,
  row: WtsSessionRow,
  time: number,
  extra: Record<string, unknown> = {},
): number {
  return tx.appendEvent(
    toSessionEventType(code),
    {
      code,
      sessionId: row.sessionId,
      host: row.host,
      winStationName: row.winStationName,
      state: row.state,
      userName: row.userName,
      domain: row.domain,
      userSid: row.userSid,
      logonId: row.logonId === null ? null : formatLuid(row.logonId),
      ...extra,
    },
    time,
  );
}
