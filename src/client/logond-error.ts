import {
  formatStatus,
  LsaNtStatusToWinError,
  type NtStatus,
  statusInfo,
  statusName,
} from '../nt/ntstatus.ts';

/** What `LogondError` is built from: the fields of an `application/problem+json` answer. */
export interface LogondErrorInit {
  /** HTTP status; 0 when no answer came (the daemon could not be reached). */
  status: number;
  ntstatus: NtStatus;
  win32?: number;
  title?: string;
  detail?: string;
  subStatus?: NtStatus;
  /** Seconds from `Retry-After` (429, 503). */
  retryAfter?: number;
  /** The problem's `type` URI. */
  type?: string;
  cause?: unknown;
}

/**
 * The one error the client throws: a problem answered by the daemon (HTTP status, NTSTATUS, Win32
 * code, title and sentence, as docs/http-api.md defines them), or `status` 0 with
 * STATUS_DEVICE_NOT_READY when the daemon could not be reached at all.
 */
export class LogondError extends Error {
  /** HTTP status; 0 when the daemon could not be reached. */
  readonly status: number;
  /** The NTSTATUS, an unsigned 32-bit number. */
  readonly ntstatus: NtStatus;
  /** The Win32 error code of `ntstatus`. */
  readonly win32: number;
  /** The symbolic name of the status (`STATUS_ACCESS_DENIED`). */
  readonly title: string;
  /** A sentence a person can act on. */
  readonly detail: string;
  /** The sub-status of a logon failure (why an account restriction applied), if any. */
  readonly subStatus: NtStatus | undefined;
  /** Seconds the daemon asked to wait before retrying (429, 503). */
  readonly retryAfter: number | undefined;
  /** The problem's `type` URI (`about:blank` by default). */
  readonly type: string;

  constructor(init: LogondErrorInit) {
    const ntstatus = init.ntstatus >>> 0;
    const title = init.title ?? statusName(ntstatus);
    const detail = init.detail ?? statusInfo(ntstatus)?.message ?? 'The request failed.';
    super(`${title} (${formatStatus(ntstatus)}): ${detail}`, { cause: init.cause });
    this.name = 'LogondError';
    this.status = init.status;
    this.ntstatus = ntstatus;
    this.win32 = init.win32 ?? LsaNtStatusToWinError(ntstatus);
    this.title = title;
    this.detail = detail;
    this.subStatus = init.subStatus === undefined ? undefined : init.subStatus >>> 0;
    this.retryAfter = init.retryAfter;
    this.type = init.type ?? 'about:blank';
  }

  /** Whether no answer came: the daemon is down, the address is wrong, or the network failed. */
  get unreachable(): boolean {
    return this.status === 0;
  }
}

/** Whether `value` is a LogondError. */
export function isLogondError(value: unknown): value is LogondError {
  return value instanceof LogondError;
}
