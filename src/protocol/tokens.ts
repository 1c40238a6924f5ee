/** `GET /v1/whoami`, `POST /v1/tokens/duplicate`, `DELETE /v1/tokens/...` (docs/http-api.md). */
import { type Static, Type } from '@sinclair/typebox';
import { LuidText } from './common.ts';

/** `primary` or `impersonation` (TOKEN_TYPE 1 and 2). */
export const TokenTypeName = Type.Union([Type.Literal('primary'), Type.Literal('impersonation')]);

/** One group of a token: its SID and, where known, its name. */
export const TokenGroup = Type.Object({ sid: Type.String(), name: Type.String() }, { title: 'TokenGroup' });

/** The caller's identity, from the token behind the bearer secret. */
export const Whoami = Type.Object(
  {
    userName: Type.String(),
    domain: Type.String(),
    userSid: Type.String(),
    groups: Type.Array(TokenGroup),
    privileges: Type.Array(Type.String()),
    logonId: LuidText,
    logonType: Type.String({ description: 'logon type name, e.g. Network' }),
    sessionId: Type.Integer(),
    handle: Type.Integer(),
    tokenType: TokenTypeName,
    administrator: Type.Boolean(),
  },
  { title: 'Whoami' },
);
/** The caller's identity. */
export type Whoami = Static<typeof Whoami>;

/** DuplicateTokenEx over HTTP: a new token object on the caller's logon session. */
export const DuplicateTokenRequest = Type.Object(
  {
    tokenType: Type.Optional(TokenTypeName),
    impersonationLevel: Type.Optional(Type.Integer({ minimum: 0, maximum: 3 })),
  },
  { additionalProperties: false, title: 'DuplicateTokenRequest' },
);
/** A duplicate request. */
export type DuplicateTokenRequest = Static<typeof DuplicateTokenRequest>;

/** The new token's bearer secret and handle. */
export const DuplicateTokenResult = Type.Object(
  { token: Type.String(), handle: Type.Integer(), logonId: LuidText },
  { title: 'DuplicateTokenResult' },
);
/** The new token. */
export type DuplicateTokenResult = Static<typeof DuplicateTokenResult>;

/** A token handle in a URL. */
export const HandleParams = Type.Object(
  { handle: Type.String({ pattern: '^[0-9]{1,15}$' }) },
  { additionalProperties: false },
);
