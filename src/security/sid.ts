/**
 * Security identifiers in their string form, `S-1-<authority>-<sub>-…` (spec §1.9; issue 3).
 *
 * logond keeps SIDs as strings throughout. The canonical form is the one ConvertSidToStringSid
 * prints: revision 1, the identifier authority in decimal (hexadecimal `0x…` with 12 digits when it
 * does not fit in 32 bits), then at most 15 sub-authorities, each an unsigned 32-bit decimal.
 */
import { getRandomValues } from 'node:crypto';
import { NtError } from '../nt/nt-error.ts';
import { STATUS_INVALID_PARAMETER } from '../nt/ntstatus.ts';
import * as sids from './well-known-sids.ts';

/** SID_MAX_SUB_AUTHORITIES. */
const MAX_SUB_AUTHORITIES = 15;
const UINT32_MAX = 0xffffffff;
const AUTHORITY_MAX = 2 ** 48 - 1;
const SID_PATTERN = /^S-1-(0x[0-9A-Fa-f]{12}|[0-9]{1,10})((?:-[0-9]{1,10}){0,15})$/;
/** Machine (account-domain) SIDs: `S-1-5-21-a-b-c`, NT authority, three random sub-authorities. */
const MACHINE_SID_PATTERN = /^S-1-5-21-[0-9]{1,10}-[0-9]{1,10}-[0-9]{1,10}$/;

function isUint32Text(text: string): boolean {
  return !(text.length > 1 && text.startsWith('0')) && Number(text) <= UINT32_MAX;
}

/**
 * Whether `text` is a SID in canonical string form: `S-1-`, an identifier authority (decimal up to
 * 2^32-1, or `0x` and 12 hex digits for larger 48-bit values), then 0 to 15 decimal
 * sub-authorities, each at most 2^32-1, without leading zeros.
 */
export function isSid(text: unknown): text is string {
  if (typeof text !== 'string') return false;
  const m = SID_PATTERN.exec(text);
  if (m === null) return false;
  const authority = m[1]!;
  if (authority.startsWith('0x')) {
    const value = Number.parseInt(authority.slice(2), 16);
    // The hex form is only canonical for authorities that do not fit in 32 bits.
    if (value <= UINT32_MAX || value > AUTHORITY_MAX) return false;
  } else if (!isUint32Text(authority)) return false;
  const subs = m[2] === '' ? [] : m[2]!.slice(1).split('-');
  return subs.length <= MAX_SUB_AUTHORITIES && subs.every(isUint32Text);
}

/** Whether `sid` is a machine (account-domain) SID, `S-1-5-21-a-b-c`. */
export function isMachineSid(sid: string): boolean {
  return MACHINE_SID_PATTERN.test(sid) && isSid(sid);
}

/** A source of random 32-bit words: `(n) => n random values`. Defaults to `crypto.getRandomValues`. */
export type RandomWords = (count: number) => ArrayLike<number>;

function defaultRandomWords(count: number): Uint32Array {
  return getRandomValues(new Uint32Array(count));
}

/**
 * A new machine SID, `S-1-5-21-a-b-c`, with three random sub-authorities as Windows Setup makes
 * them. `randomWords` is for tests; it must return at least three unsigned 32-bit values.
 */
export function createMachineSid(randomWords: RandomWords = defaultRandomWords): string {
  const words = randomWords(3);
  const parts: number[] = [];
  for (let i = 0; i < 3; i++) {
    const w = words[i];
    if (w === undefined || !Number.isInteger(w) || w < 0 || w > UINT32_MAX) {
      throw new NtError(
        STATUS_INVALID_PARAMETER,
        'createMachineSid needs three unsigned 32-bit random values',
      );
    }
    parts.push(w);
  }
  return `S-1-5-21-${parts.join('-')}`;
}

/** The SID of account `rid` in the machine's domain: `machineSid` with `rid` appended. */
export function toUserSid(machineSid: string, rid: number): string {
  if (!isMachineSid(machineSid))
    throw new NtError(
      STATUS_INVALID_PARAMETER,
      `${String(machineSid)} is not a machine SID (S-1-5-21-a-b-c)`,
    );
  if (!Number.isInteger(rid) || rid < 0 || rid > UINT32_MAX) {
    throw new NtError(
      STATUS_INVALID_PARAMETER,
      `${String(rid)} is not a relative id (an unsigned 32-bit integer)`,
    );
  }
  return `${machineSid}-${rid}`;
}

/** The relative id (last sub-authority) of a SID, or `undefined` if it is not a SID or has none. */
export function ridOf(sid: string): number | undefined {
  if (!isSid(sid)) return undefined;
  const parts = sid.split('-');
  if (parts.length < 4) return undefined;
  return Number(parts[parts.length - 1]);
}

/** The domain part of a SID (every sub-authority but the last), or `undefined`. */
export function domainOf(sid: string): string | undefined {
  if (ridOf(sid) === undefined) return undefined;
  return sid.slice(0, sid.lastIndexOf('-'));
}

const WELL_KNOWN_NAMES: ReadonlyMap<string, string> = new Map([
  ['S-1-0-0', 'NULL SID'],
  [sids.SID_EVERYONE, 'Everyone'],
  [sids.SID_LOCAL, 'LOCAL'],
  ['S-1-2-1', 'CONSOLE LOGON'],
  ['S-1-3-0', 'CREATOR OWNER'],
  ['S-1-3-1', 'CREATOR GROUP'],
  ['S-1-5-1', 'NT AUTHORITY\\DIALUP'],
  [sids.SID_NETWORK, 'NT AUTHORITY\\NETWORK'],
  [sids.SID_BATCH, 'NT AUTHORITY\\BATCH'],
  [sids.SID_INTERACTIVE, 'NT AUTHORITY\\INTERACTIVE'],
  [sids.SID_SERVICE, 'NT AUTHORITY\\SERVICE'],
  [sids.SID_ANONYMOUS, 'NT AUTHORITY\\ANONYMOUS LOGON'],
  [sids.SID_AUTHENTICATED_USERS, 'NT AUTHORITY\\Authenticated Users'],
  ['S-1-5-12', 'NT AUTHORITY\\RESTRICTED'],
  ['S-1-5-13', 'NT AUTHORITY\\TERMINAL SERVER USER'],
  [sids.SID_REMOTE_INTERACTIVE_LOGON, 'NT AUTHORITY\\REMOTE INTERACTIVE LOGON'],
  ['S-1-5-15', 'NT AUTHORITY\\This Organization'],
  [sids.SID_SYSTEM, 'NT AUTHORITY\\SYSTEM'],
  [sids.SID_LOCAL_SERVICE, 'NT AUTHORITY\\LOCAL SERVICE'],
  [sids.SID_NETWORK_SERVICE, 'NT AUTHORITY\\NETWORK SERVICE'],
  ['S-1-5-32', 'BUILTIN\\BUILTIN'],
  [sids.SID_ADMINISTRATORS, 'BUILTIN\\Administrators'],
  [sids.SID_USERS, 'BUILTIN\\Users'],
  ['S-1-5-32-546', 'BUILTIN\\Guests'],
  ['S-1-5-32-547', 'BUILTIN\\Power Users'],
  ['S-1-5-32-551', 'BUILTIN\\Backup Operators'],
  [sids.SID_REMOTE_DESKTOP_USERS, 'BUILTIN\\Remote Desktop Users'],
]);

/**
 * The display name Windows gives a well-known SID (`NT AUTHORITY\SYSTEM`,
 * `BUILTIN\Administrators`, `Everyone`), or `undefined` for any other SID. Names of local
 * accounts and groups come from the account store, not from here.
 */
export function wellKnownSidName(sid: string): string | undefined {
  return WELL_KNOWN_NAMES.get(sid);
}
