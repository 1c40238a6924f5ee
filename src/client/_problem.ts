/**
 * Turning HTTP answers into `LogondError`s: problem+json bodies (docs/http-api.md, "Conventions"),
 * foreign error bodies, and requests that got no answer.
 */
import {
  type NtStatus,
  STATUS_ACCESS_DENIED,
  STATUS_ACCOUNT_LOCKED_OUT,
  STATUS_DEVICE_NOT_READY,
  STATUS_INTERNAL_ERROR,
  STATUS_INVALID_PARAMETER,
  STATUS_LOGON_FAILURE,
  STATUS_NOT_FOUND,
  STATUS_TOO_MANY_SESSIONS,
} from '../nt/ntstatus.ts';
import { LogondError, type LogondErrorInit } from './logond-error.ts';

/** Reads an NTSTATUS written as `0xC0000022`, as a number, or as a decimal string. */
export function parseNtStatus(value: unknown): NtStatus | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value >>> 0;
  if (typeof value !== 'string') return undefined;
  const s = value.trim();
  if (/^0x[0-9a-f]{1,8}$/i.test(s) || /^[0-9]{1,10}$/.test(s)) {
    const n = Number(s);
    if (n <= 0xffffffff) return n >>> 0;
  }
  return undefined;
}

/** The NTSTATUS assumed for an error answer that did not carry one (a proxy, a foreign server). */
export function statusForHttp(status: number): NtStatus {
  if (status === 400 || status === 413 || status === 415) return STATUS_INVALID_PARAMETER;
  if (status === 401) return STATUS_LOGON_FAILURE;
  if (status === 403) return STATUS_ACCESS_DENIED;
  if (status === 404) return STATUS_NOT_FOUND;
  if (status === 429) return STATUS_ACCOUNT_LOCKED_OUT;
  if (status === 503) return STATUS_TOO_MANY_SESSIONS;
  return STATUS_INTERNAL_ERROR;
}

/** Builds the error of an answer with a non-2xx status from its body (problem+json or not). */
export function fromProblem(status: number, body: unknown, retryAfter?: number): LogondError {
  const p = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const ntstatus = parseNtStatus(p['ntstatus']) ?? statusForHttp(status);
  const init: LogondErrorInit = { status, ntstatus };
  if (typeof p['win32'] === 'number') init.win32 = p['win32'];
  if (typeof p['title'] === 'string' && p['title'] !== '') init.title = p['title'];
  if (typeof p['detail'] === 'string' && p['detail'] !== '') init.detail = p['detail'];
  else if (typeof p['message'] === 'string' && p['message'] !== '') init.detail = p['message'];
  else if (typeof body === 'string' && body.trim() !== '')
    init.detail = `HTTP ${status}: ${body.trim().slice(0, 200)}`;
  const sub = parseNtStatus(p['subStatus']);
  if (sub !== undefined) init.subStatus = sub;
  if (typeof p['type'] === 'string') init.type = p['type'];
  if (retryAfter !== undefined) init.retryAfter = retryAfter;
  return new LogondError(init);
}

/** The error of a request that got no answer at all. */
export function unreachable(baseUrl: string, cause: unknown): LogondError {
  const reason = describeCause(cause);
  return new LogondError({
    status: 0,
    ntstatus: STATUS_DEVICE_NOT_READY,
    title: 'STATUS_DEVICE_NOT_READY',
    detail: `cannot reach the logond daemon at ${baseUrl}${reason ? ` (${reason})` : ''}; is it running?`,
    cause,
  });
}

function describeCause(cause: unknown): string {
  let c: unknown = cause;
  for (let depth = 0; depth < 4 && c instanceof Error; depth++) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    if (c.cause === undefined) return c.message;
    c = c.cause;
  }
  return '';
}
