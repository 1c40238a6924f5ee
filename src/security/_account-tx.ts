/**
 * Reads and writes of account rows inside a store transaction (private to `security/`). Every
 * function here is synchronous and touches nothing but `tx`, as the Store contract requires.
 */
import { NtError } from '../nt/nt-error.ts';
import {
  STATUS_GROUP_EXISTS,
  STATUS_NO_SUCH_GROUP,
  STATUS_NO_SUCH_USER,
  STATUS_USER_EXISTS,
} from '../nt/ntstatus.ts';
import type { GroupRow, UserRow } from '../store/rows.ts';
import type { ReadTx, Tx } from '../store/store.ts';
import { isUserName, toAccountKey } from './account-name.ts';
import { isSid, toUserSid } from './sid.ts';
import { SID_USERS } from './well-known-sids.ts';

/** The meta row holding the machine SID. */
export const META_MACHINE_SID = 'machineSid';
/** The meta row holding the next RID to hand out. */
export const META_NEXT_RID = 'nextRid';

/** The meta row holding a user's logon count (UserRow has no field for it). */
export function logonCountKey(sid: string): string {
  return `logonCount:${sid}`;
}

/** A user's logon count (0 when never counted). */
export function logonCountOf(tx: ReadTx, sid: string): number {
  const v = tx.get('meta', logonCountKey(sid))?.value;
  return typeof v === 'number' ? v : 0;
}

/** A user by name (case-insensitive); undefined for unknown or invalid names. */
export function userByName(tx: ReadTx, name: unknown): UserRow | undefined {
  return isUserName(name) ? tx.get('users', toAccountKey(name)) : undefined;
}

/** A user by name, or NtError(STATUS_NO_SUCH_USER). */
export function requireUser(tx: ReadTx, name: string): UserRow {
  const row = userByName(tx, name);
  if (row === undefined) throw new NtError(STATUS_NO_SUCH_USER, `There is no user named "${String(name)}".`);
  return row;
}

/** A group by name (case-insensitive) or, failing that, by SID. */
export function findGroup(tx: ReadTx, ref: string): GroupRow | undefined {
  if (typeof ref !== 'string') return undefined;
  return tx.get('groups', toAccountKey(ref)) ?? (isSid(ref) ? tx.find('groups', 'sid', ref)[0] : undefined);
}

/** A group by name or SID, or NtError(STATUS_NOT_FOUND). */
export function requireGroup(tx: ReadTx, ref: string): GroupRow {
  const row = findGroup(tx, ref);
  if (row === undefined) throw new NtError(STATUS_NO_SUCH_GROUP, `There is no group named "${String(ref)}".`);
  return row;
}

/** Users and groups share one namespace, as in SAM. */
export function checkNameFree(tx: ReadTx, name: string): void {
  const key = toAccountKey(name);
  if (tx.get('users', key) !== undefined)
    throw new NtError(STATUS_USER_EXISTS, `A user named "${name}" already exists.`);
  if (tx.get('groups', key) !== undefined)
    throw new NtError(STATUS_GROUP_EXISTS, `A group named "${name}" already exists.`);
}

/** Users first, then the named groups, each once. */
export function resolveGroups(tx: ReadTx, refs: readonly string[]): string[] {
  const sids = new Set<string>([SID_USERS]);
  for (const ref of refs) sids.add(requireGroup(tx, ref).sid);
  return [...sids];
}

/** The machine SID; throws if `init()` has not run (a broken invariant). */
export function machineSidIn(tx: ReadTx): string {
  const v = tx.get('meta', META_MACHINE_SID)?.value;
  if (typeof v !== 'string')
    throw new Error('the account store has no machine SID: call Accounts.init() first');
  return v;
}

/** The next free account SID in the machine's domain; users and groups share the RID counter. */
export function allocateAccountSid(tx: Tx): string {
  const machineSid = machineSidIn(tx);
  const next = tx.get('meta', META_NEXT_RID)?.value;
  if (typeof next !== 'number')
    throw new Error('the account store has no RID allocator: call Accounts.init() first');
  let rid = next;
  let sid = toUserSid(machineSid, rid);
  while (tx.find('users', 'sid', sid).length > 0 || tx.find('groups', 'sid', sid).length > 0)
    sid = toUserSid(machineSid, ++rid);
  tx.put('meta', { name: META_NEXT_RID, value: rid + 1 });
  return sid;
}

/** Appends an `account.*` audit event with its Windows event id. */
export function audit(tx: Tx, type: string, code: number, time: number, data: Record<string, unknown>): void {
  tx.appendEvent(`account.${type}`, { ...data, audit: code }, time);
}
