/**
 * The authentication-package contract (spec §2.9, §2.10; MS-DISP, MS-LUEX2, MS-TERM).
 *
 * A package is a plain object. logond calls `LsaApInitializePackage` once at start with the
 * package's id (consecutive from 0, in configuration order) and the dispatch table, then
 * `LsaApLogonUser` for each LsaLogonUser naming it, and `LsaApLogonTerminated` for every logon
 * session that terminates (every package hears every LUID; ignore the ones you do not know).
 *
 * LUIDs are `bigint` in this interface (the logical 64-bit value); use `toLuidPair` from
 * `logond` for the `{ LowPart, HighPart }` form.
 */
import type { Luid } from '../nt/luid.ts';
import type { NtStatus } from '../nt/ntstatus.ts';

/**
 * The LSA_DISPATCH_TABLE members logond implements (spec §2.9: members that are not implemented
 * are left out, no stubs). Each call is one store transaction.
 */
export interface LsaDispatchTable {
  /** spec §2.7: 0xC0000105 if the LUID is already in the LSA table. */
  CreateLogonSession(LogonId: Luid): Promise<NtStatus>;
  /** spec §2.8, D5: 0xC000005F unknown; 0xC0000104 referenced or already handed to the LSA. */
  DeleteLogonSession(LogonId: Luid): Promise<NtStatus>;
  /** spec §1.1: a fresh LUID, never handed out before, even across restarts. */
  AllocateLocallyUniqueId(): Promise<Luid>;
}

/** What LsaLogonUser passes to the package (the submit buffer and the call's context). */
export interface LogonUserRequest {
  /** SECURITY_LOGON_TYPE (spec §1.5). */
  readonly LogonType: number;
  /** The package-specific submit buffer, as the caller gave it (already validated as JSON-like data). */
  readonly AuthenticationInformation: unknown;
  /** The client's workstation name ('' when unknown), for workstation restrictions. */
  readonly Workstation: string;
  /** The client's network address ('' when unknown). */
  readonly ClientAddress: string;
  /** The WTS session id the logon is for (0 when none). */
  readonly SessionId: number;
  /** Milliseconds since the epoch: the time of the logon (from the system clock). */
  readonly Time: number;
}

/** The token information a package returns (LSA_TOKEN_INFORMATION_V1, reduced to what logond uses). */
export interface TokenInformation {
  /** The user's SID. */
  User: string;
  /** Group SIDs (the LSA adds Everyone and the logon-type SID itself, spec §2.10 step 4). */
  Groups?: readonly string[];
  /** Privilege names such as `SeTcbPrivilege`. */
  Privileges?: readonly string[];
}

/** What the package fills in (the out-parameters of LsaApLogonUser). */
export interface LogonUserOutput {
  /** The LUID the package created with CreateLogonSession (spec §2.10 step 3c). */
  LogonId?: Luid;
  /** The detailed reason for STATUS_LOGON_FAILURE / STATUS_ACCOUNT_RESTRICTION (spec §2.10 step 3b). */
  SubStatus?: NtStatus;
  /** The account name; returned even on failure, for auditing (MS-LUEX2). */
  AccountName?: string;
  /** The authenticating authority (domain); the computer name for local accounts. */
  AuthenticatingAuthority?: string;
  TokenInformation?: TokenInformation;
  /** The profile buffer handed back to the caller (package-specific). */
  ProfileBuffer?: Record<string, unknown>;
  UserFlags?: number;
  LogonServer?: string;
  DnsDomainName?: string;
  Upn?: string;
}

/** An authentication package. Every method may return a promise. */
export interface AuthenticationPackage {
  /** The name LsaLookupAuthenticationPackage finds it by (case-insensitive), e.g. `MSV1_0`. */
  readonly name: string;
  /** Called once; a failure status stops the system from starting. */
  LsaApInitializePackage(
    AuthenticationPackageId: number,
    LsaDispatchTable: LsaDispatchTable,
  ): NtStatus | Promise<NtStatus>;
  /**
   * Validates the request; on success it must have created `out.LogonId` with CreateLogonSession.
   * If it fails after creating a session it must delete it (SEED-2).
   */
  LsaApLogonUser(request: LogonUserRequest, out: LogonUserOutput): NtStatus | Promise<NtStatus>;
  /** Told once for every logon session that terminates (spec §2.11). Errors are logged, never fatal. */
  LsaApLogonTerminated(LogonId: Luid): void | Promise<void>;
}
