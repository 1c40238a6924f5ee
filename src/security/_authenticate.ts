/**
 * The password check of `Accounts.authenticate` (spec §2.10 step 3b, tests 43-45), private to
 * `security/`.
 */
import { isNtError } from '../nt/nt-error.ts';
import {
  type NtStatus,
  STATUS_ACCOUNT_RESTRICTION,
  STATUS_INVALID_PARAMETER,
  STATUS_LOGON_FAILURE,
  STATUS_NO_SUCH_USER,
  STATUS_SUCCESS,
  STATUS_TOO_MANY_SESSIONS,
  STATUS_WRONG_PASSWORD,
} from '../nt/ntstatus.ts';
import type { Store } from '../store/store.ts';
import { logonCountKey, logonCountOf, userByName } from './_account-tx.ts';
import { toUserInfo, type UserInfo } from './account-info.ts';
import { checkAccountRestrictions } from './account-restrictions.ts';
import type { PasswordHasher } from './password-hasher.ts';

/** A password logon to check. */
export interface AuthenticateRequest {
  readonly userName: string;
  readonly password: string;
  /** Epoch ms of the logon, for expiry and logon hours. */
  readonly time: number;
  /** The workstation the logon comes from, for workstation restrictions. */
  readonly workstation: string;
}

/** The outcome: a status, the MSV1_0 sub-status (STATUS_SUCCESS when there is none), and the user on success. */
export interface AuthenticateResult {
  readonly status: NtStatus;
  readonly subStatus: NtStatus;
  readonly user?: UserInfo;
}

function fail(status: NtStatus, subStatus: NtStatus = STATUS_SUCCESS): AuthenticateResult {
  return { status, subStatus };
}

/** Whether the password matches; a user without a password does the same work and never matches. */
async function passwordMatches(
  hasher: PasswordHasher,
  password: string,
  passwordHash: string | null,
): Promise<boolean> {
  if (passwordHash === null) return hasher.verifyDummy(password);
  return hasher.verify(password, passwordHash);
}

/**
 * Checks a password logon: the user, then the password, then the account restrictions (order in
 * account-restrictions.ts), then records the logon. The record transaction re-checks the row, so
 * a password change, deletion or restriction that lands while the hash runs is honoured.
 */
export async function authenticateUser(
  store: Store,
  hasher: PasswordHasher,
  request: AuthenticateRequest,
): Promise<AuthenticateResult> {
  const { userName, password, time, workstation } = request ?? ({} as AuthenticateRequest);
  if (
    typeof userName !== 'string' ||
    typeof password !== 'string' ||
    typeof workstation !== 'string' ||
    !Number.isFinite(time)
  ) {
    return fail(STATUS_INVALID_PARAMETER);
  }
  const row = await store.read((tx) => userByName(tx, userName));
  try {
    if (row === undefined) {
      await hasher.verifyDummy(password);
      return fail(STATUS_LOGON_FAILURE, STATUS_NO_SUCH_USER);
    }
    if (!(await passwordMatches(hasher, password, row.passwordHash)))
      return fail(STATUS_LOGON_FAILURE, STATUS_WRONG_PASSWORD);
    const restriction = checkAccountRestrictions(row, { time, workstation });
    if (restriction !== STATUS_SUCCESS) return fail(STATUS_ACCOUNT_RESTRICTION, restriction);
  } catch (error) {
    if (isNtError(error) && error.status === STATUS_TOO_MANY_SESSIONS) return fail(STATUS_TOO_MANY_SESSIONS);
    throw error;
  }
  return store.transact((tx): AuthenticateResult => {
    const current = tx.get('users', row.key);
    if (current === undefined || current.sid !== row.sid)
      return fail(STATUS_LOGON_FAILURE, STATUS_NO_SUCH_USER);
    if (current.passwordHash !== row.passwordHash) return fail(STATUS_LOGON_FAILURE, STATUS_WRONG_PASSWORD);
    const restriction = checkAccountRestrictions(current, { time, workstation });
    if (restriction !== STATUS_SUCCESS) return fail(STATUS_ACCOUNT_RESTRICTION, restriction);
    const logonCount = logonCountOf(tx, current.sid) + 1;
    tx.put('meta', { name: logonCountKey(current.sid), value: logonCount });
    return { status: STATUS_SUCCESS, subStatus: STATUS_SUCCESS, user: toUserInfo(current, logonCount) };
  });
}
