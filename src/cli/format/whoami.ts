/**
 * `whoami` output in the spirit of `whoami /all`: the user and SID, the groups, the privileges,
 * and the logon session the token references.
 */
import type { Whoami } from '../../client/types.ts';
import { formatGrid, heading } from './columns.ts';
import { formatLuidColon } from './logon-sessions.ts';
import { groupType, PRIVILEGE_DESCRIPTIONS } from './privileges.ts';

/** One group of a token: a SID, or an object naming it (the API gives `{ sid, name }`). */
export type GroupLike =
  | string
  | { name?: string; sid: string; type?: string; attributes?: string[] | number };

/** One privilege of a token: a name (as the API gives it), or an object with its state. */
export type PrivilegeLike =
  | string
  | { name: string; description?: string; enabled?: boolean; state?: string; attributes?: string[] | number };

/** What `formatWhoami` prints: the API's answer, with groups and privileges in either form. */
export type WhoamiLike = Omit<Whoami, 'groups' | 'privileges' | 'tokenType' | 'logonType'> & {
  readonly groups: readonly GroupLike[];
  readonly privileges: readonly PrivilegeLike[];
  readonly tokenType: string;
  readonly logonType: string | number;
};

/** Which parts to print (all when none is chosen), like `/user`, `/groups`, `/priv`, `/logonid`. */
export interface WhoamiSections {
  readonly user?: boolean;
  readonly groups?: boolean;
  readonly privileges?: boolean;
  readonly logon?: boolean;
}

/** `domain\user`, lower-cased as `whoami` prints it. */
export function qualifiedName(w: Pick<Whoami, 'domain' | 'userName'>): string {
  return (w.domain ? `${w.domain}\\${w.userName}` : w.userName).toLowerCase();
}

function attributesText(a: string[] | number | undefined): string {
  if (Array.isArray(a)) return a.join(', ');
  if (typeof a === 'number') return `0x${a.toString(16)}`;
  return '';
}

function groupRow(g: GroupLike): string[] {
  if (typeof g === 'string') return [g, groupType(g), g, ''];
  return [g.name || g.sid, g.type ?? groupType(g.sid), g.sid, attributesText(g.attributes)];
}

/** Name, description and state (`''` when the API does not say whether it is enabled). */
function privilegeRow(p: PrivilegeLike): string[] {
  if (typeof p === 'string') return [p, PRIVILEGE_DESCRIPTIONS[p] ?? '', ''];
  const state = p.state ?? (p.enabled === undefined ? '' : p.enabled ? 'Enabled' : 'Disabled');
  return [p.name, p.description ?? PRIVILEGE_DESCRIPTIONS[p.name] ?? '', state];
}

/** A grid without the columns that are empty in every row. */
function gridOfUsed(headers: string[], rows: string[][], optional: readonly number[]): string {
  const keep = headers.map((_, i) => !optional.includes(i) || rows.some((r) => (r[i] ?? '') !== ''));
  const pick = (cells: string[]): string[] => cells.filter((_, i) => keep[i]);
  return formatGrid(pick(headers), rows.map(pick));
}

/** The whole output for the chosen sections. */
export function formatWhoami(w: WhoamiLike, sections: WhoamiSections = {}): string {
  const all = !sections.user && !sections.groups && !sections.privileges && !sections.logon;
  const parts: string[] = [];
  if (all || sections.user) {
    parts.push(
      `${heading('USER INFORMATION')}\n\n${formatGrid(['User Name', 'SID'], [[qualifiedName(w), w.userSid]])}`,
    );
  }
  if (all || sections.groups) {
    const grid = gridOfUsed(['Group Name', 'Type', 'SID', 'Attributes'], w.groups.map(groupRow), [3]);
    parts.push(`${heading('GROUP INFORMATION')}\n\n${grid}`);
  }
  if (all || sections.privileges) {
    const grid = gridOfUsed(['Privilege Name', 'Description', 'State'], w.privileges.map(privilegeRow), [2]);
    parts.push(`${heading('PRIVILEGES INFORMATION')}\n\n${grid}`);
  }
  if (all || sections.logon) {
    const rows: [string, string][] = [
      ['Logon ID:', `${w.logonId} (${formatLuidColon(w.logonId)})`],
      ['Logon type:', String(w.logonType)],
      ['WTS session:', String(w.sessionId)],
      ['Token:', `handle ${w.handle}, ${w.tokenType}`],
      ['Administrator:', w.administrator ? 'Yes' : 'No'],
    ];
    parts.push(
      `${heading('LOGON SESSION INFORMATION')}\n\n${rows.map(([k, v]) => `${k.padEnd(15)}${v}`).join('\n')}`,
    );
  }
  return parts.join('\n\n\n');
}
