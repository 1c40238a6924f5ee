/**
 * Cluster routes (docs/http-api.md, "Cluster"): the session hosts (`GET /v1/hosts`), and the
 * internal route other daemons forward actions on this host's sessions to. The forward route
 * takes no bearer token: the sending daemon proves itself with its host key (checked by
 * `system.wts.serveRemote` against the SHA-256 in its hosts row) and names the caller by token
 * handle. The key is never logged (the request log names the route pattern only).
 */
import { NtError } from '../../nt/nt-error.ts';
import { STATUS_ACCESS_DENIED } from '../../nt/ntstatus.ts';
import {
  ForwardAnswer,
  ForwardRequest,
  HostList,
  RevokeAnswer,
  RevokeRequest,
} from '../../protocol/cluster.ts';
import type { WtsRemoteCall } from '../../wts/host-link.ts';
import { iso } from '../_views.ts';
import { FORWARD_PATH, HOST_AUTH_SCHEME } from '../http-host-link.ts';
import { REVOKE_PATH } from '../revocation-push.ts';
import { defineRoute } from '../route.ts';

const HOST_AUTH = /^LogondHost ([A-Za-z0-9][A-Za-z0-9._-]{0,62}) ([A-Za-z0-9_-]{16,128})$/;

/** The sending host and its key from `Authorization: LogondHost <host> <key>`; 403 without one. */
function hostCredentials(authorization: string | undefined, what: string): { host: string; key: string } {
  const m = HOST_AUTH.exec(authorization ?? '');
  if (m === null)
    throw new NtError(
      STATUS_ACCESS_DENIED,
      `${what} come from daemons of the cluster, with "Authorization: ${HOST_AUTH_SCHEME} <host> <key>".`,
    );
  return { host: m[1]!, key: m[2]! };
}

/** `GET /v1/hosts`: every registered session host, with whether it is up. */
export const listHostsRoute = defineRoute({
  method: 'GET',
  url: '/v1/hosts',
  auth: 'user',
  summary: 'The session hosts of the cluster (WTSEnumerateServers): name, address, heartbeat, up',
  tags: ['cluster'],
  responses: { 200: HostList },
  async handler({ context }) {
    const hosts = await context.system.wts.hosts();
    return {
      self: context.system.host,
      hosts: hosts.map((h) => ({
        name: h.name,
        address: h.address,
        startedAt: iso(h.startedAt),
        heartbeatAt: iso(h.heartbeatAt),
        up: h.up,
        self: h.self,
      })),
    } satisfies HostList;
  },
});

/** `POST /v1/cluster/forward`: internal; runs another host's forwarded call on this host's sessions. */
export const forwardRoute = defineRoute({
  method: 'POST',
  url: FORWARD_PATH,
  auth: 'none',
  internal: true,
  summary: 'Internal: an action forwarded by another daemon of the cluster, run here as the caller',
  tags: ['cluster'],
  body: ForwardRequest,
  responses: { 200: ForwardAnswer },
  async handler({ body, request, context }) {
    const { host, key } = hostCredentials(request.headers.authorization, 'Forwarded calls');
    const answer = await context.system.wts.serveRemote({
      fromHost: host,
      hostKey: key,
      callerHandle: body.callerHandle,
      call: body.call as WtsRemoteCall,
    });
    return (
      answer.value === undefined
        ? { status: answer.status >>> 0 }
        : { status: answer.status >>> 0, value: answer.value }
    ) satisfies ForwardAnswer;
  },
});

/** Host keys each daemon verified, so a burst of revocations costs one store read per sending process. */
const verifiedKeys = new WeakMap<object, Map<string, string>>();

/**
 * `POST /v1/cluster/revoke`: internal; another daemon closed these token handles and waits for
 * this one to drop them from its cache before answering the close (revocation-push.ts).
 */
export const revokeRoute = defineRoute({
  method: 'POST',
  url: REVOKE_PATH,
  auth: 'none',
  internal: true,
  summary: 'Internal: token handles another daemon of the cluster closed, dropped from the cache here',
  tags: ['cluster'],
  body: RevokeRequest,
  responses: { 200: RevokeAnswer },
  async handler({ body, request, context }) {
    const { host, key } = hostCredentials(request.headers.authorization, 'Revocations');
    let verified = verifiedKeys.get(context);
    if (verified === undefined) {
      verified = new Map();
      verifiedKeys.set(context, verified);
    }
    if (verified.get(host) !== key) {
      if (!(await context.system.wts.isPeer(host, key)))
        throw new NtError(STATUS_ACCESS_DENIED, `"${host}" is not a host of this cluster with that key.`);
      verified.set(host, key);
    }
    const before = context.tokens.size;
    context.tokens.revoke(body.handles);
    return { revoked: before - context.tokens.size } satisfies RevokeAnswer;
  },
});
