/**
 * The logond client SDK: `createClient({ baseUrl, token })`, one method per HTTP route, errors as
 * `LogondError`, the live event stream as an async iterator.
 */
export type { EventStreamOptions, RetryInfo } from './event-stream.ts';
export { type ClientOptions, createClient, LogondClient, type ServerOption } from './logond-client.ts';
export { isLogondError, LogondError, type LogondErrorInit } from './logond-error.ts';
export { type SseMessage, SseParser } from './sse-parser.ts';
export type {
  CreateUserRequest,
  DisconnectResult,
  DuplicateTokenRequest,
  DuplicateTokenResult,
  EventLogPage,
  Group,
  Health,
  Holder,
  HolderHandle,
  HostList,
  HostView,
  LogoffResult,
  LogondEvent,
  LogonRequest,
  LogonResult,
  LogonSession,
  LogonSessionHolders,
  LuidText,
  OpenWtsSessionRequest,
  OpenWtsSessionResult,
  ResetResult,
  SessionProcess,
  StartProcessRequest,
  StartProcessResult,
  TerminationRoutines,
  UpdateUserRequest,
  User,
  Whoami,
  WtsSession,
  WtsSessionList,
  WtsSessionRef,
} from './types.ts';
