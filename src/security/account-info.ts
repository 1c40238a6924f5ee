/**
 * What the account store hands out: plain, frozen objects built field by field from the rows, so a
 * password hash can never leak through them (there is no field to carry it).
 */
import type { GroupRow, UserRow } from '../store/rows.ts';

/** A local user as callers see it. */
export interface UserInfo {
  readonly userName: string;
  readonly sid: string;
  readonly fullName: string;
  /** Whether a password is set (an account without one cannot log on with a password). */
  readonly hasPassword: boolean;
  readonly passwordLastSet: number;
  /** Epoch ms from which the password is expired, or null for never. */
  readonly passwordExpires: number | null;
  readonly mustChangePassword: boolean;
  readonly disabled: boolean;
  /** 42 hex characters, one bit per hour of the week from Sunday 00:00 UTC (see logon-hours.ts), or null for always. */
  readonly logonHours: string | null;
  /** Workstations the account may log on from, or null for any. */
  readonly workstations: readonly string[] | null;
  /** SIDs of the groups the user belongs to. */
  readonly groups: readonly string[];
  /** Successful password logons so far (MSV1_0_INTERACTIVE_PROFILE LogonCount). */
  readonly logonCount: number;
  readonly createdAt: number;
}

/** A local group (or a built-in alias such as Administrators) as callers see it. */
export interface GroupInfo {
  readonly name: string;
  readonly sid: string;
  readonly description: string;
  /** Whether it is a BUILTIN alias (S-1-5-32-…). */
  readonly builtin: boolean;
}

/** The public view of a user row. */
export function toUserInfo(row: UserRow, logonCount: number): UserInfo {
  return Object.freeze({
    userName: row.userName,
    sid: row.sid,
    fullName: row.fullName,
    hasPassword: row.passwordHash !== null,
    passwordLastSet: row.passwordLastSet,
    passwordExpires: row.passwordExpires,
    mustChangePassword: row.mustChangePassword,
    disabled: row.disabled,
    logonHours: row.logonHours,
    workstations: row.workstations === null ? null : Object.freeze([...row.workstations]),
    groups: Object.freeze([...row.groups]),
    logonCount,
    createdAt: row.createdAt,
  });
}

/** The public view of a group row. */
export function toGroupInfo(row: GroupRow): GroupInfo {
  return Object.freeze({
    name: row.name,
    sid: row.sid,
    description: row.description,
    builtin: row.sid.startsWith('S-1-5-32-'),
  });
}
