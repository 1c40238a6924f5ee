/**
 * Account restrictions checked after the password (spec §2.10 step 3b, test 45).
 *
 * The order is ReactOS MSV1_0's (`SamValidateNormalUser`, RS-MSV): the password first (so only
 * someone who knows it learns that the account is restricted), then
 *   1. disabled                → STATUS_ACCOUNT_DISABLED
 *   2. must change password    → STATUS_PASSWORD_MUST_CHANGE
 *   3. password expired        → STATUS_PASSWORD_EXPIRED
 *   4. outside the logon hours → STATUS_INVALID_LOGON_HOURS
 *   5. workstation not allowed → STATUS_INVALID_WORKSTATION
 * The first that applies is the sub-status of STATUS_ACCOUNT_RESTRICTION. Windows reaches 2 and 3
 * through one check (the password "must change" time has passed) and reports MUST_CHANGE when the
 * password was never set (PasswordLastSet = 0, "must change at next logon"), so MUST_CHANGE wins.
 */
import {
  type NtStatus,
  STATUS_ACCOUNT_DISABLED,
  STATUS_INVALID_LOGON_HOURS,
  STATUS_INVALID_WORKSTATION,
  STATUS_PASSWORD_EXPIRED,
  STATUS_PASSWORD_MUST_CHANGE,
  STATUS_SUCCESS,
} from '../nt/ntstatus.ts';
import type { UserRow } from '../store/rows.ts';
import { isLogonHourAllowed } from './logon-hours.ts';

/** The account fields the restrictions look at. */
export type RestrictedAccount = Pick<
  UserRow,
  'disabled' | 'mustChangePassword' | 'passwordExpires' | 'logonHours' | 'workstations'
>;

/** Where and when the logon happens. */
export interface LogonCircumstances {
  /** Epoch ms of the logon. */
  readonly time: number;
  /** The workstation the logon comes from; compared case-insensitively with the account's list. */
  readonly workstation: string;
}

/**
 * The sub-status of the first restriction that forbids this logon, in the order above, or
 * STATUS_SUCCESS when none does. A password is expired from the instant `passwordExpires` onwards.
 * An account limited to some workstations refuses a logon whose workstation is unknown ('').
 */
export function checkAccountRestrictions(account: RestrictedAccount, at: LogonCircumstances): NtStatus {
  if (account.disabled) return STATUS_ACCOUNT_DISABLED;
  if (account.mustChangePassword) return STATUS_PASSWORD_MUST_CHANGE;
  if (account.passwordExpires !== null && at.time >= account.passwordExpires) return STATUS_PASSWORD_EXPIRED;
  if (!isLogonHourAllowed(account.logonHours, at.time)) return STATUS_INVALID_LOGON_HOURS;
  if (account.workstations !== null) {
    const from = at.workstation.toLowerCase();
    if (from === '' || !account.workstations.some((w) => w.toLowerCase() === from))
      return STATUS_INVALID_WORKSTATION;
  }
  return STATUS_SUCCESS;
}
