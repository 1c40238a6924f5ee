/**
 * The rows logond persists (DESIGN.md "State and the Store port"). These are persistence shapes
 * only; what the fields mean and how they may change is decided by the domain layers.
 *
 * Rows handed out by a store are snapshots to read, never to mutate: to change a row, `put` a new
 * object. Times are milliseconds since the Unix epoch.
 */
import type { Luid } from '../nt/luid.ts';

/** Small named values: the LUID high-water mark, id allocators, the machine SID. */
export interface MetaRow {
  name: string;
  value: string | number | bigint | boolean | null;
}

/** Kernel (reference monitor) logon-session record (spec §1.2). */
export interface KernelSessionRow {
  logonId: Luid;
  /** Number of live token objects that hold a reference (spec §1.6). */
  refcount: number;
  /** Bit 0x1 = TERMINATION_NOTIFY (spec §1.2). */
  flags: number;
  /** `active`, or `terminating` once the count reached 0 (no new references, spec Q5). */
  phase: 'active' | 'terminating';
}

/** LSA logon-session record (spec §1.4). */
export interface LsaSessionRow {
  logonId: Luid;
  /** `creating` while the package decides, `active` once handed to the LSA, `terminating` in the cascade. */
  phase: 'creating' | 'active' | 'terminating';
  /** Package id that created the session (spec §1.4 owningPackage), -1 for well-known sessions. */
  owningPackage: number;
  authenticationPackage: string;
  logonType: number;
  /** WTS session id of the logon (spec §1.4 `session`). */
  session: number;
  logonTime: number;
  sid: string | null;
  userName: string;
  logonDomain: string;
  logonServer: string;
  dnsDomainName: string;
  upn: string;
  userFlags: number;
  /** Host (daemon) the logon happened on. */
  host: string;
}

/** A token object (spec §1.6). Handles reference it; it lives until its last handle closes. */
export interface TokenRow {
  id: number;
  logonId: Luid;
  /** 1 = TokenPrimary, 2 = TokenImpersonation. */
  type: 1 | 2;
  /** SECURITY_IMPERSONATION_LEVEL: 0 anonymous, 1 identification, 2 impersonation, 3 delegation. */
  impersonationLevel: number;
  user: string;
  groups: readonly string[];
  privileges: readonly string[];
  /** Restricting SIDs of a restricted token, or null. */
  restrictedSids: readonly string[] | null;
  /** Bit 0x20 = TOKEN_SESSION_NOT_REFERENCED (spec §1.6). */
  flags: number;
  handleCount: number;
  /** WTS session id (TokenSessionId). */
  sessionId: number;
  /** What created it: `logon`, `duplicate`, `restricted`, `query-user-token`, ... */
  source: string;
  createdAt: number;
}

/** A handle to a token: what callers hold. Bearer secrets are stored only as SHA-256 hashes. */
export interface HandleRow {
  id: number;
  tokenId: number;
  /** Who holds it, for "who keeps this logon session alive": `client`, `process:1234`, `wts:3`, ... */
  holder: string;
  /** Hex SHA-256 of the bearer secret, or null for handles without one. */
  secretHash: string | null;
  createdAt: number;
}

/** Progress of one termination cascade (spec §3, D3), so a crash resumes where it stopped. */
export interface CascadeRow {
  logonId: Luid;
  /** Number of packages whose LsaApLogonTerminated has been started (at most once each). */
  packagesStarted: number;
  /** Whether the session was marked for termination notification when its count reached 0. */
  marked: boolean;
  startedAt: number;
}

/** A local account (spec: accounts for the password package). */
export interface UserRow {
  /** Lower-cased user name: account names are case-insensitive. */
  key: string;
  userName: string;
  sid: string;
  fullName: string;
  /** `scrypt$N$r$p$salt$hash` (base64url parts), or null for an account without a password. */
  passwordHash: string | null;
  passwordLastSet: number;
  /** Epoch ms after which the password is expired, or null for never. */
  passwordExpires: number | null;
  mustChangePassword: boolean;
  disabled: boolean;
  /** 168 bits (7 days × 24 hours, Sunday 00:00 UTC first) as a 42-char hex string, or null for always. */
  logonHours: string | null;
  /** Workstation names the account may log on from, or null for any. */
  workstations: readonly string[] | null;
  /** SIDs of the groups the user belongs to. */
  groups: readonly string[];
  createdAt: number;
}

/** A local group (or a well-known alias such as Administrators). */
export interface GroupRow {
  key: string;
  name: string;
  sid: string;
  description: string;
}

/** A session host (one per daemon in cluster mode). */
export interface HostRow {
  name: string;
  address: string;
  heartbeatAt: number;
  startedAt: number;
}

/** A WTS (terminal) session (spec §1.7). */
export interface WtsSessionRow {
  /** `${host}/${sessionId}`. */
  key: string;
  host: string;
  sessionId: number;
  winStationName: string;
  state: number;
  userName: string;
  domain: string;
  userSid: string | null;
  /** The user's interactive logon session, or null. */
  logonId: Luid | null;
  /** The session's own token handle (winlogon's copy), or null. */
  tokenHandle: number | null;
  protocolType: number;
  clientName: string;
  clientAddress: string;
  clientBuildNumber: number;
  connectTime: number;
  disconnectTime: number;
  lastInputTime: number;
  logonTime: number;
  /** Security descriptor in SDDL-like JSON form (see security/). */
  securityDescriptor: string;
  /** Set while a logoff is under way. */
  loggingOff: boolean;
}

/** A program running in a WTS session (a real child process). */
export interface ProcessRow {
  /** `${host}/${pid}`. */
  key: string;
  host: string;
  pid: number;
  /** `${host}/${sessionId}`. */
  sessionKey: string;
  sessionId: number;
  /** Process start time as the OS reports it, to recognise the same process after a restart. */
  startTime: string;
  program: string;
  args: readonly string[];
  /** The process's own token handle. */
  tokenHandle: number;
  userSid: string | null;
  createdAt: number;
}

/** A named reader's position in the event log. */
export interface CursorRow {
  name: string;
  seq: number;
}

/** One entry of the event log. */
export interface EventRow {
  seq: number;
  type: string;
  time: number;
  data: Record<string, unknown>;
}

/** Every table, its row type. */
export interface Rows {
  meta: MetaRow;
  kernelSessions: KernelSessionRow;
  lsaSessions: LsaSessionRow;
  tokens: TokenRow;
  handles: HandleRow;
  cascades: CascadeRow;
  users: UserRow;
  groups: GroupRow;
  hosts: HostRow;
  wtsSessions: WtsSessionRow;
  processes: ProcessRow;
  cursors: CursorRow;
}
