/**
 * `/v1/users`: local accounts (docs/http-api.md). Administrators manage every account; a user may
 * read their own and set their own password. The account store validates every value.
 */

import { isAdministrator } from '../../kernel/caller.ts';
import { NtError } from '../../nt/nt-error.ts';
import { STATUS_ACCESS_DENIED, STATUS_NO_SUCH_USER } from '../../nt/ntstatus.ts';
import {
  CreateUserRequest,
  SetPasswordRequest,
  UpdateUserRequest,
  User,
  UserList,
} from '../../protocol/accounts.ts';
import { NameParams } from '../../protocol/common.ts';
import type { CreateUserOptions, UserInfo, UserPatch } from '../../security/accounts.ts';
import type { System } from '../../system.ts';
import { groupNameMap, toUser } from '../_views.ts';
import type { Authenticated } from '../route.ts';
import { defineRoute } from '../route.ts';

async function view(system: System, user: UserInfo): Promise<User> {
  return toUser(user, groupNameMap(await system.accounts.listGroups()));
}

/** The user `name`, if the caller is an administrator or that user; otherwise 403 (existence is not told). */
async function userForCaller(system: System, auth: Authenticated, name: string): Promise<UserInfo> {
  const user = await system.accounts.getUser(name);
  const admin = isAdministrator(auth.caller);
  if (!admin && user?.sid !== auth.caller.user)
    throw new NtError(STATUS_ACCESS_DENIED, 'Only administrators may see or change other accounts.');
  if (user === undefined) throw new NtError(STATUS_NO_SUCH_USER, `There is no user named "${name}".`);
  return user;
}

/** `GET /v1/users`. */
export const listUsersRoute = defineRoute({
  method: 'GET',
  url: '/v1/users',
  auth: 'admin',
  summary: 'Every local user (never a password hash)',
  tags: ['accounts'],
  responses: { 200: UserList },
  async handler({ context }) {
    const { accounts } = context.system;
    const [users, groups] = await Promise.all([accounts.listUsers(), accounts.listGroups()]);
    const names = groupNameMap(groups);
    return { users: users.map((u) => toUser(u, names)) };
  },
});

/** `POST /v1/users`. */
export const createUserRoute = defineRoute({
  method: 'POST',
  url: '/v1/users',
  auth: 'admin',
  summary: 'Create a local user (a member of Users and of the groups named)',
  tags: ['accounts'],
  body: CreateUserRequest,
  responses: { 201: User },
  async handler({ body, reply, context }) {
    const options: CreateUserOptions = { userName: body.userName, password: body.password };
    if (body.fullName !== undefined) options.fullName = body.fullName;
    if (body.groups !== undefined) options.groups = body.groups;
    if (body.mustChangePassword !== undefined) options.mustChangePassword = body.mustChangePassword;
    if (body.disabled !== undefined) options.disabled = body.disabled;
    const user = await context.system.accounts.createUser(options);
    reply.code(201);
    return view(context.system, user);
  },
});

/** `GET /v1/users/:name`. */
export const getUserRoute = defineRoute({
  method: 'GET',
  url: '/v1/users/:name',
  auth: 'user',
  summary: 'One local user (administrators, or the user themself)',
  tags: ['accounts'],
  params: NameParams,
  responses: { 200: User },
  async handler({ params, auth, context }) {
    return view(context.system, await userForCaller(context.system, auth!, params.name));
  },
});

/** `PATCH /v1/users/:name`. */
export const updateUserRoute = defineRoute({
  method: 'PATCH',
  url: '/v1/users/:name',
  auth: 'admin',
  summary:
    'Change a user: disabled, must change password, password expiry, full name, logon hours, workstations',
  tags: ['accounts'],
  params: NameParams,
  body: UpdateUserRequest,
  responses: { 200: User },
  async handler({ params, body, context }) {
    const patch: UserPatch = {};
    if (body.disabled !== undefined) patch.disabled = body.disabled;
    if (body.mustChangePassword !== undefined) patch.mustChangePassword = body.mustChangePassword;
    if (body.passwordExpires !== undefined)
      patch.passwordExpires = body.passwordExpires === null ? null : Date.parse(body.passwordExpires);
    if (body.fullName !== undefined) patch.fullName = body.fullName;
    if (body.logonHours !== undefined) patch.logonHours = body.logonHours;
    if (body.workstations !== undefined) patch.workstations = body.workstations;
    return view(context.system, await context.system.accounts.updateUser(params.name, patch));
  },
});

/** `POST /v1/users/:name/password`. */
export const setPasswordRoute = defineRoute({
  method: 'POST',
  url: '/v1/users/:name/password',
  auth: 'user',
  summary: "Set a user's password (administrators, or the user themself)",
  tags: ['accounts'],
  params: NameParams,
  body: SetPasswordRequest,
  responses: { 204: null },
  async handler({ params, body, auth, context }) {
    const user = await userForCaller(context.system, auth!, params.name);
    await context.system.accounts.setPassword(user.userName, body.password);
  },
});

/** `DELETE /v1/users/:name`. */
export const deleteUserRoute = defineRoute({
  method: 'DELETE',
  url: '/v1/users/:name',
  auth: 'admin',
  summary: 'Delete a local user (its logon sessions live on until they end)',
  tags: ['accounts'],
  params: NameParams,
  responses: { 204: null },
  async handler({ params, context }) {
    await context.system.accounts.deleteUser(params.name);
  },
});
