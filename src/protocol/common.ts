/**
 * Schemas shared by every part of the HTTP API (docs/http-api.md, "Conventions"): LUIDs, times and
 * the problem document. TypeBox schemas are plain JSON Schema, so the daemon validates with them,
 * OpenAPI is generated from them, and the client and web console take their types from them.
 */
import { type Static, Type } from '@sinclair/typebox';

/** A LUID as bodies carry it: `0x<high>:0x<low>` (URLs also accept `0x3e9` and decimal). */
export const LuidText = Type.String({
  pattern: '^0x[0-9a-fA-F]{1,8}:0x[0-9a-fA-F]{1,8}$',
  description: 'LUID as 0x<high>:0x<low>',
  examples: ['0x0:0x3e9'],
});

/** An ISO-8601 time. */
export const IsoTime = Type.String({ format: 'date-time' });

/** An ISO-8601 time, or null when there is none. */
export const OptionalTime = Type.Union([IsoTime, Type.Null()]);

/** A short text field a person types (names, descriptions). */
export function Text(maxLength = 256, minLength = 0) {
  return Type.String({ minLength, maxLength });
}

/** A LUID in a URL: `0x<high>:0x<low>`, `0x3e9` or decimal (checked again with `parseLuid`). */
export const LuidParams = Type.Object(
  { luid: Type.String({ minLength: 1, maxLength: 40 }) },
  { additionalProperties: false },
);

/** A WTS session id in a URL: a number, or `current` for the caller's own session. */
export const WtsSessionParams = Type.Object(
  { id: Type.String({ pattern: '^([0-9]{1,10}|current)$', description: 'session id or "current"' }) },
  { additionalProperties: false },
);

/** An account or group name in a URL. */
export const NameParams = Type.Object({ name: Text(256, 1) }, { additionalProperties: false });

/**
 * `application/problem+json` (RFC 9457) with the NTSTATUS of the failure, its Win32 error and a
 * sentence a person can act on; `subStatus` says why a logon failed.
 */
export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String({ description: 'the NTSTATUS name, e.g. STATUS_ACCESS_DENIED' }),
    status: Type.Integer({ description: 'the HTTP status' }),
    detail: Type.String(),
    ntstatus: Type.String({ pattern: '^0x[0-9A-F]{8}$' }),
    win32: Type.Integer(),
    subStatus: Type.Optional(Type.String({ pattern: '^0x[0-9A-F]{8}$' })),
  },
  { title: 'Problem' },
);
/** A problem document. */
export type Problem = Static<typeof Problem>;
