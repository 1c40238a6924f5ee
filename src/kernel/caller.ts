import { type Luid, SYSTEM_LUID } from '../nt/luid.ts';
import { SE_TCB_NAME, SID_ADMINISTRATORS, SID_EVERYONE, SID_SYSTEM } from '../security/well-known-sids.ts';

/**
 * Who is calling: the identity of the caller's token, resolved from a handle. Every access check
 * in logond is made against a Caller. `TRUSTED_CALLER` is kernel mode (LocalSystem, SeTcb).
 */
export interface Caller {
  readonly user: string;
  readonly groups: readonly string[];
  readonly privileges: readonly string[];
  readonly logonId: Luid;
  /** WTS session the caller's token belongs to. */
  readonly sessionId: number;
  /** The handle the identity came from (0 for the trusted caller). */
  readonly handle: number;
  readonly trusted: boolean;
}

/** Kernel mode: LocalSystem with SeTcbPrivilege (spec D10: no caller token = trusted). */
export const TRUSTED_CALLER: Caller = Object.freeze({
  user: SID_SYSTEM,
  groups: Object.freeze([SID_ADMINISTRATORS, SID_EVERYONE]),
  privileges: Object.freeze([SE_TCB_NAME]),
  logonId: SYSTEM_LUID,
  sessionId: 0,
  handle: 0,
  trusted: true,
});

/** Every SID of the caller: the user first, then the groups. */
export function callerSids(caller: Caller): string[] {
  return [caller.user, ...caller.groups];
}

/** Whether the caller is LocalSystem or a member of BUILTIN\Administrators. */
export function isAdministrator(caller: Caller): boolean {
  return caller.trusted || caller.user === SID_SYSTEM || caller.groups.includes(SID_ADMINISTRATORS);
}

/** Whether the caller holds a privilege (SYSTEM holds them all). */
export function holdsPrivilege(caller: Caller, privilege: string): boolean {
  return caller.trusted || caller.user === SID_SYSTEM || caller.privileges.includes(privilege);
}
