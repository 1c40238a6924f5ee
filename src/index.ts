/**
 * logond: the Windows logon-session model for Node.js services and Linux hosts.
 *
 * The public surface, export by export. The Win32-shaped API is the `logond/win32` subpath.
 */

export type { EventFilter, EventLog, EventSubscription } from './events/event-log.ts';
export type { Caller } from './kernel/caller.ts';
export { holdsPrivilege, isAdministrator, TRUSTED_CALLER } from './kernel/caller.ts';
export type { Kernel, TokenHolders } from './kernel/kernel.ts';
export type { HandleResult, HandleSpec, TokenSpec } from './kernel/kernel-tx.ts';
export { TOKEN_SESSION_NOT_REFERENCED, TokenImpersonation, TokenPrimary } from './kernel/kernel-tx.ts';
export type { TerminationRoutine } from './kernel/termination-routines.ts';
export type { CascadeLogger, CascadeStats, TerminationNotify } from './lsa/cascade.ts';
export type { LogonSessionData } from './lsa/logon-session-data.ts';
export * as LogonType from './lsa/logon-type.ts';
export type { LogonUserOptions, LogonUserResult, Lsa } from './lsa/lsa.ts';
export type {
  AuthenticationPackage,
  LogonUserOutput,
  LogonUserRequest,
  LsaDispatchTable,
  TokenInformation,
} from './lsa/package.ts';
export type { Clock, Timer } from './nt/clock.ts';
export { ManualClock, systemClock } from './nt/clock.ts';
export type { Luid, LuidPair } from './nt/luid.ts';
export {
  ANONYMOUS_LOGON_LUID,
  formatLuid,
  fromLuidPair,
  IUSER_LUID,
  LOCALSERVICE_LUID,
  NETWORKSERVICE_LUID,
  parseLuid,
  SYSTEM_LUID,
  toLuidPair,
} from './nt/luid.ts';
export { isNtError, NtError } from './nt/nt-error.ts';
export type { NtStatus, StatusInfo } from './nt/ntstatus.ts';
export { formatStatus, LsaNtStatusToWinError, STATUS_TABLE, statusInfo, statusName } from './nt/ntstatus.ts';
export { MemoryStore } from './store/memory/memory-store.ts';
export type { EventRow } from './store/rows.ts';
export type { ReadTx, Store, Tx } from './store/store.ts';
export type {
  PackageContext,
  PackageOption,
  StoreOption,
  System,
  SystemLimits,
  SystemOptions,
} from './system.ts';
export { createSystem, isAuthenticationPackage } from './system.ts';
export type { ClusterOptions } from './wts/cluster-options.ts';
export type {
  HostLink,
  HostTarget,
  WtsRemoteAnswer,
  WtsRemoteCall,
  WtsRemoteRequest,
} from './wts/host-link.ts';
export type { HostInfo } from './wts/host-registry.ts';
export type { ProcessHost } from './wts/process-host.ts';
export type {
  LogoffOptions,
  QueryUserTokenOptions,
  SessionRef,
  StartProgramResult,
  TimeLimits,
  Wts,
  WtsLogonOptions,
  WtsLogonResult,
  WtsOptions,
  WtsProcessInfo,
  WtsSessionInfo,
} from './wts/wts.ts';
export type { WtsServer } from './wts/wts-server.ts';
