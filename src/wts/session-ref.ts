/** How callers name a WTS session: an id, or `'current'` for the session of their own token. */
import type { Caller } from '../kernel/caller.ts';
import { NtError } from '../nt/nt-error.ts';
import { STATUS_INVALID_PARAMETER } from '../nt/ntstatus.ts';

/** A session: its id, or `'current'` for the caller's own. */
export type SessionRef = number | 'current';

/** The id `session` names for `caller`; a bad value throws NtError(STATUS_INVALID_PARAMETER). */
export function toSessionId(caller: Caller, session: SessionRef): number {
  if (session === 'current') return caller.sessionId;
  if (!Number.isInteger(session) || session < 0 || session > 0xffffffff) {
    throw new NtError(
      STATUS_INVALID_PARAMETER,
      `a session is an id (an unsigned 32-bit integer) or 'current', not ${String(session)}`,
    );
  }
  return session;
}
