/** `/v1/users` and `/v1/groups`: local accounts and groups (docs/http-api.md). Never a password hash. */
import { type Static, Type } from '@sinclair/typebox';
import { IsoTime, OptionalTime, Text } from './common.ts';

const LogonHours = Type.Union([
  Type.String({
    pattern: '^[0-9a-fA-F]{42}$',
    description: '168 bits, one per hour of the week from Sunday 00:00 UTC',
  }),
  Type.Null(),
]);
const Workstations = Type.Union([Type.Array(Text(255, 1), { maxItems: 64 }), Type.Null()]);

/** A local user. */
export const User = Type.Object(
  {
    userName: Type.String(),
    sid: Type.String(),
    fullName: Type.String(),
    disabled: Type.Boolean(),
    mustChangePassword: Type.Boolean(),
    passwordExpires: OptionalTime,
    passwordLastSet: IsoTime,
    logonHours: LogonHours,
    workstations: Workstations,
    groups: Type.Array(Type.Object({ name: Type.String(), sid: Type.String() })),
  },
  { title: 'User' },
);
/** A local user. */
export type User = Static<typeof User>;

/** Every user. */
export const UserList = Type.Object({ users: Type.Array(User) }, { title: 'UserList' });
/** Every user. */
export type UserList = Static<typeof UserList>;

/** A new user; it joins Users and the `groups` named (names or SIDs). */
export const CreateUserRequest = Type.Object(
  {
    userName: Text(256, 1),
    password: Text(256),
    fullName: Type.Optional(Text(256)),
    groups: Type.Optional(Type.Array(Text(256, 1), { maxItems: 1024 })),
    mustChangePassword: Type.Optional(Type.Boolean()),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, title: 'CreateUserRequest' },
);
/** A new user. */
export type CreateUserRequest = Static<typeof CreateUserRequest>;

/** Changes to a user; absent fields stay as they are. */
export const UpdateUserRequest = Type.Object(
  {
    disabled: Type.Optional(Type.Boolean()),
    mustChangePassword: Type.Optional(Type.Boolean()),
    passwordExpires: Type.Optional(OptionalTime),
    fullName: Type.Optional(Text(256)),
    logonHours: Type.Optional(LogonHours),
    workstations: Type.Optional(Workstations),
  },
  { additionalProperties: false, title: 'UpdateUserRequest' },
);
/** Changes to a user. */
export type UpdateUserRequest = Static<typeof UpdateUserRequest>;

/** A new password. */
export const SetPasswordRequest = Type.Object(
  { password: Text(256) },
  { additionalProperties: false, title: 'SetPasswordRequest' },
);

/** A local group (or a BUILTIN alias) and its members' user names. */
export const Group = Type.Object(
  { name: Type.String(), sid: Type.String(), description: Type.String(), members: Type.Array(Type.String()) },
  { title: 'Group' },
);
/** A group. */
export type Group = Static<typeof Group>;

/** Every group. */
export const GroupList = Type.Object({ groups: Type.Array(Group) }, { title: 'GroupList' });
/** Every group. */
export type GroupList = Static<typeof GroupList>;

/** A new local group. */
export const CreateGroupRequest = Type.Object(
  { name: Text(256, 1), description: Type.Optional(Text(256)) },
  { additionalProperties: false, title: 'CreateGroupRequest' },
);

/** A user to add to a group. */
export const AddMemberRequest = Type.Object(
  { userName: Text(256, 1) },
  { additionalProperties: false, title: 'AddMemberRequest' },
);

/** A group and one of its members in a URL. */
export const MemberParams = Type.Object(
  { name: Text(256, 1), user: Text(256, 1) },
  { additionalProperties: false },
);
