export {
  STATUS_INSUFFICIENT_RESOURCES,
  STATUS_INVALID_PARAMETER,
  STATUS_NO_SUCH_LOGON_SESSION,
  STATUS_NOT_FOUND,
  STATUS_SUCCESS,
} from '../nt/ntstatus.ts';
/** An arbitrary failure status a routine returns (its value has no effect, spec §1.3). */
export const STATUS_UNSUCCESSFUL_FOR_TEST = 0xc0000001;
