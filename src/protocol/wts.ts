/** `/v1/wts/sessions`: terminal (WTS) sessions and their programs (docs/http-api.md; spec §1.7, §1.8). */
import { type Static, Type } from '@sinclair/typebox';
import { OptionalTime, Text } from './common.ts';

/** A terminal session with every information class of spec §1.8. */
export const WtsSession = Type.Object(
  {
    sessionId: Type.Integer(),
    winStationName: Type.String(),
    state: Type.Integer({ description: 'WTS_CONNECTSTATE_CLASS' }),
    stateName: Type.String({ description: 'WTSActive … WTSInit' }),
    userName: Type.String(),
    domain: Type.String(),
    userSid: Type.Union([Type.String(), Type.Null()]),
    logonId: Type.Union([Type.String(), Type.Null()]),
    clientName: Type.String(),
    clientAddress: Type.String(),
    clientBuildNumber: Type.Integer(),
    protocolType: Type.Integer({ description: '0 console, 1 legacy, 2 RDP' }),
    logonTime: OptionalTime,
    connectTime: OptionalTime,
    disconnectTime: OptionalTime,
    lastInputTime: OptionalTime,
    currentTime: Type.String({ format: 'date-time' }),
    idleMs: Type.Union([Type.Number(), Type.Null()]),
    host: Type.String(),
    loggingOff: Type.Boolean(),
    current: Type.Boolean({ description: "whether it is the caller's own session" }),
  },
  { title: 'WtsSession' },
);
/** A terminal session. */
export type WtsSession = Static<typeof WtsSession>;

/** The sessions of one host the caller may query. */
export const WtsSessionList = Type.Object(
  { server: Type.String(), sessions: Type.Array(WtsSession) },
  { title: 'WtsSessionList' },
);
/** The sessions of one host. */
export type WtsSessionList = Static<typeof WtsSessionList>;

/**
 * `?server=`: the session host (default: this one), by name as `GET /v1/hosts` lists them; on
 * `GET /v1/wts/sessions`, `*` lists every host of the cluster.
 */
export const WtsServerQuery = Type.Object(
  {
    server: Type.Optional(
      Type.String({
        minLength: 0,
        maxLength: 255,
        description: 'a session host name; * = every host (lists)',
      }),
    ),
  },
  { additionalProperties: false },
);

/** A logon to a terminal session (or a reconnection to the user's disconnected one). */
export const OpenWtsSessionRequest = Type.Object(
  {
    userName: Text(256, 1),
    password: Text(256),
    station: Type.Optional(Text(32, 1)),
    clientName: Type.Optional(Text(20)),
    clientAddress: Type.Optional(Text(64)),
  },
  { additionalProperties: false, title: 'OpenWtsSessionRequest' },
);
/** A logon to a terminal session. */
export type OpenWtsSessionRequest = Static<typeof OpenWtsSessionRequest>;

/** The session and the caller's bearer token for the user's token. */
export const OpenWtsSessionResult = Type.Object(
  {
    sessionId: Type.Integer(),
    token: Type.String(),
    handle: Type.Integer(),
    logonId: Type.String(),
    reconnected: Type.Boolean(),
  },
  { title: 'OpenWtsSessionResult' },
);
/** The session and the caller's token. */
export type OpenWtsSessionResult = Static<typeof OpenWtsSessionResult>;

/** `{ wait }`: whether to answer only once the work is done (bWait, default true). */
export const WaitRequest = Type.Object(
  { wait: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, title: 'WaitRequest' },
);

/** A logoff: done (200, `completed: true`) or accepted (202, `completed: false`). */
export const LogoffResult = Type.Object(
  { sessionId: Type.Integer(), completed: Type.Boolean() },
  { title: 'LogoffResult' },
);

/** A disconnected session's new state. */
export const DisconnectResult = Type.Object(
  { sessionId: Type.Integer(), state: Type.Integer(), stateName: Type.String() },
  { title: 'DisconnectResult' },
);

/** A reset session. */
export const ResetResult = Type.Object({ sessionId: Type.Integer() }, { title: 'ResetResult' });

/** A program in a session (arguments and user only for callers who may query the session). */
export const SessionProcess = Type.Object(
  {
    pid: Type.Integer(),
    sessionId: Type.Integer(),
    program: Type.String(),
    args: Type.Array(Type.String()),
    userSid: Type.Union([Type.String(), Type.Null()]),
    startTime: Type.String({
      description: "the OS's start time of the process (with the pid, names it across restarts)",
    }),
  },
  { title: 'SessionProcess' },
);

/** The programs of a session. */
export const SessionProcessList = Type.Object(
  { processes: Type.Array(SessionProcess) },
  { title: 'SessionProcessList' },
);

/** A program to start in a session, under the session's user. */
export const StartProcessRequest = Type.Object(
  { program: Text(4096, 1), args: Type.Optional(Type.Array(Text(32768), { maxItems: 256 })) },
  { additionalProperties: false, title: 'StartProcessRequest' },
);

/** The started program. */
export const StartProcessResult = Type.Object(
  { pid: Type.Integer(), sessionId: Type.Integer() },
  { title: 'StartProcessResult' },
);
