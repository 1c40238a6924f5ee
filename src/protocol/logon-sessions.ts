/** `GET /v1/logon-sessions[...]`: the LSA logon-session table (docs/http-api.md). */
import { type Static, Type } from '@sinclair/typebox';
import { IsoTime, LuidText } from './common.ts';
import { TokenTypeName } from './tokens.ts';

/** One logon session: its LSA record (SECURITY_LOGON_SESSION_DATA) and kernel state. */
export const LogonSession = Type.Object(
  {
    logonId: LuidText,
    userName: Type.String(),
    logonDomain: Type.String(),
    userSid: Type.Union([Type.String(), Type.Null()]),
    authenticationPackage: Type.String(),
    logonType: Type.Integer(),
    logonTypeName: Type.String(),
    session: Type.Integer(),
    logonTime: IsoTime,
    logonServer: Type.String(),
    dnsDomainName: Type.String(),
    upn: Type.String(),
    phase: Type.Union([Type.Literal('creating'), Type.Literal('active'), Type.Literal('terminating')]),
    referenceCount: Type.Integer(),
    host: Type.String(),
  },
  { title: 'LogonSession' },
);
/** One logon session. */
export type LogonSession = Static<typeof LogonSession>;

/** The logon sessions the caller may see. */
export const LogonSessionList = Type.Object(
  { sessions: Type.Array(LogonSession) },
  { title: 'LogonSessionList' },
);
/** The logon sessions the caller may see. */
export type LogonSessionList = Static<typeof LogonSessionList>;

/** Who keeps a logon session alive: its token objects and their open handles. */
export const LogonSessionHolders = Type.Object(
  {
    logonId: LuidText,
    holders: Type.Array(
      Type.Object({
        tokenId: Type.Integer(),
        tokenType: TokenTypeName,
        source: Type.String(),
        sessionId: Type.Integer(),
        handles: Type.Array(
          Type.Object({ handle: Type.Integer(), holder: Type.String(), createdAt: IsoTime }),
        ),
      }),
    ),
  },
  { title: 'LogonSessionHolders' },
);
/** Who keeps a logon session alive. */
export type LogonSessionHolders = Static<typeof LogonSessionHolders>;
