/** Token routes: whoami, DuplicateTokenEx, CloseHandle (docs/http-api.md). */
import { isAdministrator } from '../../kernel/caller.ts';
import { formatLuid } from '../../nt/luid.ts';
import { NtError } from '../../nt/nt-error.ts';
import { STATUS_ACCESS_DENIED, STATUS_INVALID_HANDLE } from '../../nt/ntstatus.ts';
import { DuplicateTokenRequest, DuplicateTokenResult, HandleParams, Whoami } from '../../protocol/tokens.ts';
import { logonTypeName, tokenTypeName } from '../_views.ts';
import type { DaemonContext } from '../context.ts';
import { check } from '../problem.ts';
import { type Authenticated, defineRoute } from '../route.ts';

/** `GET /v1/whoami`: the identity of the caller's token. */
export const whoamiRoute = defineRoute({
  method: 'GET',
  url: '/v1/whoami',
  auth: 'user',
  summary: "The caller's identity: user, groups, privileges, logon session",
  tags: ['tokens'],
  responses: { 200: Whoami },
  async handler({ auth, reply, context }) {
    // The answer depends on the token alone: built once per token, kept while it lives.
    let text = context.tokens.whoamiOf(auth!);
    if (text === undefined) {
      text = JSON.stringify(await whoamiOf(auth!, context));
      context.tokens.setWhoami(auth!, text);
    }
    return reply.type('application/json; charset=utf-8').send(text);
  },
});

async function whoamiOf({ caller, token, handle }: Authenticated, context: DaemonContext): Promise<Whoami> {
  const [session, names] = await Promise.all([
    context.system.lsa.getLogonSessionData(caller, token.logonId),
    context.names.namesOf(token.groups),
  ]);
  const data = session.data;
  return {
    userName: data?.userName ?? '',
    domain: data?.logonDomain ?? '',
    userSid: token.user,
    groups: token.groups.map((sid, i) => ({ sid, name: names[i] ?? sid })),
    privileges: [...token.privileges],
    logonId: formatLuid(token.logonId),
    logonType: logonTypeName(data?.logonType ?? 0),
    sessionId: token.sessionId,
    handle: handle.id,
    tokenType: tokenTypeName(token.type),
    administrator: isAdministrator(caller),
  };
}

/** `POST /v1/tokens/duplicate`: a new token object on the caller's logon session, with its own secret. */
export const duplicateTokenRoute = defineRoute({
  method: 'POST',
  url: '/v1/tokens/duplicate',
  auth: 'user',
  summary: "Duplicate the caller's token (DuplicateTokenEx): a new token and bearer secret",
  tags: ['tokens'],
  body: DuplicateTokenRequest,
  responses: { 201: DuplicateTokenResult },
  async handler({ body, auth, request, reply, context }) {
    const { handle } = auth!;
    const r = await context.system.kernel.duplicateToken(
      handle.id,
      { type: body.tokenType === 'impersonation' ? 2 : 1, impersonationLevel: body.impersonationLevel ?? 2 },
      { holder: `http ${request.ip}`, bearer: true },
    );
    check(r.status);
    if (r.handle === undefined || r.secret === undefined || r.token === undefined)
      throw new NtError(STATUS_INVALID_HANDLE);
    reply.code(201);
    return {
      token: r.secret,
      handle: r.handle.id,
      logonId: formatLuid(r.token.logonId),
    } satisfies DuplicateTokenResult;
  },
});

/** `DELETE /v1/tokens/current`: closes the caller's own handle (sign out). */
export const closeCurrentTokenRoute = defineRoute({
  method: 'DELETE',
  url: '/v1/tokens/current',
  auth: 'user',
  summary: "Close the caller's token handle (sign out); the last handle's close may end the logon session",
  tags: ['tokens'],
  responses: { 204: null },
  async handler({ auth, context }) {
    check(await context.system.kernel.closeHandle(auth!.handle.id));
    context.tokens.revoke([auth!.handle.id]);
  },
});

/**
 * `DELETE /v1/tokens/:handle`: closes a handle on one of the caller's own tokens (same user), or
 * any handle for an administrator.
 */
export const closeTokenRoute = defineRoute({
  method: 'DELETE',
  url: '/v1/tokens/:handle',
  auth: 'user',
  summary: "Close a token handle: one of the caller's own, or any for an administrator",
  tags: ['tokens'],
  params: HandleParams,
  responses: { 204: null },
  async handler({ params, auth, context }) {
    const { kernel } = context.system;
    const id = Number(params.handle);
    const target = await kernel.getToken(id);
    if (target === undefined) throw new NtError(STATUS_INVALID_HANDLE);
    if (!isAdministrator(auth!.caller) && target.token.user !== auth!.caller.user)
      throw new NtError(
        STATUS_ACCESS_DENIED,
        'Only your own tokens may be closed, unless you are an administrator.',
      );
    check(await kernel.closeHandle(id));
    context.tokens.revoke([id]);
  },
});
