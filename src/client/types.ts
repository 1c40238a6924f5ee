/**
 * The shapes of the HTTP API's answers and bodies (docs/http-api.md). Most come from the TypeBox
 * schemas in `src/protocol` that the daemon validates with (type-only imports: the client needs no
 * TypeBox at run time).
 */
import type { Static } from '@sinclair/typebox';
import type { CreateUserRequest, Group, UpdateUserRequest, User } from '../protocol/accounts.ts';
import type { HostList, HostView } from '../protocol/cluster.ts';
import type { EventLogPage, LogondEvent } from '../protocol/events.ts';
import type { Health, TerminationRoutines } from '../protocol/health.ts';
import type { LogonRequest, LogonResult } from '../protocol/logon.ts';
import type { LogonSession, LogonSessionHolders } from '../protocol/logon-sessions.ts';
import type { DuplicateTokenRequest, DuplicateTokenResult, Whoami } from '../protocol/tokens.ts';
import type {
  DisconnectResult as DisconnectResultSchema,
  LogoffResult as LogoffResultSchema,
  OpenWtsSessionRequest,
  OpenWtsSessionResult,
  ResetResult as ResetResultSchema,
  SessionProcess as SessionProcessSchema,
  StartProcessRequest as StartProcessRequestSchema,
  StartProcessResult as StartProcessResultSchema,
  WtsSession,
  WtsSessionList,
} from '../protocol/wts.ts';

export type {
  CreateUserRequest,
  DuplicateTokenRequest,
  DuplicateTokenResult,
  EventLogPage,
  Group,
  Health,
  HostList,
  HostView,
  LogondEvent,
  LogonRequest,
  LogonResult,
  LogonSession,
  LogonSessionHolders,
  OpenWtsSessionRequest,
  OpenWtsSessionResult,
  TerminationRoutines,
  UpdateUserRequest,
  User,
  Whoami,
  WtsSession,
  WtsSessionList,
};

/** A LUID as the API writes it: `0x<high>:0x<low>`. */
export type LuidText = string;

/** A WTS session id, or `current` for the caller's own session. */
export type WtsSessionRef = number | 'current';

/** One token that references a logon session, with its open handles. */
export type Holder = LogonSessionHolders['holders'][number];

/** One open handle to a token. */
export type HolderHandle = Holder['handles'][number];

/** A logoff's answer: `completed` is false when the daemon only accepted it (`wait: false`). */
export type LogoffResult = Static<typeof LogoffResultSchema>;

/** A disconnect's answer: the session's new state. */
export type DisconnectResult = Static<typeof DisconnectResultSchema>;

/** A reset's answer. */
export type ResetResult = Static<typeof ResetResultSchema>;

/** A program running in a WTS session. */
export type SessionProcess = Static<typeof SessionProcessSchema>;

/** `POST /v1/wts/sessions/:id/processes` body. */
export type StartProcessRequest = Static<typeof StartProcessRequestSchema>;

/** The started program. */
export type StartProcessResult = Static<typeof StartProcessResultSchema>;
