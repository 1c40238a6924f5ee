/**
 * Telling "the store cannot be reached" from other failures, so the daemon answers 503 with
 * STATUS_DEVICE_NOT_READY (win32 21, ERROR_NOT_READY: "the store is not available; the daemon
 * refuses writes until it returns") instead of 500. In cluster mode this is a lost PostgreSQL
 * connection: the store's transaction was rolled back (nothing changed), and the pool opens new
 * connections as soon as the server answers again, so the daemon recovers by itself.
 */
import { NtError } from '../nt/nt-error.ts';
import { STATUS_DEVICE_NOT_READY } from '../nt/ntstatus.ts';

/** Socket errors (`ECONNREFUSED`, `ECONNRESET`, `ETIMEDOUT`, `EPIPE`, …). */
const SOCKET_CODE = /^E[A-Z]+$/;
/** SQLSTATE classes and codes of a lost or refused server connection. */
const SERVER_GONE = /^(08...|57P0[123]|53300)$/;
/** What `pg` says when its connection went away. */
const CLIENT_GONE =
  /Connection terminated|connection is closed|Client was closed|not queryable|timeout exceeded when trying to connect|connect ECONNREFUSED/i;

function isConnectionFailure(error: unknown): boolean {
  if (error instanceof AggregateError && error.errors.some(isConnectionFailure)) return true;
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (SOCKET_CODE.test(code) || SERVER_GONE.test(code))) return true;
  return CLIENT_GONE.test(error.message);
}

/** Whether `error` (or an error in its `cause` chain) says the store's server cannot be reached. */
export function isStoreUnavailable(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; depth < 8 && e instanceof Error; depth++) {
    if (e instanceof NtError) return e.status === STATUS_DEVICE_NOT_READY;
    if (isConnectionFailure(e)) return true;
    e = e.cause;
  }
  return false;
}

/** The sentence of a 503 for a store that cannot be reached. */
export const STORE_UNAVAILABLE_DETAIL =
  'The database of this daemon cannot be reached; nothing was changed. Retry when it is back: the daemon reconnects by itself.';
