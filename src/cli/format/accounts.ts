/**
 * Accounts output: `users show` in the layout of `net user <name>`, and the tables of `users list`
 * and `groups list`.
 */
import type { Group, User } from '../../client/types.ts';
import { formatGrid } from './columns.ts';
import { formatDateTime, type TimeFormat } from './times.ts';

const yesNo = (b: boolean): string => (b ? 'Yes' : 'No');

/** `users list`: one row per account. */
export function formatUserList(users: readonly User[]): string {
  const rows = users.map((u) => [
    u.userName,
    u.fullName ?? '',
    u.sid,
    u.disabled ? 'Disabled' : 'Active',
    groupNames(u),
  ]);
  return formatGrid(['User Name', 'Full Name', 'SID', 'Status', 'Groups'], rows);
}

/** `groups list`: one row per group. */
export function formatGroupList(groups: readonly Group[]): string {
  const rows = groups.map((g) => [g.name, g.sid, (g.members ?? []).join(', '), g.description ?? '']);
  return formatGrid(['Group Name', 'SID', 'Members', 'Description'], rows);
}

/** `users groups <name>`: the account's groups with their SIDs. */
export function formatMemberships(user: User): string {
  return formatGrid(
    ['Group Name', 'SID'],
    user.groups.map((g) => [g.name, g.sid]),
  );
}

/** `users show <name>`: the fields of `net user <name>`, label column 29 wide. */
export function formatUserDetails(u: User, format: TimeFormat = {}): string {
  const rows: [string, string][] = [
    ['User name', u.userName],
    ['Full Name', u.fullName ?? ''],
    ['SID', u.sid],
    ['Account active', yesNo(!u.disabled)],
    ['Password last set', formatDateTime(u.passwordLastSet, { ...format, seconds: true }) || 'Never'],
    ['Password expires', formatDateTime(u.passwordExpires, { ...format, seconds: true }) || 'Never'],
    ['User must change password', yesNo(u.mustChangePassword)],
    ['Workstations allowed', u.workstations && u.workstations.length > 0 ? u.workstations.join(',') : 'All'],
    ['Logon hours allowed', logonHoursText(u.logonHours)],
  ];
  const lines = rows.map(([k, v]) => `${k.padEnd(29)}${v}`.trimEnd());
  lines.push('', ...membershipLines(u));
  return lines.join('\n');
}

/** `Local Group Memberships      *Administrators       *Users`, two groups a line. */
function membershipLines(u: User): string[] {
  const names = u.groups.map((g) => `*${g.name}`);
  if (names.length === 0) return [`${'Local Group Memberships'.padEnd(29)}*None`];
  const lines: string[] = [];
  for (let i = 0; i < names.length; i += 2) {
    const label = i === 0 ? 'Local Group Memberships' : '';
    const pair = `${(names[i] ?? '').padEnd(22)}${names[i + 1] ?? ''}`.trimEnd();
    lines.push(`${label.padEnd(29)}${pair}`);
  }
  return lines;
}

/** The logon-hours bitmap (42 hex digits, one bit per hour of the week): All, None, or the bits. */
function logonHoursText(hours: string | null): string {
  if (hours === null || /^f+$/i.test(hours)) return 'All';
  if (/^0+$/.test(hours)) return 'None';
  return `Limited (${hours.toLowerCase()})`;
}

function groupNames(u: User): string {
  return u.groups.map((g) => g.name).join(', ');
}
