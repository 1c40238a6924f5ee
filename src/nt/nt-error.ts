import { formatStatus, LsaNtStatusToWinError, type NtStatus, statusInfo, statusName } from './ntstatus.ts';

/**
 * The one error type that crosses layers and processes: an NTSTATUS, its Win32 code and a sentence
 * a person can act on. Domain code returns statuses as values; this is thrown only where an API
 * promises a value (the idiomatic `system.*` calls) and the status is a failure.
 */
export class NtError extends Error {
  readonly status: NtStatus;
  readonly win32: number;
  readonly subStatus: NtStatus | undefined;

  constructor(status: NtStatus, detail?: string, options?: { subStatus?: NtStatus; cause?: unknown }) {
    const base = statusInfo(status)?.message ?? 'The operation failed.';
    super(`${statusName(status)} (${formatStatus(status)}): ${detail ?? base}`, { cause: options?.cause });
    this.name = 'NtError';
    this.status = status >>> 0;
    this.win32 = LsaNtStatusToWinError(status);
    this.subStatus = options?.subStatus;
  }
}

/** Whether `value` is an NtError. */
export function isNtError(value: unknown): value is NtError {
  return value instanceof NtError;
}
