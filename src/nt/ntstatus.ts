/**
 * NTSTATUS codes and their Win32 errors (spec §1.10, §2.14).
 *
 * Every code the spec uses is here, once, with its Win32 error and a sentence a person can act on.
 * `LsaNtStatusToWinError` maps a status to its Win32 error; unmapped statuses give
 * ERROR_MR_MID_NOT_FOUND (317) as the real function does (MS-NT2W).
 */

/** An NTSTATUS: an unsigned 32-bit number. */
export type NtStatus = number;

export const STATUS_SUCCESS = 0x00000000;
export const STATUS_NOT_IMPLEMENTED = 0xc0000002;
export const STATUS_INFO_LENGTH_MISMATCH = 0xc0000004;
export const STATUS_ACCESS_VIOLATION = 0xc0000005;
export const STATUS_INVALID_HANDLE = 0xc0000008;
export const STATUS_INVALID_PARAMETER = 0xc000000d;
export const STATUS_NO_MEMORY = 0xc0000017;
export const STATUS_ACCESS_DENIED = 0xc0000022;
export const STATUS_NO_SUCH_LOGON_SESSION = 0xc000005f;
export const STATUS_PRIVILEGE_NOT_HELD = 0xc0000061;
export const STATUS_NO_SUCH_USER = 0xc0000064;
export const STATUS_WRONG_PASSWORD = 0xc000006a;
export const STATUS_LOGON_FAILURE = 0xc000006d;
export const STATUS_ACCOUNT_RESTRICTION = 0xc000006e;
export const STATUS_INVALID_LOGON_HOURS = 0xc000006f;
export const STATUS_INVALID_WORKSTATION = 0xc0000070;
export const STATUS_PASSWORD_EXPIRED = 0xc0000071;
export const STATUS_ACCOUNT_DISABLED = 0xc0000072;
export const STATUS_NO_TOKEN = 0xc000007c;
export const STATUS_INSUFFICIENT_RESOURCES = 0xc000009a;
export const STATUS_INVALID_USER_BUFFER = 0xc00000e8;
export const STATUS_LOGON_SESSION_EXISTS = 0xc00000ee;
export const STATUS_NO_SUCH_PACKAGE = 0xc00000fe;
export const STATUS_BAD_LOGON_SESSION_STATE = 0xc0000104;
export const STATUS_LOGON_SESSION_COLLISION = 0xc0000105;
export const STATUS_INVALID_LOGON_TYPE = 0xc000010b;
export const STATUS_PASSWORD_MUST_CHANGE = 0xc0000224;
export const STATUS_NOT_FOUND = 0xc0000225;
export const STATUS_CTX_CLOSE_PENDING = 0xc00a0006;
export const STATUS_CTX_WINSTATION_NOT_FOUND = 0xc00a0015;
export const STATUS_CTX_WINSTATION_ACCESS_DENIED = 0xc00a002b;
/** Not in the spec's table; an account with that name already exists (SAM). */
export const STATUS_USER_EXISTS = 0xc0000063;
/** Not in the spec's table; a group with that name already exists (SAM). */
export const STATUS_GROUP_EXISTS = 0xc0000065;
/** Not in the spec's table; no group with that name (SAM). */
export const STATUS_NO_SUCH_GROUP = 0xc0000066;
/** Not in the spec's table; used for "the server is too busy" answers (bounded queues). */
export const STATUS_TOO_MANY_SESSIONS = 0xc00002fd;
/** Not in the spec's table; returned when a logon is refused by the rate limiter. */
export const STATUS_ACCOUNT_LOCKED_OUT = 0xc0000234;
/** Not in the spec's table; the daemon is not reachable or its store refuses writes. */
export const STATUS_DEVICE_NOT_READY = 0xc00000a3;
/** Not in the spec's table; an authentication package threw instead of returning a status. */
export const STATUS_INTERNAL_ERROR = 0xc00000e5;
/** Not in the spec's table; a routine or package ran past its deadline. */
export const STATUS_TIMEOUT = 0x00000102;
/** Not in the spec's table; another session host of the cluster cannot be reached (RPC_S_SERVER_UNAVAILABLE). */
export const RPC_NT_SERVER_UNAVAILABLE = 0xc0020017;

/** One row of the catalogue. */
export interface StatusInfo {
  readonly status: NtStatus;
  readonly name: string;
  readonly win32: number;
  readonly win32Name: string;
  /** A sentence a person can act on. */
  readonly message: string;
}

function row(status: NtStatus, name: string, win32: number, win32Name: string, message: string): StatusInfo {
  return { status, name, win32, win32Name, message };
}

/** The catalogue: every status logond returns, with its Win32 error (spec §1.10). */
export const STATUS_TABLE: readonly StatusInfo[] = [
  row(STATUS_SUCCESS, 'STATUS_SUCCESS', 0, 'ERROR_SUCCESS', 'The operation completed successfully.'),
  row(
    STATUS_NOT_IMPLEMENTED,
    'STATUS_NOT_IMPLEMENTED',
    1,
    'ERROR_INVALID_FUNCTION',
    'This operation is not implemented for the given arguments.',
  ),
  row(
    STATUS_INFO_LENGTH_MISMATCH,
    'STATUS_INFO_LENGTH_MISMATCH',
    24,
    'ERROR_BAD_LENGTH',
    'The length given does not match the information class.',
  ),
  row(
    STATUS_ACCESS_VIOLATION,
    'STATUS_ACCESS_VIOLATION',
    998,
    'ERROR_NOACCESS',
    'An output parameter could not be written.',
  ),
  row(
    STATUS_INVALID_HANDLE,
    'STATUS_INVALID_HANDLE',
    6,
    'ERROR_INVALID_HANDLE',
    'The handle is not valid: it was never opened or has been closed.',
  ),
  row(
    STATUS_INVALID_PARAMETER,
    'STATUS_INVALID_PARAMETER',
    87,
    'ERROR_INVALID_PARAMETER',
    'A parameter is missing or not valid; check the request against the documentation.',
  ),
  row(
    STATUS_NO_MEMORY,
    'STATUS_NO_MEMORY',
    8,
    'ERROR_NOT_ENOUGH_MEMORY',
    'Not enough memory to complete the operation.',
  ),
  row(
    STATUS_ACCESS_DENIED,
    'STATUS_ACCESS_DENIED',
    5,
    'ERROR_ACCESS_DENIED',
    'Access is denied: the caller lacks the right this operation needs.',
  ),
  row(
    STATUS_NO_SUCH_LOGON_SESSION,
    'STATUS_NO_SUCH_LOGON_SESSION',
    1312,
    'ERROR_NO_SUCH_LOGON_SESSION',
    'The logon session does not exist or is terminating.',
  ),
  row(
    STATUS_PRIVILEGE_NOT_HELD,
    'STATUS_PRIVILEGE_NOT_HELD',
    1314,
    'ERROR_PRIVILEGE_NOT_HELD',
    'The caller does not hold the privilege this operation needs (SeTcbPrivilege).',
  ),
  row(STATUS_NO_SUCH_USER, 'STATUS_NO_SUCH_USER', 1317, 'ERROR_NO_SUCH_USER', 'The user does not exist.'),
  row(STATUS_WRONG_PASSWORD, 'STATUS_WRONG_PASSWORD', 86, 'ERROR_INVALID_PASSWORD', 'The password is wrong.'),
  row(
    STATUS_LOGON_FAILURE,
    'STATUS_LOGON_FAILURE',
    1326,
    'ERROR_LOGON_FAILURE',
    'The user name or password is incorrect.',
  ),
  row(
    STATUS_ACCOUNT_RESTRICTION,
    'STATUS_ACCOUNT_RESTRICTION',
    1327,
    'ERROR_ACCOUNT_RESTRICTION',
    'An account restriction prevents this logon; the sub-status says which.',
  ),
  row(
    STATUS_INVALID_LOGON_HOURS,
    'STATUS_INVALID_LOGON_HOURS',
    1328,
    'ERROR_INVALID_LOGON_HOURS',
    'The account may not log on at this time of day.',
  ),
  row(
    STATUS_INVALID_WORKSTATION,
    'STATUS_INVALID_WORKSTATION',
    1329,
    'ERROR_INVALID_WORKSTATION',
    'The account may not log on from this workstation.',
  ),
  row(
    STATUS_PASSWORD_EXPIRED,
    'STATUS_PASSWORD_EXPIRED',
    1330,
    'ERROR_PASSWORD_EXPIRED',
    'The password has expired; an administrator must set a new one.',
  ),
  row(
    STATUS_ACCOUNT_DISABLED,
    'STATUS_ACCOUNT_DISABLED',
    1331,
    'ERROR_ACCOUNT_DISABLED',
    'The account is disabled.',
  ),
  row(
    STATUS_NO_TOKEN,
    'STATUS_NO_TOKEN',
    1008,
    'ERROR_NO_TOKEN',
    'Nobody is logged on to that session, so it has no user token.',
  ),
  row(
    STATUS_INSUFFICIENT_RESOURCES,
    'STATUS_INSUFFICIENT_RESOURCES',
    1450,
    'ERROR_NO_SYSTEM_RESOURCES',
    'A configured limit was reached; free some entries or raise the limit.',
  ),
  row(
    STATUS_INVALID_USER_BUFFER,
    'STATUS_INVALID_USER_BUFFER',
    1784,
    'ERROR_INVALID_USER_BUFFER',
    'An output buffer or its length pointer is missing.',
  ),
  row(
    STATUS_LOGON_SESSION_EXISTS,
    'STATUS_LOGON_SESSION_EXISTS',
    1363,
    'ERROR_LOGON_SESSION_EXISTS',
    'The kernel already has a logon session with this LUID.',
  ),
  row(
    STATUS_NO_SUCH_PACKAGE,
    'STATUS_NO_SUCH_PACKAGE',
    1364,
    'ERROR_NO_SUCH_PACKAGE',
    'No authentication package with that name or id is loaded.',
  ),
  row(
    STATUS_BAD_LOGON_SESSION_STATE,
    'STATUS_BAD_LOGON_SESSION_STATE',
    1365,
    'ERROR_BAD_LOGON_SESSION_STATE',
    'The logon session is in a state that does not allow this: it is referenced, handed over, or well-known.',
  ),
  row(
    STATUS_LOGON_SESSION_COLLISION,
    'STATUS_LOGON_SESSION_COLLISION',
    1366,
    'ERROR_LOGON_SESSION_COLLISION',
    'A logon session with this LUID already exists.',
  ),
  row(
    STATUS_INVALID_LOGON_TYPE,
    'STATUS_INVALID_LOGON_TYPE',
    1367,
    'ERROR_INVALID_LOGON_TYPE',
    'The package does not support this logon type.',
  ),
  row(
    STATUS_PASSWORD_MUST_CHANGE,
    'STATUS_PASSWORD_MUST_CHANGE',
    1907,
    'ERROR_PASSWORD_MUST_CHANGE',
    'The password must be changed before the first logon.',
  ),
  row(STATUS_NOT_FOUND, 'STATUS_NOT_FOUND', 1168, 'ERROR_NOT_FOUND', 'The element was not found.'),
  row(
    STATUS_CTX_CLOSE_PENDING,
    'STATUS_CTX_CLOSE_PENDING',
    7007,
    'ERROR_CTX_CLOSE_PENDING',
    'A close operation is pending on the session.',
  ),
  row(
    STATUS_CTX_WINSTATION_NOT_FOUND,
    'STATUS_CTX_WINSTATION_NOT_FOUND',
    7022,
    'ERROR_CTX_WINSTATION_NOT_FOUND',
    'The WTS session does not exist (it never existed or has been logged off).',
  ),
  row(
    STATUS_CTX_WINSTATION_ACCESS_DENIED,
    'STATUS_CTX_WINSTATION_ACCESS_DENIED',
    7045,
    'ERROR_CTX_WINSTATION_ACCESS_DENIED',
    'The requested WTS session access is denied.',
  ),
  row(
    STATUS_USER_EXISTS,
    'STATUS_USER_EXISTS',
    1316,
    'ERROR_USER_EXISTS',
    'An account (user or group) with that name already exists; user and group names share one namespace.',
  ),
  row(
    STATUS_GROUP_EXISTS,
    'STATUS_GROUP_EXISTS',
    1318,
    'ERROR_GROUP_EXISTS',
    'A group with that name already exists.',
  ),
  row(STATUS_NO_SUCH_GROUP, 'STATUS_NO_SUCH_GROUP', 1319, 'ERROR_NO_SUCH_GROUP', 'The group does not exist.'),
  row(
    STATUS_TOO_MANY_SESSIONS,
    'STATUS_TOO_MANY_SESSIONS',
    1380,
    'ERROR_TOO_MANY_SESSIONS',
    'The server is busy: too many requests of this kind are queued; retry shortly.',
  ),
  row(
    STATUS_ACCOUNT_LOCKED_OUT,
    'STATUS_ACCOUNT_LOCKED_OUT',
    1909,
    'ERROR_ACCOUNT_LOCKED_OUT',
    'Too many failed logons for this user or address; wait and try again.',
  ),
  row(
    STATUS_DEVICE_NOT_READY,
    'STATUS_DEVICE_NOT_READY',
    21,
    'ERROR_NOT_READY',
    'The store is not available; the daemon refuses writes until it returns.',
  ),
  row(
    STATUS_INTERNAL_ERROR,
    'STATUS_INTERNAL_ERROR',
    1359,
    'ERROR_INTERNAL_ERROR',
    'An internal error occurred (an authentication package failed); see the daemon log.',
  ),
  row(STATUS_TIMEOUT, 'STATUS_TIMEOUT', 1460, 'ERROR_TIMEOUT', 'The operation ran past its deadline.'),
  row(
    RPC_NT_SERVER_UNAVAILABLE,
    'RPC_NT_SERVER_UNAVAILABLE',
    1722,
    'RPC_S_SERVER_UNAVAILABLE',
    'The session host is not registered in the cluster, is down (no heartbeat) or cannot be reached; check its name with `hosts` and that its daemon runs.',
  ),
];

const BY_STATUS = new Map<number, StatusInfo>(STATUS_TABLE.map((r) => [r.status, r]));

/** ERROR_MR_MID_NOT_FOUND: the Win32 code for a status with no mapping (MS-NT2W). */
export const ERROR_MR_MID_NOT_FOUND = 317;

/** Maps an NTSTATUS to its Win32 error; 317 when unmapped (spec §2.14). */
export function LsaNtStatusToWinError(status: NtStatus): number {
  return BY_STATUS.get(status >>> 0)?.win32 ?? ERROR_MR_MID_NOT_FOUND;
}

/** The catalogue row of a status, if logond knows it. */
export function statusInfo(status: NtStatus): StatusInfo | undefined {
  return BY_STATUS.get(status >>> 0);
}

/** The symbolic name of a status, or its hex form. */
export function statusName(status: NtStatus): string {
  return BY_STATUS.get(status >>> 0)?.name ?? formatStatus(status);
}

/** `0xC000005F` form. */
export function formatStatus(status: NtStatus): string {
  return `0x${(status >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}

/** Whether a status is a success or informational status (severity bits 00 or 01). */
export function isNtSuccess(status: NtStatus): boolean {
  return status >>> 0 < 0x80000000;
}
