/**
 * Turns whatever an action threw into the message the console shows: a heading a person reads
 * first, the daemon's sentence, and the codes (HTTP status, NTSTATUS name and value, Win32 error,
 * sub-status) that an administrator searches for. Every failure goes through here, so none is
 * shown half-explained or swallowed.
 */
import { isLogondError } from '../../../src/client/index.ts';
import { statusName } from '../../../src/nt/ntstatus.ts';
import { formatNtStatus } from './format.ts';

/** What the console shows for one failure. */
export interface Problem {
  /** Short, plain words: `Permission denied`, `Sign-in failed`. */
  readonly heading: string;
  /** The daemon's sentence (problem+json `detail`), or the error's message. */
  readonly detail: string;
  /** `HTTP 403`, `STATUS_ACCESS_DENIED 0xC0000022`, `Win32 error 5`, `sub-status …`; may be empty. */
  readonly codes: readonly string[];
  /** HTTP status; 0 when the daemon was not reached, undefined for a fault in the page itself. */
  readonly status: number | undefined;
}

const HEADINGS: Readonly<Record<number, string>> = {
  0: 'Cannot reach the daemon',
  400: 'The request was refused',
  401: 'Sign-in failed',
  403: 'Permission denied',
  404: 'Not found',
  409: 'Conflict',
  413: 'The request is too large',
  429: 'Too many attempts',
  503: 'The daemon is busy',
};

/** The heading for an HTTP status. */
export function headingFor(status: number): string {
  return HEADINGS[status] ?? (status >= 500 ? 'The daemon failed' : `Request failed (HTTP ${status})`);
}

/** Describes a thrown value for people; `doing` (`Log off session 3`) prefixes the heading. */
export function describeProblem(error: unknown, doing?: string): Problem {
  const prefix = doing === undefined ? '' : `${doing}: `;
  if (isLogondError(error)) {
    const codes: string[] = [];
    if (error.status !== 0) codes.push(`HTTP ${error.status}`);
    codes.push(`${error.title} ${formatNtStatus(error.ntstatus)}`.replace(/^(0x[0-9A-F]{8}) \1$/, '$1'));
    codes.push(`Win32 error ${error.win32}`);
    if (error.subStatus !== undefined && error.subStatus !== 0) {
      codes.push(`sub-status ${statusName(error.subStatus)} ${formatNtStatus(error.subStatus)}`);
    }
    if (error.retryAfter !== undefined) codes.push(`retry after ${error.retryAfter} s`);
    return { heading: prefix + headingFor(error.status), detail: error.detail, codes, status: error.status };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    heading: `${prefix}Something went wrong in the console`,
    detail: message === '' ? 'An unexpected error occurred.' : message,
    codes: [],
    status: undefined,
  };
}

/** Whether an error means the console's token no longer works (closed, or the daemon forgot it). */
export function isSignedOut(error: unknown): boolean {
  return isLogondError(error) && error.status === 401;
}

/** Whether an error is the abort of a request the console itself cancelled. */
export function isAbort(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}
