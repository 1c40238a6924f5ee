/**
 * The shapes of the HTTP API's answers and bodies (docs/http-api.md). Most come from the TypeBox
 * schemas in `src/protocol` that the daemon validates with (type-only imports: the client needs no
 * TypeBox at run time); the rest are written here until their schemas exist.
 */
import type { CreateUserRequest, Group, UpdateUserRequest, User } from '../protocol/accounts.ts';
import type { EventLogPage, LogondEvent } from '../protocol/events.ts';
import type { Health, TerminationRoutines } from '../protocol/health.ts';
import type { LogonRequest, LogonResult } from '../protocol/logon.ts';
import type { LogonSession, LogonSessionHolders } from '../protocol/logon-sessions.ts';
import type { DuplicateTokenRequest, DuplicateTokenResult, Whoami } from '../protocol/tokens.ts';

export type {
  CreateUserRequest,
  DuplicateTokenRequest,
  DuplicateTokenResult,
  EventLogPage,
  Group,
  Health,
  LogondEvent,
  LogonRequest,
  LogonResult,
  LogonSession,
  LogonSessionHolders,
  TerminationRoutines,
  UpdateUserRequest,
  User,
  Whoami,
};

/** A LUID as the API writes it: `0x<high>:0x<low>`. */
export type LuidText = string;

/** A WTS session id, or `current` for the caller's own session. */
export type WtsSessionRef = number | 'current';

/** One token that references a logon session, with its open handles. */
export type Holder = LogonSessionHolders['holders'][number];

/** One open handle to a token. */
export type HolderHandle = Holder['handles'][number];

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
