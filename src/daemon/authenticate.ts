/**
 * Bearer authentication (docs/http-api.md): `Authorization: Bearer <secret>`, validated by the
 * kernel (`kernel.authenticate`: the secret names its handle, its SHA-256 must match; answers are
 * cached while the handle lives, see token-cache.ts). Missing,
 * malformed, forged or closed → 401 with STATUS_LOGON_FAILURE. The daemon decides nothing else:
 * what the caller may do is checked by the engine with the returned identity.
 */
import { isAdministrator } from '../kernel/caller.ts';
import { NtError } from '../nt/nt-error.ts';
import { STATUS_ACCESS_DENIED, STATUS_LOGON_FAILURE } from '../nt/ntstatus.ts';
import type { Authenticated, RouteAuth } from './route.ts';
import type { TokenCache } from './token-cache.ts';

const MISSING =
  'This route needs a bearer token: send "Authorization: Bearer <token>" with a token from POST /v1/logon.';
const INVALID = 'The bearer token is not valid: it is malformed, unknown or closed. Log on again.';
const NOT_ADMIN = 'Only members of Administrators may do this.';

/** The secret of an `Authorization: Bearer <secret>` header, or undefined. */
export function bearerSecretOf(header: string | undefined): string | undefined {
  if (header === undefined || header.length < 8 || header.length > 512) return undefined;
  const space = header.indexOf(' ');
  if (space < 0 || header.slice(0, space).toLowerCase() !== 'bearer') return undefined;
  const secret = header.slice(space + 1).trim();
  return secret === '' ? undefined : secret;
}

/**
 * The caller behind the request's bearer token; throws NtError (401) without a valid one, and
 * (403) when `auth` is `admin` and the caller is not an administrator.
 */
export async function authenticateRequest(
  tokens: TokenCache,
  header: string | undefined,
  auth: RouteAuth,
): Promise<Authenticated> {
  const secret = bearerSecretOf(header);
  if (secret === undefined) throw new NtError(STATUS_LOGON_FAILURE, MISSING);
  const found = await tokens.authenticate(secret);
  if (found === undefined) throw new NtError(STATUS_LOGON_FAILURE, INVALID);
  if (auth === 'admin' && !isAdministrator(found.caller)) throw new NtError(STATUS_ACCESS_DENIED, NOT_ADMIN);
  return found;
}
