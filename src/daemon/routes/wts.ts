/**
 * `/v1/wts/sessions`: terminal sessions over HTTP (docs/http-api.md). Every call goes to
 * `system.wts.on(?server=)` with the caller's identity; the per-session permissions are checked
 * there, and a session of another host of the cluster is acted on by its own daemon.
 */
import { formatLuid } from '../../nt/luid.ts';
import { NtError } from '../../nt/nt-error.ts';
import { STATUS_INTERNAL_ERROR, STATUS_NOT_FOUND } from '../../nt/ntstatus.ts';
import { WtsSessionParams } from '../../protocol/common.ts';
import {
  DisconnectResult,
  LogoffResult,
  OpenWtsSessionRequest,
  OpenWtsSessionResult,
  ResetResult,
  SessionProcessList,
  StartProcessRequest,
  StartProcessResult,
  WaitRequest,
  WtsServerQuery,
  WtsSession,
  WtsSessionList,
} from '../../protocol/wts.ts';
import type { SessionRef, WtsSessionInfo } from '../../wts/wts.ts';
import type { WtsServer } from '../../wts/wts-server.ts';
import { iso, isoOrNull } from '../_views.ts';
import type { DaemonContext } from '../context.ts';
import { attemptLogon } from '../logon-attempt.ts';
import { check } from '../problem.ts';
import { defineRoute } from '../route.ts';

/** WTSDisconnected (spec §1.7). */
const WTS_DISCONNECTED = 4;

function sessionRef(id: string): SessionRef {
  return id === 'current' ? 'current' : Number(id);
}

/** A session as the API shows it. */
function toWtsSession(s: WtsSessionInfo): WtsSession {
  return {
    sessionId: s.sessionId,
    winStationName: s.winStationName,
    state: s.state,
    stateName: s.stateName,
    userName: s.userName,
    domain: s.domain,
    userSid: s.userSid,
    logonId: s.logonId === null ? null : formatLuid(s.logonId),
    clientName: s.clientName,
    clientAddress: s.clientAddress,
    clientBuildNumber: s.clientBuildNumber,
    protocolType: s.protocolType,
    logonTime: isoOrNull(s.logonTime),
    connectTime: isoOrNull(s.connectTime),
    disconnectTime: isoOrNull(s.disconnectTime),
    lastInputTime: isoOrNull(s.lastInputTime),
    currentTime: iso(s.currentTime),
    idleMs: s.idleMs,
    host: s.host,
    loggingOff: s.loggingOff,
    current: s.current,
  };
}

/**
 * WTSOpenServer (`?server=`): nothing, '', '.', `localhost` or this host's name is this host; another
 * registered host of the cluster is reached through the shared store and its daemon
 * (`system.wts.on`). A name no host registered answers 404.
 */
async function serverOf(context: DaemonContext, server: string | undefined): Promise<WtsServer> {
  const { wts, computerName } = context.system;
  if (server === undefined || server.toLowerCase() === computerName.toLowerCase()) return wts.on();
  // The names known at the last look; a host registered since is found by reading them again.
  if (
    !wts.knowsHost(server) &&
    !(await wts.hosts()).some((h) => h.name.toLowerCase() === server.toLowerCase())
  )
    throw new NtError(
      STATUS_NOT_FOUND,
      `No session host named "${server.slice(0, 64)}" is registered in this cluster (GET /v1/hosts lists them).`,
    );
  return wts.on(server);
}

/** `GET /v1/wts/sessions`. */
export const listWtsSessionsRoute = defineRoute({
  method: 'GET',
  url: '/v1/wts/sessions',
  auth: 'user',
  summary:
    'Terminal sessions of a host the caller may query (WTSEnumerateSessions); ?server=* lists every host of the cluster',
  tags: ['wts'],
  query: WtsServerQuery,
  responses: { 200: WtsSessionList },
  async handler({ query, auth, context }) {
    if (query.server === '*') {
      const sessions = await context.system.wts.listClusterSessions(auth!.caller);
      return { server: '*', sessions: sessions.map(toWtsSession) } satisfies WtsSessionList;
    }
    const server = await serverOf(context, query.server);
    const sessions = await server.listSessions(auth!.caller);
    // The host's name as it registered, whatever spelling the query used.
    const name =
      sessions[0]?.host ??
      (await context.system.wts.hosts()).find((h) => h.name.toLowerCase() === server.name.toLowerCase())
        ?.name ??
      server.name;
    return { server: name, sessions: sessions.map(toWtsSession) } satisfies WtsSessionList;
  },
});

/** `POST /v1/wts/sessions`: log on at the console or over RDP, or reconnect to one's session. */
export const openWtsSessionRoute = defineRoute({
  method: 'POST',
  url: '/v1/wts/sessions',
  auth: 'none',
  summary: "Log on to a terminal session (or reconnect to the user's disconnected one)",
  tags: ['wts'],
  body: OpenWtsSessionRequest,
  responses: { 201: OpenWtsSessionResult },
  async handler({ body, request, reply, context }) {
    const address = request.ip;
    const result = await attemptLogon(context, reply, { userName: body.userName, address }, () =>
      context.system.wts.logon({
        userName: body.userName,
        password: body.password,
        ...(body.station === undefined ? {} : { station: body.station }),
        ...(body.clientName === undefined ? {} : { clientName: body.clientName }),
        clientAddress: body.clientAddress ?? address,
        holder: `http ${address}`,
        bearer: true,
      }),
    );
    if (result === undefined) return reply;
    if (
      result.sessionId === undefined ||
      result.secret === undefined ||
      result.handle === undefined ||
      result.logonId === undefined
    ) {
      throw new NtError(STATUS_INTERNAL_ERROR);
    }
    reply.code(201);
    return {
      sessionId: result.sessionId,
      token: result.secret,
      handle: result.handle,
      logonId: formatLuid(result.logonId),
      reconnected: result.reconnected === true,
    } satisfies OpenWtsSessionResult;
  },
});

/** `GET /v1/wts/sessions/:id`. */
export const getWtsSessionRoute = defineRoute({
  method: 'GET',
  url: '/v1/wts/sessions/:id',
  auth: 'user',
  summary: 'One terminal session with every information class (WTSQuerySessionInformation)',
  tags: ['wts'],
  params: WtsSessionParams,
  query: WtsServerQuery,
  responses: { 200: WtsSession },
  async handler({ params, query, auth, context }) {
    const server = await serverOf(context, query.server);
    const r = await server.getSession(auth!.caller, sessionRef(params.id));
    check(r.status);
    return toWtsSession(r.session!);
  },
});

/** `POST /v1/wts/sessions/:id/logoff`. */
export const logoffRoute = defineRoute({
  method: 'POST',
  url: '/v1/wts/sessions/:id/logoff',
  auth: 'user',
  summary: 'Log the session off (WTSLogoffSession): 200 once gone with wait, 202 once accepted without',
  tags: ['wts'],
  params: WtsSessionParams,
  query: WtsServerQuery,
  body: WaitRequest,
  responses: { 200: LogoffResult, 202: LogoffResult },
  async handler({ params, query, body, auth, reply, context }) {
    const server = await serverOf(context, query.server);
    const ref = sessionRef(params.id);
    const sessionId = ref === 'current' ? auth!.caller.sessionId : ref;
    const wait = body.wait ?? true;
    check(await server.logoff(auth!.caller, ref, { wait }));
    reply.code(wait ? 200 : 202);
    return { sessionId, completed: wait };
  },
});

/** `POST /v1/wts/sessions/:id/disconnect`. */
export const disconnectRoute = defineRoute({
  method: 'POST',
  url: '/v1/wts/sessions/:id/disconnect',
  auth: 'user',
  summary: 'Disconnect the session (WTSDisconnectSession); it keeps running',
  tags: ['wts'],
  params: WtsSessionParams,
  query: WtsServerQuery,
  body: WaitRequest,
  responses: { 200: DisconnectResult },
  async handler({ params, query, auth, context }) {
    const server = await serverOf(context, query.server);
    const ref = sessionRef(params.id);
    // One transaction: complete when it resolves, so `wait` changes nothing.
    check(await server.disconnect(auth!.caller, ref));
    return {
      sessionId: ref === 'current' ? auth!.caller.sessionId : ref,
      state: WTS_DISCONNECTED,
      stateName: 'WTSDisconnected',
    };
  },
});

/** `POST /v1/wts/sessions/:id/reset`. */
export const resetRoute = defineRoute({
  method: 'POST',
  url: '/v1/wts/sessions/:id/reset',
  auth: 'user',
  summary: 'Reset the session (rwinsta): log its user off, or delete a session nobody logged on to',
  tags: ['wts'],
  params: WtsSessionParams,
  query: WtsServerQuery,
  responses: { 200: ResetResult },
  async handler({ params, query, auth, context }) {
    const server = await serverOf(context, query.server);
    const ref = sessionRef(params.id);
    check(await server.reset(auth!.caller, ref));
    return { sessionId: ref === 'current' ? auth!.caller.sessionId : ref };
  },
});

/** `GET /v1/wts/sessions/:id/processes`. */
export const listProcessesRoute = defineRoute({
  method: 'GET',
  url: '/v1/wts/sessions/:id/processes',
  auth: 'user',
  summary: "The session's programs (WTSEnumerateProcesses)",
  tags: ['wts'],
  params: WtsSessionParams,
  query: WtsServerQuery,
  responses: { 200: SessionProcessList },
  async handler({ params, query, auth, context }) {
    const server = await serverOf(context, query.server);
    const r = await server.listProcesses(auth!.caller, { sessionId: sessionRef(params.id) });
    check(r.status);
    return {
      processes: (r.processes ?? []).map((p) => ({
        pid: p.pid,
        sessionId: p.sessionId,
        program: p.program,
        args: [...p.args],
        userSid: p.userSid,
        startTime: p.startTime,
      })),
    };
  },
});

/** `POST /v1/wts/sessions/:id/processes`: start a program in the session under its user. */
export const startProcessRoute = defineRoute({
  method: 'POST',
  url: '/v1/wts/sessions/:id/processes',
  auth: 'user',
  summary: "Start a program in the session, with its own duplicate of the user's token",
  tags: ['wts'],
  params: WtsSessionParams,
  query: WtsServerQuery,
  body: StartProcessRequest,
  responses: { 201: StartProcessResult },
  async handler({ params, query, body, auth, reply, context }) {
    const server = await serverOf(context, query.server);
    const ref = sessionRef(params.id);
    const r = await server.startProgram(auth!.caller, ref, body.program, body.args ?? []);
    check(r.status, r.error === undefined ? undefined : `The program could not be started (${r.error}).`);
    reply.code(201);
    return { pid: r.pid!, sessionId: ref === 'current' ? auth!.caller.sessionId : ref };
  },
});
