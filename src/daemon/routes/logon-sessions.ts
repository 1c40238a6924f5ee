/** Logon-session routes: enumerate, session data, holders (docs/http-api.md; spec §2.12, §2.13). */
import type { LogonSessionData } from '../../lsa/logon-session-data.ts';
import { type Luid, parseLuid } from '../../nt/luid.ts';
import { NtError } from '../../nt/nt-error.ts';
import { STATUS_INVALID_PARAMETER } from '../../nt/ntstatus.ts';
import { LuidParams } from '../../protocol/common.ts';
import { LogonSession, LogonSessionHolders, LogonSessionList } from '../../protocol/logon-sessions.ts';
import { toHolders, toLogonSession } from '../_views.ts';
import { check } from '../problem.ts';
import { defineRoute } from '../route.ts';

/** The LUID of a URL, or NtError 400. */
export function luidParam(text: string): Luid {
  const luid = parseLuid(text);
  if (luid === undefined)
    throw new NtError(
      STATUS_INVALID_PARAMETER,
      `"${text.slice(0, 40)}" is not a LUID: write 0x<high>:0x<low> (e.g. 0x0:0x3e9), 0x3e9 or a decimal number.`,
    );
  return luid;
}

/** `GET /v1/logon-sessions`. */
export const listLogonSessionsRoute = defineRoute({
  method: 'GET',
  url: '/v1/logon-sessions',
  auth: 'user',
  summary: 'Logon sessions the caller may see (administrators: all; others: their own)',
  tags: ['logon sessions'],
  responses: { 200: LogonSessionList },
  async handler({ auth, reply, context }) {
    const sessions = await context.system.lsa.listLogonSessions(auth!.caller);
    // The LSA hands out the same frozen data while a session is unchanged: its JSON is kept with it.
    let body = '{"sessions":[';
    for (let i = 0; i < sessions.length; i++) {
      if (i > 0) body += ',';
      body += sessionJson(sessions[i]!);
    }
    return reply.type('application/json; charset=utf-8').send(`${body}]}`);
  },
});

/** The JSON text of each listed session's `LogonSession` view, while its data object lives. */
const jsonOf = new WeakMap<LogonSessionData, string>();

function sessionJson(data: LogonSessionData): string {
  let text = jsonOf.get(data);
  if (text === undefined) {
    text = JSON.stringify(toLogonSession(data) satisfies LogonSession);
    // Only frozen data is known not to change under its JSON.
    if (Object.isFrozen(data)) jsonOf.set(data, text);
  }
  return text;
}

/** `GET /v1/logon-sessions/:luid`. */
export const getLogonSessionRoute = defineRoute({
  method: 'GET',
  url: '/v1/logon-sessions/:luid',
  auth: 'user',
  summary: 'One logon session (LsaGetLogonSessionData): its owner or an administrator',
  tags: ['logon sessions'],
  params: LuidParams,
  responses: { 200: LogonSession },
  async handler({ params, auth, context }) {
    const r = await context.system.lsa.getLogonSessionData(auth!.caller, luidParam(params.luid));
    check(r.status);
    return toLogonSession(r.data!) satisfies LogonSession;
  },
});

/** `GET /v1/logon-sessions/:luid/holders`: the tokens and handles keeping a session alive. */
export const logonSessionHoldersRoute = defineRoute({
  method: 'GET',
  url: '/v1/logon-sessions/:luid/holders',
  auth: 'user',
  summary: 'Who keeps a logon session alive: its tokens and their handles (owner or administrator)',
  tags: ['logon sessions'],
  params: LuidParams,
  responses: { 200: LogonSessionHolders },
  async handler({ params, auth, context }) {
    const { lsa, kernel } = context.system;
    const luid = luidParam(params.luid);
    // The same access check as the session's data (spec §2.13, Q8).
    check((await lsa.getLogonSessionData(auth!.caller, luid)).status);
    return toHolders(luid, await kernel.holdersOf(luid)) satisfies LogonSessionHolders;
  },
});
