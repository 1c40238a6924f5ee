/**
 * `query session` (qwinsta) output (spec §2.23, test 96): columns SESSIONNAME, USERNAME, ID, STATE,
 * TYPE, DEVICE at the positions Windows uses, session names in lower case, `>` before the caller's
 * session.
 *
 * ```
 *  SESSIONNAME       USERNAME                 ID  STATE   TYPE        DEVICE
 *  services                                    0  disc
 * >rdp-tcp#2         alice                     2  active  rdpwd
 *  rdp-tcp                                 65536  listen  rdpwd
 * ```
 */
import type { WtsSession } from '../../client/types.ts';
import { left, right } from './columns.ts';
import { stateWord } from './session-state.ts';

/** The header line of qwinsta. */
export const SESSION_TABLE_HEADER = ` ${left('SESSIONNAME', 18)}${left('USERNAME', 20)}${right('ID', 7)}  ${left('STATE', 8)}${left('TYPE', 12)}DEVICE`;

/** The TYPE column: the protocol driver (`rdpwd` for RDP, `wdcon` for the console). */
export function sessionType(session: Pick<WtsSession, 'protocolType' | 'winStationName'>): string {
  if (session.protocolType === 2) return 'rdpwd';
  if (session.winStationName.toLowerCase() === 'console') return 'wdcon';
  return '';
}

/** One qwinsta line. */
export function formatSessionLine(session: WtsSession): string {
  const marker = session.current ? '>' : ' ';
  const name = left(session.winStationName.toLowerCase(), 17);
  const cells = `${marker}${name} ${left(session.userName ?? '', 20)}${right(String(session.sessionId), 7)}  `;
  return `${cells}${left(stateWord(session.state, session.stateName), 8)}${left(sessionType(session), 12)}`.trimEnd();
}

/** The whole qwinsta table: header, then one line per session in the order given. */
export function formatSessionTable(sessions: readonly WtsSession[]): string {
  return [SESSION_TABLE_HEADER, ...sessions.map(formatSessionLine)].join('\n');
}

/** qwinsta's selector: a session name, a user name (case-insensitive) or a session id. */
export function matchesSession(session: WtsSession, selector: string): boolean {
  const s = selector.toLowerCase();
  if (/^[0-9]+$/.test(selector)) return session.sessionId === Number(selector);
  return session.winStationName.toLowerCase() === s || (session.userName ?? '').toLowerCase() === s;
}
