import type { KernelTx } from '../kernel/kernel-tx.ts';
import type { Luid } from '../nt/luid.ts';
import {
  type NtStatus,
  STATUS_BAD_LOGON_SESSION_STATE,
  STATUS_LOGON_SESSION_COLLISION,
  STATUS_NO_SUCH_LOGON_SESSION,
  STATUS_SUCCESS,
} from '../nt/ntstatus.ts';
import type { LsaSessionRow } from '../store/rows.ts';

/** An LSA record with every data field empty (spec §2.7 step 4). */
export function emptyLsaSession(
  logonId: Luid,
  owningPackage: number,
  packageName: string,
  host: string,
  now: number,
): LsaSessionRow {
  return {
    logonId,
    phase: 'creating',
    owningPackage,
    authenticationPackage: packageName,
    logonType: 0,
    session: 0,
    logonTime: now,
    sid: null,
    userName: '',
    logonDomain: '',
    logonServer: '',
    dnsDomainName: '',
    upn: '',
    userFlags: 0,
    host,
  };
}

/**
 * LSA dispatch CreateLogonSession (spec §2.7, SEED-2): 0xC0000105 if the LSA knows the LUID
 * (the kernel is not called); a kernel failure (0xC00000EE) inserts nothing.
 */
export function createLsaLogonSession(k: KernelTx, row: LsaSessionRow): NtStatus {
  if (k.tx.get('lsaSessions', row.logonId) !== undefined) return STATUS_LOGON_SESSION_COLLISION;
  const status = k.createLogonSession(row.logonId);
  if (status !== STATUS_SUCCESS) return status;
  k.tx.put('lsaSessions', row);
  return STATUS_SUCCESS;
}

/**
 * LSA dispatch DeleteLogonSession (spec §2.8, SEED-1, D5): 0xC000005F unknown; 0xC0000104 once
 * handed to the LSA (phase not `creating`) or still referenced; never runs routines or packages.
 */
export function deleteLsaLogonSession(k: KernelTx, logonId: Luid): NtStatus {
  const rec = k.tx.get('lsaSessions', logonId);
  if (rec === undefined) return STATUS_NO_SUCH_LOGON_SESSION;
  if (rec.phase !== 'creating') return STATUS_BAD_LOGON_SESSION_STATE;
  const status = k.deleteLogonSession(logonId);
  if (status !== STATUS_SUCCESS) return status;
  k.tx.delete('lsaSessions', logonId);
  return STATUS_SUCCESS;
}
