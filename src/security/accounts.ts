/**
 * The local account store (`system.accounts`): users, groups, password hashes, the machine SID and
 * the RID allocator, all in the Store. Each mutating method is one `store.transact`; passwords are
 * hashed before the transaction, as transaction functions must stay synchronous. Methods return
 * `UserInfo` / `GroupInfo`, which have no field for the password hash.
 *
 * Faults and refusals throw NtError: STATUS_INVALID_PARAMETER for bad input, STATUS_USER_EXISTS or
 * STATUS_GROUP_EXISTS for a name that is taken (users and groups share one namespace),
 * STATUS_NO_SUCH_USER for an unknown user, STATUS_NO_SUCH_GROUP for an unknown group,
 * STATUS_TOO_MANY_SESSIONS when the password hasher is busy. `authenticate` returns statuses as
 * values (spec §2.10 step 3b).
 */
import { NtError } from '../nt/nt-error.ts';
import { STATUS_INVALID_PARAMETER } from '../nt/ntstatus.ts';
import type { GroupRow, UserRow } from '../store/rows.ts';
import type { Store } from '../store/store.ts';
import {
  checkDescription,
  checkExpiry,
  checkGroupList,
  checkKeys,
  checkPassword,
  toUserSettings,
  USER_SETTING_KEYS,
  type UserSettings,
} from './_account-input.ts';
import {
  allocateAccountSid,
  audit,
  checkNameFree,
  logonCountKey,
  logonCountOf,
  META_MACHINE_SID,
  META_NEXT_RID,
  machineSidIn,
  requireGroup,
  requireUser,
  resolveGroups,
  userByName,
} from './_account-tx.ts';
import { type AuthenticateRequest, type AuthenticateResult, authenticateUser } from './_authenticate.ts';
import { type GroupInfo, toGroupInfo, toUserInfo, type UserInfo } from './account-info.ts';
import { groupNameProblem, toAccountKey, userNameProblem } from './account-name.ts';
import type { PasswordHasher } from './password-hasher.ts';
import { createMachineSid, isSid } from './sid.ts';
import { SID_ADMINISTRATORS, SID_REMOTE_DESKTOP_USERS, SID_USERS } from './well-known-sids.ts';

export type { AuthenticateRequest, AuthenticateResult } from './_authenticate.ts';
export type { GroupInfo, UserInfo } from './account-info.ts';

/** What the account store needs. */
export interface AccountsOptions {
  readonly store: Store;
  readonly hasher: PasswordHasher;
  /** Epoch milliseconds now. */
  readonly clock: () => number;
  /** The computer name: the authority local accounts belong to. */
  readonly computerName: string;
}

/** Options of `createUser`. Only `userName` is required. */
export interface CreateUserOptions extends UserSettings {
  userName: string;
  /** The password; without one the account cannot log on with a password. */
  password?: string;
  /** Group names or SIDs, besides Users, which every new user joins. */
  groups?: readonly string[];
}

/** What `updateUser` may change (the PATCH /v1/users/:name body). */
export type UserPatch = UserSettings;

/** Options of `setPassword`. */
export interface SetPasswordOptions {
  /** Whether the user must change it at the next logon (default false). */
  mustChange?: boolean;
  /** When the new password expires (epoch ms), or null for never (the default: a new password starts afresh). */
  expires?: number | null;
}

/** The first RID handed to a user or group created here (as Windows does). */
export const FIRST_ACCOUNT_RID = 1000;

/** The BUILTIN aliases `init()` creates (descriptions as Windows has them). */
export const BUILTIN_GROUPS: readonly GroupRow[] = Object.freeze(
  [
    {
      name: 'Administrators',
      sid: SID_ADMINISTRATORS,
      description: 'Administrators have complete and unrestricted access to the computer/domain',
    },
    {
      name: 'Users',
      sid: SID_USERS,
      description:
        'Users are prevented from making accidental or intentional system-wide changes and can run most applications',
    },
    {
      name: 'Remote Desktop Users',
      sid: SID_REMOTE_DESKTOP_USERS,
      description: 'Members in this group are granted the right to logon remotely',
    },
  ].map((g) => Object.freeze({ key: toAccountKey(g.name), ...g })),
);

/** Orders rows by their key (the lower-cased name). */
function byKey(a: { key: string }, b: { key: string }): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** The account store. Call `init()` once before anything else. */
export class Accounts {
  readonly #store: Store;
  readonly #hasher: PasswordHasher;
  readonly #clock: () => number;
  readonly #computerName: string;

  constructor(options: AccountsOptions) {
    this.#store = options.store;
    this.#hasher = options.hasher;
    this.#clock = options.clock;
    this.#computerName = options.computerName;
  }

  /** The computer name: the authority of every local account. */
  get computerName(): string {
    return this.#computerName;
  }

  /** Creates, in one transaction and only where missing, the machine SID, the RID allocator and the built-in groups. */
  async init(): Promise<void> {
    const candidate = createMachineSid();
    await this.#store.transact((tx) => {
      if (tx.get('meta', META_MACHINE_SID) === undefined) {
        tx.put('meta', { name: META_MACHINE_SID, value: candidate });
      }
      if (tx.get('meta', META_NEXT_RID) === undefined) {
        tx.put('meta', { name: META_NEXT_RID, value: FIRST_ACCOUNT_RID });
      }
      for (const g of BUILTIN_GROUPS) {
        if (tx.get('groups', g.key) === undefined) tx.put('groups', g);
      }
    });
  }

  /** The machine SID, the domain of every local account (`S-1-5-21-a-b-c`). */
  machineSid(): Promise<string> {
    return this.#store.read(machineSidIn);
  }

  /**
   * Creates a user, a member of Users and of `groups` (names or SIDs). Rejects a bad or taken name
   * (a user or group of that name, case-insensitive), bad settings or an unknown group, and then
   * creates nothing.
   */
  async createUser(options: CreateUserOptions): Promise<UserInfo> {
    checkKeys('user', options, ['userName', 'password', 'groups', ...USER_SETTING_KEYS]);
    const { userName, password, groups = [] } = options;
    const problem = userNameProblem(userName);
    if (problem !== undefined) throw new NtError(STATUS_INVALID_PARAMETER, problem);
    if (password !== undefined) checkPassword(password);
    checkGroupList(groups);
    const settings = toUserSettings(options as unknown as Record<string, unknown>);
    // Refuse before spending a hash on it; the transaction checks again.
    await this.#store.read((tx) => {
      checkNameFree(tx, userName);
      resolveGroups(tx, groups);
    });
    const passwordHash = password === undefined ? null : await this.#hasher.hash(password);
    const now = this.#clock();
    const row = await this.#store.transact((tx) => {
      checkNameFree(tx, userName);
      const memberOf = resolveGroups(tx, groups);
      const created: UserRow = {
        key: toAccountKey(userName),
        userName,
        sid: allocateAccountSid(tx),
        fullName: settings.fullName ?? '',
        passwordHash,
        passwordLastSet: now,
        passwordExpires: settings.passwordExpires ?? null,
        mustChangePassword: settings.mustChangePassword ?? false,
        disabled: settings.disabled ?? false,
        logonHours: settings.logonHours ?? null,
        workstations: settings.workstations ?? null,
        groups: memberOf,
        createdAt: now,
      };
      tx.put('users', created);
      audit(tx, 'user-created', 4720, now, { userName, sid: created.sid, groups: memberOf });
      return created;
    });
    return toUserInfo(row, 0);
  }

  /** A user by name (case-insensitive), or undefined. */
  getUser(name: string): Promise<UserInfo | undefined> {
    return this.#store.read((tx) => {
      const row = userByName(tx, name);
      return row === undefined ? undefined : toUserInfo(row, logonCountOf(tx, row.sid));
    });
  }

  /** A user by SID, or undefined. */
  getUserBySid(sid: string): Promise<UserInfo | undefined> {
    return this.#store.read((tx) => {
      const row = isSid(sid) ? tx.find('users', 'sid', sid)[0] : undefined;
      return row === undefined ? undefined : toUserInfo(row, logonCountOf(tx, row.sid));
    });
  }

  /** Every user, by name. */
  listUsers(): Promise<UserInfo[]> {
    return this.#store.read((tx) =>
      tx
        .scan('users')
        .sort(byKey)
        .map((row) => toUserInfo(row, logonCountOf(tx, row.sid))),
    );
  }

  /** Sets a user's password; clears "must change" unless `mustChange`, and sets the expiry to `expires` (default never). */
  async setPassword(name: string, password: string, options: SetPasswordOptions = {}): Promise<UserInfo> {
    checkKeys('options', options, ['mustChange', 'expires']);
    checkPassword(password);
    const { mustChange = false, expires = null } = options;
    if (typeof mustChange !== 'boolean')
      throw new NtError(STATUS_INVALID_PARAMETER, 'mustChange must be true or false.');
    checkExpiry(expires);
    await this.#store.read((tx) => requireUser(tx, name));
    const passwordHash = await this.#hasher.hash(password);
    const now = this.#clock();
    return this.#store.transact((tx) => {
      const row = requireUser(tx, name);
      const next: UserRow = {
        ...row,
        passwordHash,
        passwordLastSet: now,
        mustChangePassword: mustChange,
        passwordExpires: expires,
      };
      tx.put('users', next);
      audit(tx, 'password-set', 4724, now, { userName: row.userName, sid: row.sid });
      return toUserInfo(next, logonCountOf(tx, row.sid));
    });
  }

  /** Disables or enables a user. */
  setDisabled(name: string, disabled: boolean): Promise<UserInfo> {
    if (typeof disabled !== 'boolean')
      return Promise.reject(new NtError(STATUS_INVALID_PARAMETER, 'disabled must be true or false.'));
    const now = this.#clock();
    return this.#store.transact((tx) => {
      const row = requireUser(tx, name);
      const next: UserRow = { ...row, disabled };
      tx.put('users', next);
      if (row.disabled !== disabled)
        audit(tx, disabled ? 'user-disabled' : 'user-enabled', disabled ? 4725 : 4722, now, {
          userName: row.userName,
          sid: row.sid,
        });
      return toUserInfo(next, logonCountOf(tx, row.sid));
    });
  }

  /** Changes a user's full name, password expiry, "must change" flag, logon hours, workstations or disabled flag. */
  updateUser(name: string, patch: UserPatch): Promise<UserInfo> {
    let settings: UserSettings;
    try {
      checkKeys('patch', patch, USER_SETTING_KEYS);
      settings = toUserSettings(patch as Record<string, unknown>);
    } catch (error) {
      return Promise.reject(error);
    }
    const now = this.#clock();
    return this.#store.transact((tx) => {
      const row = requireUser(tx, name);
      const next: UserRow = { ...row, ...settings };
      tx.put('users', next);
      const subject = { userName: row.userName, sid: row.sid };
      audit(tx, 'user-changed', 4738, now, { ...subject, changed: Object.keys(settings) });
      if (next.disabled !== row.disabled) {
        audit(
          tx,
          next.disabled ? 'user-disabled' : 'user-enabled',
          next.disabled ? 4725 : 4722,
          now,
          subject,
        );
      }
      return toUserInfo(next, logonCountOf(tx, row.sid));
    });
  }

  /** Deletes a user (its logon sessions and tokens live on until they end). */
  async deleteUser(name: string): Promise<void> {
    const now = this.#clock();
    await this.#store.transact((tx) => {
      const row = requireUser(tx, name);
      tx.delete('users', row.key);
      tx.delete('meta', logonCountKey(row.sid));
      audit(tx, 'user-deleted', 4726, now, { userName: row.userName, sid: row.sid });
    });
  }

  /** Creates a local group with a SID in the machine's domain. */
  createGroup(options: { name: string; description?: string }): Promise<GroupInfo> {
    try {
      checkKeys('group', options, ['name', 'description']);
      const problem = groupNameProblem(options.name);
      if (problem !== undefined) throw new NtError(STATUS_INVALID_PARAMETER, problem);
      if (options.description !== undefined) checkDescription(options.description);
    } catch (error) {
      return Promise.reject(error);
    }
    const { name, description = '' } = options;
    const now = this.#clock();
    return this.#store.transact((tx) => {
      checkNameFree(tx, name);
      const row: GroupRow = { key: toAccountKey(name), name, sid: allocateAccountSid(tx), description };
      tx.put('groups', row);
      audit(tx, 'group-created', 4731, now, { name, sid: row.sid });
      return toGroupInfo(row);
    });
  }

  /** Every group, by name. */
  listGroups(): Promise<GroupInfo[]> {
    return this.#store.read((tx) => tx.scan('groups').sort(byKey).map(toGroupInfo));
  }

  /** Adds a user to a group (name or SID); resolves false if the user already was a member. */
  addToGroup(user: string, group: string): Promise<boolean> {
    const now = this.#clock();
    return this.#store.transact((tx) => {
      const row = requireUser(tx, user);
      const g = requireGroup(tx, group);
      if (row.groups.includes(g.sid)) return false;
      tx.put('users', { ...row, groups: [...row.groups, g.sid] });
      audit(tx, 'group-member-added', 4732, now, {
        userName: row.userName,
        sid: row.sid,
        group: g.name,
        groupSid: g.sid,
      });
      return true;
    });
  }

  /** Removes a user from a group (name or SID); resolves false if the user was not a member. */
  removeFromGroup(user: string, group: string): Promise<boolean> {
    const now = this.#clock();
    return this.#store.transact((tx) => {
      const row = requireUser(tx, user);
      const g = requireGroup(tx, group);
      if (!row.groups.includes(g.sid)) return false;
      tx.put('users', { ...row, groups: row.groups.filter((s) => s !== g.sid) });
      audit(tx, 'group-member-removed', 4733, now, {
        userName: row.userName,
        sid: row.sid,
        group: g.name,
        groupSid: g.sid,
      });
      return true;
    });
  }

  /** The groups a user belongs to, in the order joined (SIDs of deleted groups are left out). */
  groupsOf(user: string): Promise<GroupInfo[]> {
    return this.#store.read((tx) => {
      const row = requireUser(tx, user);
      return row.groups.flatMap((sid) => tx.find('groups', 'sid', sid).slice(0, 1).map(toGroupInfo));
    });
  }

  /** The user names of a group's members (name or SID), by name. */
  membersOf(group: string): Promise<string[]> {
    return this.#store.read((tx) => {
      const g = requireGroup(tx, group);
      return tx
        .scan('users')
        .filter((u) => u.groups.includes(g.sid))
        .sort(byKey)
        .map((u) => u.userName);
    });
  }

  /**
   * Checks a password logon as MSV1_0 does (spec §2.10 step 3b; order in account-restrictions.ts):
   * unknown user → STATUS_LOGON_FAILURE / STATUS_NO_SUCH_USER, after a dummy verify so timing does
   * not tell; wrong password, or no password set → STATUS_LOGON_FAILURE / STATUS_WRONG_PASSWORD;
   * then STATUS_ACCOUNT_RESTRICTION with the restriction as sub-status. A busy hasher gives
   * STATUS_TOO_MANY_SESSIONS. On success the user's logon count goes up by one.
   */
  authenticate(request: AuthenticateRequest): Promise<AuthenticateResult> {
    return authenticateUser(this.#store, this.#hasher, request);
  }
}
