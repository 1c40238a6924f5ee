/**
 * Validation of what callers give the account store (private to `security/`). Every check throws
 * NtError(STATUS_INVALID_PARAMETER) with a sentence naming the field, before anything is hashed or
 * written, so rejected input changes nothing.
 */
import { NtError } from '../nt/nt-error.ts';
import { STATUS_INVALID_PARAMETER } from '../nt/ntstatus.ts';
import type { UserRow } from '../store/rows.ts';
import { isLogonHours } from './logon-hours.ts';

/** PWLEN: the longest password Windows accepts. */
export const MAX_PASSWORD_LENGTH = 256;
const MAX_TEXT_LENGTH = 256;
const MAX_WORKSTATIONS = 64;
const MAX_GROUPS = 1024;

/** The account settings a caller may set, as stored. */
export type UserSettings = Partial<
  Pick<
    UserRow,
    'fullName' | 'disabled' | 'mustChangePassword' | 'passwordExpires' | 'logonHours' | 'workstations'
  >
>;

/** The keys of UserSettings. */
export const USER_SETTING_KEYS = [
  'fullName',
  'disabled',
  'mustChangePassword',
  'passwordExpires',
  'logonHours',
  'workstations',
] as const;

function invalid(message: string): NtError {
  return new NtError(STATUS_INVALID_PARAMETER, message);
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it rejects.
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Throws unless `value` is a plain object whose keys are all in `allowed`. */
export function checkKeys(
  what: string,
  value: unknown,
  allowed: readonly string[],
): asserts value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid(`The ${what} must be an object.`);
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key))
      throw invalid(`The ${what} has an unknown field "${key}"; allowed: ${allowed.join(', ')}.`);
  }
}

/** Throws unless `password` is a string of at most 256 characters. */
export function checkPassword(password: unknown): asserts password is string {
  if (typeof password !== 'string') throw invalid('The password must be a string.');
  if (password.length > MAX_PASSWORD_LENGTH)
    throw invalid(`The password is longer than ${MAX_PASSWORD_LENGTH} characters.`);
}

/** Throws unless `groups` is an array of group names or SIDs (strings). */
export function checkGroupList(groups: unknown): asserts groups is readonly string[] {
  if (
    !Array.isArray(groups) ||
    groups.length > MAX_GROUPS ||
    !groups.every((g) => typeof g === 'string' && g.length > 0)
  ) {
    throw invalid('The groups must be a list of group names or SIDs.');
  }
}

/** Throws unless `time` is null or epoch milliseconds. */
function checkTime(name: string, time: unknown): asserts time is number | null {
  if (time !== null && !(typeof time === 'number' && Number.isFinite(time)))
    throw invalid(`${name} must be a time in epoch milliseconds, or null.`);
}

function toWorkstations(value: unknown): readonly string[] | null {
  if (value === null) return null;
  if (!Array.isArray(value) || value.length > MAX_WORKSTATIONS)
    throw invalid(`workstations must be a list of at most ${MAX_WORKSTATIONS} names, or null for any.`);
  for (const w of value) {
    if (
      typeof w !== 'string' ||
      w.length === 0 ||
      w.length > 255 ||
      w.includes(',') ||
      CONTROL.test(w) ||
      w.trim() !== w
    ) {
      throw invalid(`${JSON.stringify(w)} is not a workstation name.`);
    }
  }
  // As in Windows, an empty list means no restriction.
  return value.length === 0 ? null : Object.freeze([...(value as string[])]);
}

/** Validates and normalises the settings present in `input` (absent or undefined keys are skipped). */
export function toUserSettings(input: Record<string, unknown>): UserSettings {
  const out: UserSettings = {};
  const { fullName, disabled, mustChangePassword, passwordExpires, logonHours, workstations } = input;
  if (fullName !== undefined) {
    if (typeof fullName !== 'string' || fullName.length > MAX_TEXT_LENGTH || CONTROL.test(fullName)) {
      throw invalid(`fullName must be text of at most ${MAX_TEXT_LENGTH} characters.`);
    }
    out.fullName = fullName;
  }
  if (disabled !== undefined) {
    if (typeof disabled !== 'boolean') throw invalid('disabled must be true or false.');
    out.disabled = disabled;
  }
  if (mustChangePassword !== undefined) {
    if (typeof mustChangePassword !== 'boolean') throw invalid('mustChangePassword must be true or false.');
    out.mustChangePassword = mustChangePassword;
  }
  if (passwordExpires !== undefined) {
    checkTime('passwordExpires', passwordExpires);
    out.passwordExpires = passwordExpires;
  }
  if (logonHours !== undefined) {
    if (logonHours !== null && !isLogonHours(logonHours)) {
      throw invalid(
        'logonHours must be 42 hex characters (168 bits, one per hour of the week from Sunday 00:00 UTC), or null for always.',
      );
    }
    out.logonHours = logonHours === null ? null : logonHours.toLowerCase();
  }
  if (workstations !== undefined) out.workstations = toWorkstations(workstations);
  return out;
}

/** Throws unless `text` is a group description of at most 256 characters. */
export function checkDescription(text: unknown): asserts text is string {
  if (typeof text !== 'string' || text.length > MAX_TEXT_LENGTH || CONTROL.test(text)) {
    throw invalid(`The description must be text of at most ${MAX_TEXT_LENGTH} characters.`);
  }
}

/** Throws unless `time` is epoch milliseconds, or null. */
export function checkExpiry(time: unknown): asserts time is number | null {
  checkTime('expires', time);
}
