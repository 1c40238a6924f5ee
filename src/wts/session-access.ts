/**
 * Who may do what to a WTS session (spec §1.9, D6, MS-RDSP): the caller's own session always
 * (a user holds every permission on their own session), anyone else through the session's
 * security descriptor and the access check.
 */
import { type Caller, callerSids } from '../kernel/caller.ts';
import {
  accessCheck,
  fromSecurityDescriptorText,
  type SecurityDescriptor,
} from '../security/security-descriptor.ts';
import type { WtsSessionRow } from '../store/rows.ts';

/** Parsed descriptors by their text: sessions share a handful of descriptors (one per user). */
const parsed = new Map<string, SecurityDescriptor | null>();
const PARSED_LIMIT = 4096;

function descriptorOf(text: string): SecurityDescriptor | null {
  let sd = parsed.get(text);
  if (sd === undefined) {
    sd = fromSecurityDescriptorText(text) ?? null;
    if (parsed.size >= PARSED_LIMIT) parsed.clear();
    parsed.set(text, sd);
  }
  return sd;
}

/** Whether `row` is the caller's own session: the caller is the user logged on to it. */
export function isOwnSession(caller: Caller, row: WtsSessionRow): boolean {
  return row.userSid !== null && row.userSid === caller.user;
}

/**
 * Whether the caller holds every bit of `desired` on the session: kernel mode and the session's own
 * user always; anyone else as the session's descriptor grants (an unreadable descriptor grants
 * nothing).
 */
export function hasSessionAccess(caller: Caller, row: WtsSessionRow, desired: number): boolean {
  if (caller.trusted || isOwnSession(caller, row)) return true;
  const sd = descriptorOf(row.securityDescriptor);
  return sd !== null && accessCheck(sd, callerSids(caller), desired).granted;
}
