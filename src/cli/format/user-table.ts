/**
 * `query user` (quser) output: columns USERNAME, SESSIONNAME, ID, STATE, IDLE TIME, LOGON TIME at the
 * positions Windows uses, one line per session with a user, `>` before the caller's.
 *
 * ```
 *  USERNAME              SESSIONNAME        ID  STATE   IDLE TIME  LOGON TIME
 * >alice                 rdp-tcp#2           2  active          .  5/30/2025 9:14 AM
 * ```
 */
import type { WtsSession } from '../../client/types.ts';
import { left, right } from './columns.ts';
import { stateWord } from './session-state.ts';
import { formatDateTime, formatIdleTime, type TimeFormat } from './times.ts';

/** The header line of quser. */
export const USER_TABLE_HEADER = ` ${left('USERNAME', 22)}${left('SESSIONNAME', 17)}${right('ID', 4)}  ${left('STATE', 8)}IDLE TIME  LOGON TIME`;

/** One quser line. */
export function formatUserLine(session: WtsSession, format: TimeFormat = {}): string {
  const marker = session.current ? '>' : ' ';
  const user = left(session.userName.toLowerCase(), 21);
  const name = left(session.winStationName.toLowerCase(), 16);
  const idle = right(formatIdleTime(session.idleMs), 9);
  const state = left(stateWord(session.state, session.stateName), 8);
  return `${marker}${user} ${name} ${right(String(session.sessionId), 4)}  ${state}${idle}  ${formatDateTime(session.logonTime, format)}`.trimEnd();
}

/** The whole quser table: header, then the sessions that have a user. */
export function formatUserTable(sessions: readonly WtsSession[], format: TimeFormat = {}): string {
  const rows = sessions.filter((s) => (s.userName ?? '') !== '').map((s) => formatUserLine(s, format));
  return [USER_TABLE_HEADER, ...rows].join('\n');
}
