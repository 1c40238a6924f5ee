/**
 * Cluster routes (docs/http-api.md, "Cluster"): `GET /v1/hosts`, and the internal
 * `POST /v1/cluster/forward` one daemon uses to run an action on a session another daemon owns
 * (DESIGN.md "Cluster mode"). The forwarded call mirrors `WtsRemoteCall` (src/wts/host-link.ts).
 */
import { type Static, Type } from '@sinclair/typebox';
import { IsoTime, Text } from './common.ts';

/** A session host of the cluster. */
export const HostView = Type.Object(
  {
    name: Type.String(),
    address: Type.String({ description: 'the URL other daemons reach it at' }),
    startedAt: IsoTime,
    heartbeatAt: IsoTime,
    up: Type.Boolean({ description: 'heartbeat within downAfterMs (always true for the answering daemon)' }),
    self: Type.Boolean({ description: 'whether it is the daemon that answered' }),
  },
  { title: 'Host' },
);
/** A session host. */
export type HostView = Static<typeof HostView>;

/** The session hosts of the cluster, by name. */
export const HostList = Type.Object(
  { self: Type.String(), hosts: Type.Array(HostView) },
  { title: 'HostList' },
);
/** The session hosts. */
export type HostList = Static<typeof HostList>;

const SessionId = Type.Integer({ minimum: 0, maximum: 0xffffffff });
const op = <T extends string>(name: T) => Type.Literal(name);

/** One action on a session of the receiving host (`WtsRemoteCall`). */
export const RemoteCall = Type.Union([
  Type.Object(
    { op: op('logoff'), session: SessionId, wait: Type.Boolean() },
    { additionalProperties: false },
  ),
  Type.Object({ op: op('disconnect'), session: SessionId }, { additionalProperties: false }),
  Type.Object({ op: op('reset'), session: SessionId }, { additionalProperties: false }),
  Type.Object(
    {
      op: op('startProgram'),
      session: SessionId,
      program: Text(4096, 1),
      args: Type.Array(Text(32768), { maxItems: 256 }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { op: op('listProcesses'), session: Type.Optional(SessionId) },
    { additionalProperties: false },
  ),
]);

/** `POST /v1/cluster/forward` body: the caller's token handle on the shared store, and the call. */
export const ForwardRequest = Type.Object(
  {
    callerHandle: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
    call: RemoteCall,
  },
  { additionalProperties: false, title: 'ForwardRequest' },
);
/** A forwarded call. */
export type ForwardRequest = Static<typeof ForwardRequest>;

/** What the owner answered: the NTSTATUS (as a number) and, for some calls, a JSON value. */
export const ForwardAnswer = Type.Object(
  { status: Type.Integer({ minimum: 0, maximum: 0xffffffff }), value: Type.Optional(Type.Unknown()) },
  { title: 'ForwardAnswer' },
);
/** The owner's answer. */
export type ForwardAnswer = Static<typeof ForwardAnswer>;

/** `POST /v1/cluster/revoke` body: token handles another daemon closed (revocation-push.ts). */
export const RevokeRequest = Type.Object(
  {
    handles: Type.Array(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }), {
      minItems: 1,
      maxItems: 1000,
    }),
  },
  { additionalProperties: false, title: 'RevokeRequest' },
);
/** Closed handles. */
export type RevokeRequest = Static<typeof RevokeRequest>;

/** How many of them this daemon had cached (and dropped). */
export const RevokeAnswer = Type.Object({ revoked: Type.Integer({ minimum: 0 }) }, { title: 'RevokeAnswer' });
/** The answer to a revocation. */
export type RevokeAnswer = Static<typeof RevokeAnswer>;
