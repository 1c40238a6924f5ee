/** `POST /v1/logon`: LsaLogonUser over HTTP (docs/http-api.md). */
import { type Static, Type } from '@sinclair/typebox';
import { LuidText, Text } from './common.ts';

/**
 * A logon request. MSV1_0 (the default package) takes `userName` and `password`; any other package
 * takes its submit buffer as `authenticationInformation`. `logonType` is a name or a number.
 */
export const LogonRequest = Type.Object(
  {
    userName: Type.Optional(Text(256, 1)),
    password: Type.Optional(Text(256)),
    package: Type.Optional(Text(128, 1)),
    logonType: Type.Optional(
      Type.Union([Type.String({ minLength: 1, maxLength: 32 }), Type.Integer({ minimum: 0, maximum: 13 })]),
    ),
    domain: Type.Optional(Text(256)),
    workstation: Type.Optional(Text(256)),
    authenticationInformation: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: false, title: 'LogonRequest' },
);
/** A logon request. */
export type LogonRequest = Static<typeof LogonRequest>;

/** A successful logon: the bearer secret (shown once), its handle and the new logon session. */
export const LogonResult = Type.Object(
  {
    token: Type.String({ description: 'bearer secret; the daemon keeps only its SHA-256' }),
    handle: Type.Integer(),
    logonId: LuidText,
    userName: Type.String(),
    domain: Type.String(),
    userSid: Type.String(),
    logonType: Type.String({ description: 'logon type name, e.g. Network' }),
    tokenType: Type.Union([Type.Literal('primary'), Type.Literal('impersonation')]),
    sessionId: Type.Integer(),
    profile: Type.Record(Type.String(), Type.Unknown()),
  },
  { title: 'LogonResult' },
);
/** A successful logon. */
export type LogonResult = Static<typeof LogonResult>;
