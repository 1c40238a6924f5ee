import type { Luid } from '../nt/luid.ts';
import type { KernelSessionRow, LsaSessionRow } from '../store/rows.ts';

/** sizeof(SECURITY_LOGON_SESSION_DATA) on x64 with the Vista+ fields (MS-SLSD): what `Size` reports. */
export const SECURITY_LOGON_SESSION_DATA_SIZE = 272;

/** FILETIME (100 ns intervals since 1601-01-01 UTC) of an epoch-milliseconds time. */
export function toFileTime(ms: number): bigint {
  return (BigInt(Math.trunc(ms)) + 11_644_473_600_000n) * 10_000n;
}

/** What LsaGetLogonSessionData returns (spec §2.13; MS-SLSD), in the idiomatic form. */
export interface LogonSessionData {
  size: number;
  logonId: Luid;
  userName: string;
  logonDomain: string;
  authenticationPackage: string;
  logonType: number;
  session: number;
  sid: string | null;
  logonTime: Date;
  logonServer: string;
  dnsDomainName: string;
  upn: string;
  userFlags: number;
  /** `creating`, `active` or `terminating` (spec §1.4 phase). */
  phase: LsaSessionRow['phase'];
  /** Token objects referencing the session (kernel refcount), when the kernel record exists. */
  referenceCount: number;
  host: string;
}

/** Builds the data of one session from its LSA and kernel records. */
export function toLogonSessionData(
  lsa: LsaSessionRow,
  kernel: KernelSessionRow | undefined,
): LogonSessionData {
  return {
    size: SECURITY_LOGON_SESSION_DATA_SIZE,
    logonId: lsa.logonId,
    userName: lsa.userName,
    logonDomain: lsa.logonDomain,
    authenticationPackage: lsa.authenticationPackage,
    logonType: lsa.logonType,
    session: lsa.session,
    sid: lsa.sid,
    logonTime: new Date(lsa.logonTime),
    logonServer: lsa.logonServer,
    dnsDomainName: lsa.dnsDomainName,
    upn: lsa.upn,
    userFlags: lsa.userFlags,
    phase: kernel?.phase === 'terminating' ? 'terminating' : lsa.phase,
    referenceCount: kernel?.refcount ?? 0,
    host: lsa.host,
  };
}
