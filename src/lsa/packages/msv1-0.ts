/**
 * MSV1_0: the built-in password package (spec §2.10, RS-MSV), authenticating local accounts.
 *
 * Submit buffer: `{ UserName: string; Password: string; LogonDomainName?: string }`, nothing else
 * (STATUS_INVALID_PARAMETER otherwise). The domain, when given, must be '', '.' or the computer
 * name; any other domain has no such user here. The order of checks:
 *   1. logon type (STATUS_INVALID_LOGON_TYPE), as ReactOS checks it first;
 *   2. the submit buffer (STATUS_INVALID_PARAMETER);
 *   3. the domain (STATUS_LOGON_FAILURE / STATUS_NO_SUCH_USER);
 *   4. the account store: user, password, restrictions (`Accounts.authenticate`);
 *   5. only then AllocateLocallyUniqueId and CreateLogonSession (step 3c), and the token
 *      information and profile; if anything fails after CreateLogonSession, the package deletes
 *      the session itself (SEED-2, step 3d).
 * AccountName is set from the start, so it is there on failure too (MS-LUEX2): the name as typed
 * until the account is found, its stored spelling after a successful logon.
 */
import type { Luid } from '../../nt/luid.ts';
import { isNtError } from '../../nt/nt-error.ts';
import {
  isNtSuccess,
  type NtStatus,
  STATUS_INVALID_LOGON_TYPE,
  STATUS_INVALID_PARAMETER,
  STATUS_LOGON_FAILURE,
  STATUS_NO_SUCH_USER,
  STATUS_SUCCESS,
} from '../../nt/ntstatus.ts';
import type { Accounts, UserInfo } from '../../security/accounts.ts';
import { SID_ADMINISTRATORS } from '../../security/well-known-sids.ts';
import * as lt from '../logon-type.ts';
import type {
  AuthenticationPackage,
  LogonUserOutput,
  LogonUserRequest,
  LsaDispatchTable,
} from '../package.ts';

/** The package name LsaLookupAuthenticationPackage finds it by. */
export const MSV1_0_PACKAGE_NAME = 'MSV1_0';

/** Logon types MSV1_0 accepts; 0, 1, Proxy (6), NewCredentials (9) and unknown values are refused. */
export const MSV1_0_LOGON_TYPES: ReadonlySet<number> = new Set([
  lt.Interactive,
  lt.Network,
  lt.Batch,
  lt.Service,
  lt.Unlock,
  lt.NetworkCleartext,
  lt.RemoteInteractive,
  lt.CachedInteractive,
  lt.CachedRemoteInteractive,
  lt.CachedUnlock,
]);

/** Privileges of every user's token (a standard user's `whoami /priv`). */
export const USER_PRIVILEGES: readonly string[] = Object.freeze([
  'SeChangeNotifyPrivilege',
  'SeShutdownPrivilege',
  'SeUndockPrivilege',
  'SeIncreaseWorkingSetPrivilege',
  'SeTimeZonePrivilege',
]);

/**
 * Privileges added for members of Administrators (an elevated administrator's token). Never
 * SeTcbPrivilege: only SYSTEM acts as part of the operating system.
 */
export const ADMINISTRATOR_PRIVILEGES: readonly string[] = Object.freeze([
  'SeIncreaseQuotaPrivilege',
  'SeSecurityPrivilege',
  'SeTakeOwnershipPrivilege',
  'SeLoadDriverPrivilege',
  'SeSystemProfilePrivilege',
  'SeSystemtimePrivilege',
  'SeProfileSingleProcessPrivilege',
  'SeIncreaseBasePriorityPrivilege',
  'SeCreatePagefilePrivilege',
  'SeBackupPrivilege',
  'SeRestorePrivilege',
  'SeDebugPrivilege',
  'SeSystemEnvironmentPrivilege',
  'SeRemoteShutdownPrivilege',
  'SeManageVolumePrivilege',
  'SeImpersonatePrivilege',
  'SeCreateGlobalPrivilege',
  'SeCreateSymbolicLinkPrivilege',
  'SeDelegateSessionUserImpersonatePrivilege',
]);

/** UNLEN and PWLEN: longer names or passwords are not a valid submit buffer. */
const MAX_FIELD_LENGTH = 256;

/** The MSV1_0 submit buffer. */
export interface PasswordLogonInformation {
  UserName: string;
  Password: string;
  LogonDomainName?: string;
}

function isShortString(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_FIELD_LENGTH;
}

/** The submit buffer if it is exactly `{ UserName, Password, LogonDomainName? }` of strings, else undefined. */
function toLogonInformation(value: unknown): PasswordLogonInformation | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  for (const key of Object.keys(v))
    if (key !== 'UserName' && key !== 'Password' && key !== 'LogonDomainName') return undefined;
  const { UserName, Password, LogonDomainName } = v;
  if (!isShortString(UserName) || !isShortString(Password)) return undefined;
  if (LogonDomainName !== undefined && !isShortString(LogonDomainName)) return undefined;
  return LogonDomainName === undefined ? { UserName, Password } : { UserName, Password, LogonDomainName };
}

function privilegesOf(groups: readonly string[]): string[] {
  return groups.includes(SID_ADMINISTRATORS)
    ? [...USER_PRIVILEGES, ...ADMINISTRATOR_PRIVILEGES]
    : [...USER_PRIVILEGES];
}

function profileOf(user: UserInfo): Record<string, unknown> {
  return {
    LogonCount: user.logonCount,
    FullName: user.fullName,
    PasswordLastSet: user.passwordLastSet,
    ...(user.passwordExpires === null ? {} : { PasswordMustChange: user.passwordExpires }),
  };
}

/**
 * The MSV1_0 package over an account store. It keeps no per-logon state, so LsaApLogonTerminated
 * has nothing to release.
 */
export function createPasswordPackage(accounts: Accounts): AuthenticationPackage {
  let table: LsaDispatchTable | undefined;

  /** Step 3c onwards: the session exists; build what the LSA needs, or delete the session. */
  async function finishLogon(
    dispatch: LsaDispatchTable,
    luid: Luid,
    user: UserInfo,
    out: LogonUserOutput,
  ): Promise<NtStatus> {
    try {
      // Token groups come from the store now, as SAM alias memberships do (groups deleted since are left out).
      const groups = (await accounts.groupsOf(user.userName)).map((g) => g.sid);
      out.TokenInformation = { User: user.sid, Groups: groups, Privileges: privilegesOf(groups) };
      out.ProfileBuffer = profileOf(user);
      out.AccountName = user.userName;
      out.AuthenticatingAuthority = accounts.computerName;
      out.LogonId = luid;
      return STATUS_SUCCESS;
    } catch (error) {
      delete out.TokenInformation;
      delete out.ProfileBuffer;
      let deleted = false;
      try {
        deleted = isNtSuccess(await dispatch.DeleteLogonSession(luid));
      } catch {
        // Reported below through LogonId.
      }
      // If the delete failed, LogonId tells the LSA which leftover session to remove.
      if (!deleted) out.LogonId = luid;
      if (isNtError(error) && error.status === STATUS_NO_SUCH_USER) {
        // The account was deleted while the logon was being decided.
        out.SubStatus = STATUS_NO_SUCH_USER;
        return STATUS_LOGON_FAILURE;
      }
      throw error;
    }
  }

  return {
    name: MSV1_0_PACKAGE_NAME,

    LsaApInitializePackage(_id: number, dispatch: LsaDispatchTable): NtStatus {
      table = dispatch;
      return STATUS_SUCCESS;
    },

    async LsaApLogonUser(request: LogonUserRequest, out: LogonUserOutput): Promise<NtStatus> {
      if (table === undefined) throw new Error('MSV1_0 was used before LsaApInitializePackage');
      const raw = request.AuthenticationInformation as { UserName?: unknown } | null | undefined;
      out.AccountName = typeof raw?.UserName === 'string' ? raw.UserName.slice(0, MAX_FIELD_LENGTH) : '';
      if (!MSV1_0_LOGON_TYPES.has(request.LogonType)) return STATUS_INVALID_LOGON_TYPE;
      const info = toLogonInformation(request.AuthenticationInformation);
      if (info === undefined) return STATUS_INVALID_PARAMETER;
      const domain = (info.LogonDomainName ?? '').toUpperCase();
      if (domain !== '' && domain !== '.' && domain !== accounts.computerName.toUpperCase()) {
        out.SubStatus = STATUS_NO_SUCH_USER;
        return STATUS_LOGON_FAILURE;
      }
      const result = await accounts.authenticate({
        userName: info.UserName,
        password: info.Password,
        time: request.Time,
        // An interactive logon with no client workstation happens at this computer (as ReactOS compares).
        workstation: request.Workstation === '' ? accounts.computerName : request.Workstation,
      });
      if (result.status !== STATUS_SUCCESS || result.user === undefined) {
        if (result.subStatus !== STATUS_SUCCESS) out.SubStatus = result.subStatus;
        return isNtSuccess(result.status) ? STATUS_LOGON_FAILURE : result.status;
      }
      const luid = await table.AllocateLocallyUniqueId();
      const created = await table.CreateLogonSession(luid);
      if (!isNtSuccess(created)) return created;
      return finishLogon(table, luid, result.user, out);
    },

    LsaApLogonTerminated(_logonId: Luid): void {
      // No per-logon state to release.
    },
  };
}
