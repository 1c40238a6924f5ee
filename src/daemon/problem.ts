/**
 * The one place where an NTSTATUS becomes an HTTP answer (docs/http-api.md, "Conventions"): the
 * HTTP status of every status logond returns, and the `application/problem+json` document with
 * `ntstatus`, `win32` and a sentence a person can act on.
 */
import type { FastifyReply } from 'fastify';
import { NtError } from '../nt/nt-error.ts';
import * as nt from '../nt/ntstatus.ts';
import type { Problem } from '../protocol/common.ts';

/** HTTP status by NTSTATUS; statuses not listed answer 500. */
const HTTP_STATUS = new Map<number, number>([
  // The caller lacks a right.
  [nt.STATUS_ACCESS_DENIED, 403],
  [nt.STATUS_PRIVILEGE_NOT_HELD, 403],
  [nt.STATUS_CTX_WINSTATION_ACCESS_DENIED, 403],
  // The thing named does not exist.
  [nt.STATUS_NO_SUCH_LOGON_SESSION, 404],
  [nt.STATUS_CTX_WINSTATION_NOT_FOUND, 404],
  [nt.STATUS_NOT_FOUND, 404],
  [nt.STATUS_NO_SUCH_USER, 404],
  [nt.STATUS_NO_SUCH_PACKAGE, 404],
  [nt.STATUS_NO_TOKEN, 404],
  [nt.STATUS_NO_SUCH_GROUP, 404],
  // The credentials were refused (wrong password, or an account restriction).
  [nt.STATUS_LOGON_FAILURE, 401],
  [nt.STATUS_WRONG_PASSWORD, 401],
  [nt.STATUS_ACCOUNT_RESTRICTION, 401],
  [nt.STATUS_INVALID_LOGON_HOURS, 401],
  [nt.STATUS_INVALID_WORKSTATION, 401],
  [nt.STATUS_PASSWORD_EXPIRED, 401],
  [nt.STATUS_ACCOUNT_DISABLED, 401],
  [nt.STATUS_PASSWORD_MUST_CHANGE, 401],
  // The target exists already, or is in a state that does not allow this.
  [nt.STATUS_LOGON_SESSION_COLLISION, 409],
  [nt.STATUS_LOGON_SESSION_EXISTS, 409],
  [nt.STATUS_BAD_LOGON_SESSION_STATE, 409],
  [nt.STATUS_CTX_CLOSE_PENDING, 409],
  [nt.STATUS_USER_EXISTS, 409],
  [nt.STATUS_GROUP_EXISTS, 409],
  // The request itself is wrong.
  [nt.STATUS_INVALID_PARAMETER, 400],
  [nt.STATUS_INVALID_LOGON_TYPE, 400],
  [nt.STATUS_INVALID_HANDLE, 400],
  [nt.STATUS_INFO_LENGTH_MISMATCH, 400],
  [nt.STATUS_INVALID_USER_BUFFER, 400],
  // Come back later.
  [nt.STATUS_ACCOUNT_LOCKED_OUT, 429],
  [nt.STATUS_TOO_MANY_SESSIONS, 503],
  [nt.STATUS_INSUFFICIENT_RESOURCES, 503],
  [nt.STATUS_DEVICE_NOT_READY, 503],
  // Another session host of the cluster is down or does not answer.
  [nt.RPC_NT_SERVER_UNAVAILABLE, 503],
]);

/** Seconds a client waits after 503 (busy) before retrying. */
export const BUSY_RETRY_AFTER_SECONDS = 1;

/** The HTTP status an NTSTATUS answers with (docs/http-api.md); 500 for anything unlisted. */
export function httpStatusOf(status: nt.NtStatus): number {
  const s = status >>> 0;
  return HTTP_STATUS.get(s) ?? 500;
}

/** How a problem is told: the status, and optionally a sentence, a sub-status, an HTTP override. */
export interface ProblemOptions {
  /** The sentence (default: the catalogue's sentence for the status). */
  detail?: string;
  subStatus?: nt.NtStatus;
  /** Overrides the mapped HTTP status, for transport-level refusals (413, 415, unknown route). */
  httpStatus?: number;
}

/** The problem document of a status. */
export function toProblem(status: nt.NtStatus, options: ProblemOptions = {}): Problem {
  const s = status >>> 0;
  const problem: Problem = {
    type: 'about:blank',
    title: nt.statusName(s),
    status: options.httpStatus ?? httpStatusOf(s),
    detail: options.detail ?? nt.statusInfo(s)?.message ?? 'The operation failed.',
    ntstatus: nt.formatStatus(s),
    win32: nt.LsaNtStatusToWinError(s),
  };
  if (options.subStatus !== undefined && options.subStatus !== 0)
    problem.subStatus = nt.formatStatus(options.subStatus);
  return problem;
}

/** The problem document of an NtError thrown by the engine. */
export function problemOfError(error: NtError): Problem {
  const detail = error.message.replace(/^(?:STATUS|RPC_NT)_[A-Z0-9_]+ \(0x[0-9A-F]{8}\): /, '');
  return toProblem(error.status, {
    detail,
    ...(error.subStatus === undefined ? {} : { subStatus: error.subStatus }),
  });
}

/**
 * Sends a problem: the document, `content-type: application/problem+json`, `Retry-After` on 429
 * and 503 (`retryAfter` seconds, default 1), and `WWW-Authenticate: Bearer` on 401.
 */
export function sendProblem(reply: FastifyReply, problem: Problem, retryAfter?: number): FastifyReply {
  if (problem.status === 401) reply.header('www-authenticate', 'Bearer');
  if (problem.status === 429 || problem.status === 503)
    reply.header('retry-after', String(Math.max(1, Math.ceil(retryAfter ?? BUSY_RETRY_AFTER_SECONDS))));
  return reply.code(problem.status).type('application/problem+json').send(problem);
}

/** Throws an NtError for a failure status; returns for a success. */
export function check(status: nt.NtStatus, detail?: string): void {
  if (!nt.isNtSuccess(status)) throw new NtError(status, detail);
}
