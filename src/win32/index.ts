/**
 * `logond/win32`: the Win32-shaped API (spec D10). Functions by their Windows names, parameters in
 * Windows order, out-parameters as `Ref<T>` (`{ value?: T }`) or `null`, LUIDs as
 * `{ LowPart, HighPart }`, handles as numbers, and a last error per caller context.
 *
 * ```ts
 * import { createSystem } from 'logond';
 * const system = await createSystem();
 * const api = system.win32();            // kernel mode (trusted)
 * const luid = {};                       // Ref<LuidPair>
 * await api.AllocateLocallyUniqueId(luid);
 * ```
 */
import type { System } from '../system.ts';
import { Win32Context } from './context.ts';
import { createLsaApi } from './lsa-api.ts';
import { createWtsApi } from './wtsapi32.ts';

export * from '../lsa/logon-type.ts';
export {
  ANONYMOUS_LOGON_LUID,
  fromLuidPair,
  IUSER_LUID,
  LOCALSERVICE_LUID,
  NETWORKSERVICE_LUID,
  SYSTEM_LUID,
  toLuidPair,
} from '../nt/luid.ts';
export * from '../nt/ntstatus.ts';
export { Win32Context } from './context.ts';
export type { SECURITY_LOGON_SESSION_DATA } from './lsa-api.ts';
export {
  SecurityAnonymous,
  SecurityDelegation,
  SecurityIdentification,
  SecurityImpersonation,
  TokenGroups,
  TokenImpersonation,
  TokenImpersonationLevel,
  TokenPrimary,
  TokenPrivileges,
  TokenRestrictedSids,
  TokenSessionId,
  TokenSessionReference,
  TokenStatistics,
  TokenType,
  TokenUser,
} from './lsa-api.ts';
export { type Ref, ref } from './ref.ts';
export * from './wts-constants.ts';
export type * from './wts-structs.ts';
export { SIZEOF } from './wts-structs.ts';
export type {
  WTS_PROCESS_INFO,
  WTS_PROCESS_INFO_EX,
  WTS_SERVER_INFO,
  WTS_SESSION_INFO,
  WTS_SESSION_INFO_1,
} from './wtsapi32.ts';

/** Creates the Win32-shaped API for one caller: `callerHandle` 0 (default) is kernel mode. */
export function createWin32(system: System, callerHandle = 0) {
  const ctx = new Win32Context(system, callerHandle);
  return { ...createLsaApi(ctx), ...createWtsApi(ctx) };
}

/** The Win32-shaped API of one caller context. */
export type Win32Api = ReturnType<typeof createWin32>;
