/**
 * Engine values turned into the API's shapes (src/protocol): LUIDs as `0x<high>:0x<low>`, times
 * as ISO-8601, logon and token types by name. Private to the daemon.
 */
import type { TokenHolders } from '../kernel/kernel.ts';
import type { LogonSessionData } from '../lsa/logon-session-data.ts';
import { LOGON_TYPE_NAMES } from '../lsa/logon-type.ts';
import { formatLuid, type Luid } from '../nt/luid.ts';
import type { Group, User } from '../protocol/accounts.ts';
import type { LogondEvent } from '../protocol/events.ts';
import type { LogonSession, LogonSessionHolders } from '../protocol/logon-sessions.ts';
import type { GroupInfo, UserInfo } from '../security/accounts.ts';
import type { EventRow } from '../store/rows.ts';

/** An ISO-8601 time of epoch milliseconds. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** An ISO-8601 time, or null. */
export function isoOrNull(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined || ms === 0 ? null : iso(ms);
}

/** The name of a SECURITY_LOGON_TYPE value (`Network`), or its number as text. */
export function logonTypeName(logonType: number): string {
  return LOGON_TYPE_NAMES[logonType] ?? String(logonType);
}

/** `primary` (TokenPrimary, 1) or `impersonation` (TokenImpersonation, 2). */
export function tokenTypeName(type: number): 'primary' | 'impersonation' {
  return type === 2 ? 'impersonation' : 'primary';
}

/** A logon session as the API shows it. */
export function toLogonSession(d: LogonSessionData): LogonSession {
  return {
    logonId: formatLuid(d.logonId),
    userName: d.userName,
    logonDomain: d.logonDomain,
    userSid: d.sid,
    authenticationPackage: d.authenticationPackage,
    logonType: d.logonType,
    logonTypeName: logonTypeName(d.logonType),
    session: d.session,
    logonTime: d.logonTime.toISOString(),
    logonServer: d.logonServer,
    dnsDomainName: d.dnsDomainName,
    upn: d.upn,
    phase: d.phase,
    referenceCount: d.referenceCount,
    host: d.host,
  };
}

/** Who keeps a logon session alive. */
export function toHolders(logonId: Luid, holders: readonly TokenHolders[]): LogonSessionHolders {
  return {
    logonId: formatLuid(logonId),
    holders: holders.map(({ token, handles }) => ({
      tokenId: token.id,
      tokenType: tokenTypeName(token.type),
      source: token.source,
      sessionId: token.sessionId,
      handles: handles.map((h) => ({ handle: h.id, holder: h.holder, createdAt: iso(h.createdAt) })),
    })),
  };
}

/** A user as the API shows it; `groupNames` names the group SIDs (unknown SIDs are left out). */
export function toUser(u: UserInfo, groupNames: ReadonlyMap<string, string>): User {
  return {
    userName: u.userName,
    sid: u.sid,
    fullName: u.fullName,
    disabled: u.disabled,
    mustChangePassword: u.mustChangePassword,
    passwordExpires: isoOrNull(u.passwordExpires),
    passwordLastSet: iso(u.passwordLastSet),
    logonHours: u.logonHours,
    workstations: u.workstations === null ? null : [...u.workstations],
    groups: u.groups.flatMap((sid) => {
      const name = groupNames.get(sid);
      return name === undefined ? [] : [{ name, sid }];
    }),
  };
}

/** Group SID → group name, for `toUser`. */
export function groupNameMap(groups: readonly GroupInfo[]): Map<string, string> {
  return new Map(groups.map((g) => [g.sid, g.name]));
}

/** A group as the API shows it. */
export function toGroup(g: GroupInfo, members: readonly string[]): Group {
  return { name: g.name, sid: g.sid, description: g.description, members: [...members] };
}

/** An event-log entry as the API shows it. */
export function toEvent(row: EventRow): LogondEvent {
  return { seq: row.seq, type: row.type, time: iso(row.time), data: row.data };
}

/** JSON text of a value that may hold bigints (as decimal text). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}
