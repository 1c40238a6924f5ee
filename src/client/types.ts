/**
 * The shapes of the HTTP API's answers, as docs/http-api.md defines them (the contract between the
 * daemon and its clients). Fields the contract leaves open are typed loosely on purpose: the client
 * passes through whatever the daemon sends.
 */

/** A LUID as the API writes it: `0x<high>:0x<low>`. */
export type LuidText = string;

/** A WTS session id, or `current` for the caller's own session. */
export type WtsSessionRef = number | 'current';

/** `POST /v1/logon` body. */
export interface LogonRequest {
  userName?: string;
  password?: string;
  package?: string;
  logonType?: string | number;
  domain?: string;
  workstation?: string;
  authenticationInformation?: unknown;
}

/** `POST /v1/logon` answer. */
export interface LogonResult {
  token: string;
  handle: number;
  logonId: LuidText;
  userName: string;
  domain: string;
  userSid: string;
  logonType: string | number;
  tokenType: string;
  sessionId: number;
  profile?: unknown;
}

/** One group of a token: a SID, or an object naming it. */
export type TokenGroup =
  | string
  | { name?: string; sid: string; type?: string; attributes?: string[] | number };

/** One privilege of a token: a name, or an object with its state. */
export type TokenPrivilege =
  | string
  | { name: string; description?: string; enabled?: boolean; state?: string; attributes?: string[] | number };

/** `GET /v1/whoami` answer. */
export interface Whoami {
  userName: string;
  domain: string;
  userSid: string;
  groups: TokenGroup[];
  privileges: TokenPrivilege[];
  logonId: LuidText;
  logonType: string | number;
  sessionId: number;
  handle: number;
  tokenType: string;
  administrator: boolean;
}

/** `POST /v1/tokens/duplicate` body. */
export interface DuplicateTokenRequest {
  tokenType?: 'primary' | 'impersonation';
  impersonationLevel?: number;
}

/** `POST /v1/tokens/duplicate` answer. */
export interface DuplicateTokenResult {
  token: string;
  handle: number;
  logonId: LuidText;
}

/** A logon session (LSA record plus kernel state). */
export interface LogonSession {
  logonId: LuidText;
  userName: string;
  logonDomain: string;
  userSid: string | null;
  authenticationPackage: string;
  logonType: number;
  logonTypeName: string;
  session: number;
  logonTime: string | null;
  logonServer: string;
  dnsDomainName: string;
  upn: string;
  phase: string;
  referenceCount: number;
  host: string;
}

/** One handle to a token that keeps a logon session alive. */
export interface HolderHandle {
  handle: number;
  holder: string | null;
  createdAt: string | null;
}

/** One token that references a logon session, with its open handles. */
export interface Holder {
  tokenId: number | string;
  tokenType: string;
  source: string | null;
  sessionId: number | null;
  handles: HolderHandle[];
}

/** `GET /v1/logon-sessions/:luid/holders` answer. */
export interface LogonSessionHolders {
  logonId: LuidText;
  holders: Holder[];
}

/** A terminal (WTS) session. */
export interface WtsSession {
  sessionId: number;
  winStationName: string;
  state: number;
  stateName: string;
  userName: string;
  domain: string;
  clientName: string;
  clientAddress: string | null;
  protocolType: number;
  logonTime: string | null;
  connectTime: string | null;
  disconnectTime: string | null;
  lastInputTime: string | null;
  idleMs: number | null;
  host: string;
  current: boolean;
  [infoClass: string]: unknown;
}

/** `POST /v1/wts/sessions` body. */
export interface OpenWtsSessionRequest {
  userName: string;
  password: string;
  station?: string;
  clientName?: string;
  clientAddress?: string;
}

/** `POST /v1/wts/sessions` answer. */
export interface OpenWtsSessionResult {
  sessionId: number;
  token: string;
  handle: number;
  logonId: LuidText;
  reconnected: boolean;
}

/** `POST /v1/wts/sessions/:id/logoff` answer: `completed` is false when the daemon only accepted it. */
export interface LogoffResult {
  sessionId: number;
  completed: boolean;
}

/** A program running in a WTS session. */
export interface SessionProcess {
  pid: number;
  sessionId: number;
  program: string;
  args: string[];
  userSid: string;
  startTime: string;
}

/** A local user account (never with a password hash). */
export interface User {
  userName: string;
  sid: string;
  fullName: string;
  disabled: boolean;
  mustChangePassword: boolean;
  passwordExpires: string | null;
  passwordLastSet: string | null;
  logonHours: unknown;
  workstations: string[] | null;
  groups: { name: string; sid: string }[];
}

/** `POST /v1/users` body. */
export interface CreateUserRequest {
  userName: string;
  password: string;
  fullName?: string;
  groups?: string[];
  mustChangePassword?: boolean;
  disabled?: boolean;
}

/** `PATCH /v1/users/:name` body. */
export interface UpdateUserRequest {
  disabled?: boolean;
  mustChangePassword?: boolean;
  passwordExpires?: string | null;
  fullName?: string;
  logonHours?: unknown;
  workstations?: string[] | null;
}

/** A local group. */
export interface Group {
  name: string;
  sid: string;
  description: string;
  members: string[];
}

/** `GET /v1/termination-routines` answer. */
export interface TerminationRoutines {
  terminationNotify: string;
  limit: number;
  registered: { id: number | string; registeredAt: string; form: string }[];
  stats: Record<string, unknown>;
}

/** One entry of the event log, as `GET /v1/events/log` and the SSE stream give it. */
export interface LogondEvent {
  seq: number;
  type: string;
  time: string | null;
  data: unknown;
}

/** `GET /v1/events/log` answer. */
export interface EventLogPage {
  events: LogondEvent[];
  last: number;
}

/** `GET /healthz` answer. */
export interface Health {
  status: string;
  store: unknown;
  host: string;
  uptime: number;
}
