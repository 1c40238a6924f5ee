/**
 * Logon hours: the hours of the week an account may log on (spec §2.10 step 3b, INVALID_LOGON_HOURS).
 *
 * The stored form (`UserRow.logonHours`) is Windows' LOGON_HOURS bitmap with 168 units per week,
 * written as 42 hex characters: the 21 bytes in order, two hex digits each. Hour `i` of the week,
 * counted from Sunday 00:00 UTC (0 = Sunday 00:00-00:59, 24 = Monday 00:00, 167 = Saturday 23:00),
 * is bit `i % 8` (least significant first) of byte `floor(i / 8)`, as in SAM's LOGON_HOURS and the
 * ReactOS MSV1_0 check. Times are UTC; logond has no per-account time zone.
 */
import { NtError } from '../nt/nt-error.ts';
import { STATUS_INVALID_PARAMETER } from '../nt/ntstatus.ts';

/** Hours in a week: the number of bits. */
export const HOURS_PER_WEEK = 168;
/** Characters of the stored form. */
export const LOGON_HOURS_LENGTH = 42;
/** Every hour allowed (the same as no restriction). */
export const ALL_LOGON_HOURS = 'f'.repeat(LOGON_HOURS_LENGTH);

/** Whether `text` is a logon-hours bitmap: exactly 42 hex characters. */
export function isLogonHours(text: unknown): text is string {
  return typeof text === 'string' && /^[0-9a-fA-F]{42}$/.test(text);
}

/** The hour of the week of `time` (epoch ms), counted from Sunday 00:00 UTC: 0 to 167. */
export function hourOfWeek(time: number): number {
  const d = new Date(time);
  return d.getUTCDay() * 24 + d.getUTCHours();
}

/** The stored form with exactly the given hours of the week allowed (each 0 to 167). */
export function createLogonHours(hours: Iterable<number>): string {
  const bytes = new Uint8Array(HOURS_PER_WEEK / 8);
  for (const h of hours) {
    if (!Number.isInteger(h) || h < 0 || h >= HOURS_PER_WEEK)
      throw new NtError(STATUS_INVALID_PARAMETER, `${h} is not an hour of the week (0-167)`);
    bytes[h >> 3]! |= 1 << (h & 7);
  }
  return Buffer.from(bytes).toString('hex');
}

/** Whether an account with `logonHours` (null: no restriction) may log on at `time` (epoch ms). */
export function isLogonHourAllowed(logonHours: string | null, time: number): boolean {
  if (logonHours === null) return true;
  if (!isLogonHours(logonHours)) return false;
  const hour = hourOfWeek(time);
  const byte = Number.parseInt(logonHours.slice((hour >> 3) * 2, (hour >> 3) * 2 + 2), 16);
  return (byte & (1 << (hour & 7))) !== 0;
}
