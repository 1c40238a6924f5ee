import { holdsPrivilege } from '../kernel/caller.ts';
import { TokenImpersonation, TokenPrimary } from '../kernel/kernel-tx.ts';
import type { Win32TerminationRoutine } from '../kernel/termination-routines.ts';
import { toFileTime } from '../lsa/logon-session-data.ts';
import { fromLuidPair, type LuidPair, toLuidPair } from '../nt/luid.ts';
import {
  LsaNtStatusToWinError,
  type NtStatus,
  STATUS_ACCESS_DENIED,
  STATUS_INVALID_HANDLE,
  STATUS_INVALID_PARAMETER,
  STATUS_NOT_IMPLEMENTED,
  STATUS_PRIVILEGE_NOT_HELD,
  STATUS_SUCCESS,
} from '../nt/ntstatus.ts';
import { SE_TCB_NAME } from '../security/well-known-sids.ts';
import type { Win32Context } from './context.ts';
import type { Ref } from './ref.ts';

/** SECURITY_LOGON_SESSION_DATA as LsaGetLogonSessionData returns it (MS-SLSD; strings as JS strings). */
export interface SECURITY_LOGON_SESSION_DATA {
  Size: number;
  LogonId: LuidPair;
  UserName: string;
  LogonDomain: string;
  AuthenticationPackage: string;
  LogonType: number;
  Session: number;
  Sid: string | null;
  /** FILETIME: 100 ns intervals since 1601-01-01 UTC. */
  LogonTime: bigint;
  LogonServer: string;
  DnsDomainName: string;
  Upn: string;
  UserFlags: number;
}

/** TOKEN_INFORMATION_CLASS values logond answers (winnt.h). */
export const TokenUser = 1;
export const TokenGroups = 2;
export const TokenPrivileges = 3;
export const TokenType = 8;
export const TokenImpersonationLevel = 9;
export const TokenStatistics = 10;
export const TokenRestrictedSids = 11;
export const TokenSessionId = 12;
export const TokenSessionReference = 14;

/** SECURITY_IMPERSONATION_LEVEL values. */
export const SecurityAnonymous = 0;
export const SecurityIdentification = 1;
export const SecurityImpersonation = 2;
export const SecurityDelegation = 3;

/** TOKEN_TYPE values. */
export { TokenImpersonation, TokenPrimary };

function isRef(value: unknown): value is Ref<unknown> {
  return typeof value === 'object' && value !== null;
}

function isLuidPair(value: unknown): value is LuidPair {
  const v = value as Partial<LuidPair> | null;
  return typeof v === 'object' && v !== null && Number.isInteger(v.LowPart) && Number.isInteger(v.HighPart);
}

/** Keeps the Win32 routine → registration mapping so unregister finds the right entries. */
const ROUTINE_FORM = 'pair' as const;

/**
 * The LSA, token and kernel functions of the Win32-shaped API (spec D10), over the idiomatic API.
 * Parameters that mean nothing here are left out: LsaHandle, SourceContext, Quotas and the buffer
 * lengths of LsaLogonUser; lpTokenAttributes and dwDesiredAccess of DuplicateTokenEx are accepted
 * and ignored.
 */
export function createLsaApi(ctx: Win32Context) {
  const { system } = ctx;
  return {
    /** Returns the caller context's last error. */
    GetLastError(): number {
      return ctx.lastError;
    },
    /** Sets the caller context's last error. */
    SetLastError(code: number): void {
      ctx.lastError = code >>> 0;
    },
    /** LsaNtStatusToWinError (spec §2.14). */
    LsaNtStatusToWinError,
    /** AllocateLocallyUniqueId (spec §1.1): FALSE with 998 when the out-parameter is null. */
    async AllocateLocallyUniqueId(Luid: Ref<LuidPair> | null): Promise<boolean> {
      if (!isRef(Luid)) return ctx.fail(998, false);
      Luid.value = toLuidPair(await system.kernel.allocateLocallyUniqueId());
      return ctx.ok(true);
    },
    /** NtAllocateLocallyUniqueId: STATUS_ACCESS_VIOLATION for a null out-parameter. */
    async NtAllocateLocallyUniqueId(Luid: Ref<LuidPair> | null): Promise<NtStatus> {
      if (!isRef(Luid)) return 0xc0000005;
      Luid.value = toLuidPair(await system.kernel.allocateLocallyUniqueId());
      return STATUS_SUCCESS;
    },
    /** SeRegisterLogonSessionTerminatedRoutine (SEED-0, spec §2.4). */
    SeRegisterLogonSessionTerminatedRoutine(CallbackRoutine: Win32TerminationRoutine | null): NtStatus {
      return system.kernel.registerTerminationRoutine(CallbackRoutine, undefined, ROUTINE_FORM);
    },
    /** SeRegisterLogonSessionTerminatedRoutineEx: the routine also receives `Context`. */
    SeRegisterLogonSessionTerminatedRoutineEx(
      CallbackRoutine: Win32TerminationRoutine | null,
      Context: unknown,
    ): NtStatus {
      return system.kernel.registerTerminationRoutine(CallbackRoutine, Context, ROUTINE_FORM);
    },
    /** SeUnregisterLogonSessionTerminatedRoutine (spec §2.5, D2). */
    SeUnregisterLogonSessionTerminatedRoutine(CallbackRoutine: Win32TerminationRoutine | null): NtStatus {
      return system.kernel.unregisterTerminationRoutine(CallbackRoutine);
    },
    /** SeUnregisterLogonSessionTerminatedRoutineEx. */
    SeUnregisterLogonSessionTerminatedRoutineEx(
      CallbackRoutine: Win32TerminationRoutine | null,
      _Context?: unknown,
    ): NtStatus {
      return system.kernel.unregisterTerminationRoutine(CallbackRoutine);
    },
    /** SeMarkLogonSessionForTerminationNotification (spec §2.6). */
    async SeMarkLogonSessionForTerminationNotification(LogonId: LuidPair | null): Promise<NtStatus> {
      if (!isLuidPair(LogonId)) return STATUS_INVALID_PARAMETER;
      return system.kernel.markForTerminationNotification(fromLuidPair(LogonId));
    },
    /** LsaLookupAuthenticationPackage (LsaHandle left out). */
    LsaLookupAuthenticationPackage(PackageName: string, AuthenticationPackage: Ref<number> | null): NtStatus {
      if (typeof PackageName !== 'string' || !isRef(AuthenticationPackage)) return STATUS_INVALID_PARAMETER;
      const r = system.lsa.lookupAuthenticationPackage(PackageName);
      if (r.packageId !== undefined) AuthenticationPackage.value = r.packageId;
      return r.status;
    },
    /**
     * LsaLogonUser (spec §2.10): OriginName, LogonType, AuthenticationPackage, AuthenticationInformation,
     * LocalGroups, then the out-parameters ProfileBuffer, LogonId, Token, SubStatus.
     */
    async LsaLogonUser(
      OriginName: string,
      LogonType: number,
      AuthenticationPackage: number,
      AuthenticationInformation: unknown,
      LocalGroups: readonly string[] | null,
      ProfileBuffer: Ref<Record<string, unknown>> | null,
      LogonId: Ref<LuidPair> | null,
      Token: Ref<number> | null,
      SubStatus: Ref<number> | null,
    ): Promise<NtStatus> {
      if (!isRef(ProfileBuffer) || !isRef(LogonId) || !isRef(Token) || !isRef(SubStatus))
        return STATUS_INVALID_PARAMETER;
      if (!Number.isInteger(LogonType) || !Number.isInteger(AuthenticationPackage))
        return STATUS_INVALID_PARAMETER;
      const caller = await ctx.caller();
      if (caller === undefined) return STATUS_INVALID_HANDLE;
      const r = await system.lsa.logonUser({
        package: AuthenticationPackage,
        logonType: LogonType,
        authenticationInformation: AuthenticationInformation,
        ...(LocalGroups === null ? {} : { localGroups: LocalGroups }),
        workstation: typeof OriginName === 'string' ? OriginName : '',
        holder: `win32:${caller.handle}`,
      });
      SubStatus.value = r.subStatus;
      if (r.logonId !== undefined) LogonId.value = toLuidPair(r.logonId);
      if (r.handle !== undefined) Token.value = r.handle;
      if (r.profileBuffer !== undefined) ProfileBuffer.value = r.profileBuffer;
      return r.status;
    },
    /** LsaEnumerateLogonSessions (spec §2.12). */
    async LsaEnumerateLogonSessions(
      LogonSessionCount: Ref<number> | null,
      LogonSessionList: Ref<LuidPair[]> | null,
    ): Promise<NtStatus> {
      if (!isRef(LogonSessionCount) || !isRef(LogonSessionList)) return STATUS_INVALID_PARAMETER;
      const list = await system.lsa.enumerateLogonSessions();
      LogonSessionCount.value = list.length;
      LogonSessionList.value = list.map(toLuidPair);
      return STATUS_SUCCESS;
    },
    /** LsaGetLogonSessionData (spec §2.13, Q8). */
    async LsaGetLogonSessionData(
      LogonId: LuidPair | null,
      ppLogonSessionData: Ref<SECURITY_LOGON_SESSION_DATA> | null,
    ): Promise<NtStatus> {
      if (!isLuidPair(LogonId) || !isRef(ppLogonSessionData)) return STATUS_INVALID_PARAMETER;
      const caller = await ctx.caller();
      if (caller === undefined) return STATUS_ACCESS_DENIED;
      const r = await system.lsa.getLogonSessionData(caller, fromLuidPair(LogonId));
      if (r.data === undefined) return r.status;
      const d = r.data;
      ppLogonSessionData.value = {
        Size: d.size,
        LogonId: toLuidPair(d.logonId),
        UserName: d.userName,
        LogonDomain: d.logonDomain,
        AuthenticationPackage: d.authenticationPackage,
        LogonType: d.logonType,
        Session: d.session,
        Sid: d.sid,
        LogonTime: toFileTime(d.logonTime.getTime()),
        LogonServer: d.logonServer,
        DnsDomainName: d.dnsDomainName,
        Upn: d.upn,
        UserFlags: d.userFlags,
      };
      return STATUS_SUCCESS;
    },
    /** LsaFreeReturnBuffer: buffers are garbage-collected; always STATUS_SUCCESS (W-SEC). */
    LsaFreeReturnBuffer(_Buffer: unknown): NtStatus {
      return STATUS_SUCCESS;
    },
    /** DuplicateTokenEx: a new token object (+1 on the logon session, spec §1.6). */
    async DuplicateTokenEx(
      hExistingToken: number,
      _dwDesiredAccess: number,
      _lpTokenAttributes: unknown,
      ImpersonationLevel: number,
      TokenType: number,
      phNewToken: Ref<number> | null,
    ): Promise<boolean> {
      if (!isRef(phNewToken)) return ctx.fail(998, false);
      if (TokenType !== TokenPrimary && TokenType !== TokenImpersonation) return ctx.fail(87, false);
      if (!Number.isInteger(ImpersonationLevel) || ImpersonationLevel < 0 || ImpersonationLevel > 3)
        return ctx.fail(87, false);
      const r = await system.kernel.duplicateToken(
        hExistingToken,
        { type: TokenType, impersonationLevel: ImpersonationLevel },
        { holder: `win32:${ctx.callerHandle}` },
      );
      if (r.handle === undefined) return ctx.fail(LsaNtStatusToWinError(r.status), false);
      phNewToken.value = r.handle.id;
      return ctx.ok(true);
    },
    /** CreateRestrictedToken: a new token object restricted to `SidsToRestrict` (+1, spec §1.6). */
    async CreateRestrictedToken(
      ExistingTokenHandle: number,
      _Flags: number,
      _DisableSidCount: number,
      _SidsToDisable: readonly string[] | null,
      _DeletePrivilegeCount: number,
      _PrivilegesToDelete: readonly string[] | null,
      RestrictedSidCount: number,
      SidsToRestrict: readonly string[] | null,
      NewTokenHandle: Ref<number> | null,
    ): Promise<boolean> {
      if (!isRef(NewTokenHandle)) return ctx.fail(998, false);
      const restrict = (SidsToRestrict ?? []).slice(0, RestrictedSidCount);
      const r = await system.kernel.createRestrictedToken(ExistingTokenHandle, restrict, {
        holder: `win32:${ctx.callerHandle}`,
      });
      if (r.handle === undefined) return ctx.fail(LsaNtStatusToWinError(r.status), false);
      NewTokenHandle.value = r.handle.id;
      return ctx.ok(true);
    },
    /** CloseHandle on a token handle (a WTS server handle is closed with WTSCloseServer). */
    async CloseHandle(hObject: number): Promise<boolean> {
      const status = await system.kernel.closeHandle(hObject);
      return status === STATUS_SUCCESS ? ctx.ok(true) : ctx.fail(LsaNtStatusToWinError(status), false);
    },
    /** NtSetInformationToken: only TokenSessionReference (spec §1.6). */
    async NtSetInformationToken(
      TokenHandle: number,
      TokenInformationClass: number,
      TokenInformation: number,
    ): Promise<NtStatus> {
      if (TokenInformationClass !== TokenSessionReference) return STATUS_NOT_IMPLEMENTED;
      const caller = await ctx.caller();
      if (caller === undefined) return STATUS_INVALID_HANDLE;
      if (!holdsPrivilege(caller, SE_TCB_NAME)) return STATUS_PRIVILEGE_NOT_HELD;
      return system.kernel.setTokenSessionReference(caller, TokenHandle, TokenInformation);
    },
    /** SetTokenInformation: the BOOL form of NtSetInformationToken. */
    async SetTokenInformation(
      TokenHandle: number,
      TokenInformationClass: number,
      TokenInformation: number,
    ): Promise<boolean> {
      const status = await this.NtSetInformationToken(TokenHandle, TokenInformationClass, TokenInformation);
      return status === STATUS_SUCCESS ? ctx.ok(true) : ctx.fail(LsaNtStatusToWinError(status), false);
    },
    /** GetTokenInformation for TokenUser, TokenGroups, TokenPrivileges, TokenType, TokenImpersonationLevel, TokenStatistics, TokenRestrictedSids, TokenSessionId. */
    async GetTokenInformation(
      TokenHandle: number,
      TokenInformationClass: number,
      TokenInformation: Ref<unknown> | null,
    ): Promise<boolean> {
      if (!isRef(TokenInformation)) return ctx.fail(998, false);
      const r = await system.kernel.getToken(TokenHandle);
      if (r === undefined) return ctx.fail(6, false);
      const t = r.token;
      const values: Record<number, unknown> = {
        [TokenUser]: { User: { Sid: t.user } },
        [TokenGroups]: { GroupCount: t.groups.length, Groups: t.groups.map((Sid) => ({ Sid })) },
        [TokenPrivileges]: { PrivilegeCount: t.privileges.length, Privileges: t.privileges },
        [TokenType]: t.type,
        [TokenImpersonationLevel]: t.impersonationLevel,
        [TokenStatistics]: {
          TokenId: toLuidPair(BigInt(t.id)),
          AuthenticationId: toLuidPair(t.logonId),
          TokenType: t.type,
          ImpersonationLevel: t.impersonationLevel,
          GroupCount: t.groups.length,
          PrivilegeCount: t.privileges.length,
        },
        [TokenRestrictedSids]: {
          GroupCount: t.restrictedSids?.length ?? 0,
          Groups: (t.restrictedSids ?? []).map((Sid) => ({ Sid })),
        },
        [TokenSessionId]: t.sessionId,
      };
      if (!(TokenInformationClass in values)) return ctx.fail(87, false);
      TokenInformation.value = values[TokenInformationClass];
      return ctx.ok(true);
    },
  };
}

/** The LSA and token part of the Win32-shaped API. */
export type LsaApi = ReturnType<typeof createLsaApi>;
