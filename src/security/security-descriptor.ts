/**
 * Security descriptors and the access check (DESIGN.md "Terminal sessions"; spec §1.9, D6).
 *
 * A descriptor is an owner and a discretionary ACL. It is stored in `WtsSessionRow.securityDescriptor`
 * as the JSON text `toSecurityDescriptorText` writes. The access check follows Windows: the DACL
 * is walked in order, the first ACE that denies a still-wanted bit ends the check, every wanted bit
 * must be granted, a null DACL grants everything and an empty DACL grants nothing.
 */
import { NtError } from '../nt/nt-error.ts';
import { STATUS_INVALID_PARAMETER } from '../nt/ntstatus.ts';
import { isSid } from './sid.ts';
import { SID_ADMINISTRATORS, SID_SYSTEM } from './well-known-sids.ts';
import { WTS_SECURITY_ALL_ACCESS, WTS_SECURITY_LOGOFF } from './wts-permissions.ts';

/** One access control entry: allow or deny the bits of `mask` to `sid`. */
export interface Ace {
  readonly type: 'allow' | 'deny';
  readonly sid: string;
  /** An access mask: an unsigned 32-bit number. */
  readonly mask: number;
}

/** An owner and a discretionary ACL; `dacl: null` is a null DACL (grants everything). */
export interface SecurityDescriptor {
  readonly owner: string;
  readonly dacl: readonly Ace[] | null;
}

/** The outcome of `accessCheck`: as AccessCheck, `grantedAccess` is `desired` or 0. */
export interface AccessCheckResult {
  readonly granted: boolean;
  readonly grantedAccess: number;
}

/** The most ACEs a stored descriptor may hold (a Windows ACL is at most 64 KiB). */
const MAX_ACES = 1024;
/** The longest descriptor text `fromSecurityDescriptorText` parses. */
const MAX_TEXT_LENGTH = 256 * 1024;

function isMask(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffffffff;
}

function isAce(value: unknown): value is Ace {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  if (keys.length !== 3) return false;
  const a = value as Record<string, unknown>;
  return (a['type'] === 'allow' || a['type'] === 'deny') && isSid(a['sid']) && isMask(a['mask']);
}

function freezeDescriptor(owner: string, dacl: readonly Ace[] | null): SecurityDescriptor {
  const aces =
    dacl === null
      ? null
      : Object.freeze(dacl.map((a) => Object.freeze({ type: a.type, sid: a.sid, mask: a.mask >>> 0 })));
  return Object.freeze({ owner, dacl: aces });
}

/** Whether `value` is a well-formed descriptor: an owner SID and a null DACL or an array of ACEs. */
export function isSecurityDescriptor(value: unknown): value is SecurityDescriptor {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const sd = value as Record<string, unknown>;
  if (Object.keys(sd).length !== 2 || !isSid(sd['owner'])) return false;
  const dacl = sd['dacl'];
  if (dacl === null) return true;
  return Array.isArray(dacl) && dacl.length <= MAX_ACES && dacl.every(isAce);
}

/** The stored text form: JSON with `owner` then `dacl`, each ACE as `{ type, sid, mask }`. */
export function toSecurityDescriptorText(sd: SecurityDescriptor): string {
  if (!isSecurityDescriptor(sd))
    throw new NtError(
      STATUS_INVALID_PARAMETER,
      'not a security descriptor (owner SID and a DACL of { type, sid, mask })',
    );
  const dacl =
    sd.dacl === null ? null : sd.dacl.map((a) => ({ type: a.type, sid: a.sid, mask: a.mask >>> 0 }));
  return JSON.stringify({ owner: sd.owner, dacl });
}

/** Parses the stored text form; `undefined` for anything malformed (bad JSON, SIDs, masks, extra fields). */
export function fromSecurityDescriptorText(text: string): SecurityDescriptor | undefined {
  if (typeof text !== 'string' || text.length > MAX_TEXT_LENGTH) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isSecurityDescriptor(value)) return undefined;
  return freezeDescriptor(value.owner, value.dacl);
}

/**
 * The DACL in canonical order: deny ACEs before allow ACEs, each group in its original order.
 * Descriptors built by logond are canonical; the access check itself walks any DACL as given.
 */
export function toCanonicalDacl(dacl: readonly Ace[]): Ace[] {
  return [...dacl.filter((a) => a.type === 'deny'), ...dacl.filter((a) => a.type === 'allow')];
}

/**
 * The descriptor of a new WTS session (spec §1.9, MS-RDSP): owned by SYSTEM; SYSTEM and
 * Administrators hold Full Control (ALL_ACCESS); the session's user, if any, holds ALL_ACCESS plus
 * LOGOFF on their own session ("a user always holds all permissions on their own session").
 */
export function createDefaultSessionDescriptor(userSid: string | null): SecurityDescriptor {
  if (userSid !== null && !isSid(userSid))
    throw new NtError(STATUS_INVALID_PARAMETER, `${String(userSid)} is not a SID`);
  const dacl: Ace[] = [
    { type: 'allow', sid: SID_SYSTEM, mask: WTS_SECURITY_ALL_ACCESS },
    { type: 'allow', sid: SID_ADMINISTRATORS, mask: WTS_SECURITY_ALL_ACCESS },
  ];
  if (userSid !== null)
    dacl.push({ type: 'allow', sid: userSid, mask: WTS_SECURITY_ALL_ACCESS | WTS_SECURITY_LOGOFF });
  return freezeDescriptor(SID_SYSTEM, dacl);
}

/**
 * AccessCheck against a caller's SIDs (its user and groups). Walks the DACL in order: an allow ACE
 * for one of the caller's SIDs grants its bits; a deny ACE for one of them ends the check with a
 * refusal if it names a bit that is wanted and not yet granted. Access is granted only when every
 * bit of `desired` is granted. A null DACL grants everything; an empty DACL grants nothing; asking
 * for no access (`desired` 0) is refused, as there is nothing to grant. No generic mapping and no
 * MAXIMUM_ALLOWED: callers ask for the specific bits they need.
 */
export function accessCheck(
  sd: SecurityDescriptor,
  callerSids: readonly string[],
  desired: number,
): AccessCheckResult {
  const want = desired >>> 0;
  if (want === 0) return { granted: false, grantedAccess: 0 };
  if (sd.dacl === null) return { granted: true, grantedAccess: want };
  let remaining = want;
  for (const ace of sd.dacl) {
    if (!callerSids.includes(ace.sid)) continue;
    if (ace.type === 'deny') {
      if ((ace.mask & remaining) >>> 0 !== 0) return { granted: false, grantedAccess: 0 };
    } else {
      remaining = (remaining & ~ace.mask) >>> 0;
      if (remaining === 0) return { granted: true, grantedAccess: want };
    }
  }
  return { granted: false, grantedAccess: 0 };
}
