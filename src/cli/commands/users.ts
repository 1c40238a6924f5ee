/**
 * `logond users ...`: local accounts (administrators; `show` and `passwd` also for yourself).
 * Output in the layouts of `net user`.
 */
import type { Command } from '../command.ts';
import type { CommandContext } from '../context.ts';
import { formatMemberships, formatUserDetails, formatUserList } from '../format/accounts.ts';
import { readPassword } from '../password.ts';

const name = (ctx: CommandContext): string => ctx.args.positionals[0]!;

async function add(ctx: CommandContext): Promise<number> {
  const a = ctx.args;
  const password = await readPassword(ctx.io, {
    prompt: 'Type a password for the user: ',
    confirm: 'Retype the password to confirm: ',
    fromStdin: a.flag('password-stdin') === true,
    command: ctx.command,
  });
  const body: Parameters<ReturnType<CommandContext['client']>['createUser']>[0] = {
    userName: name(ctx),
    password,
  };
  if (a.string('full-name') !== undefined) body.fullName = a.string('full-name')!;
  if (a.strings('group').length > 0) body.groups = a.strings('group', { split: true });
  if (a.flag('must-change-password')) body.mustChangePassword = true;
  if (a.flag('disabled')) body.disabled = true;
  const user = await ctx.client().createUser(body);
  if (ctx.json) ctx.printJson(user);
  else ctx.print(`User ${user.userName} created (${user.sid}).`);
  return 0;
}

async function list(ctx: CommandContext): Promise<number> {
  const users = await ctx.client().listUsers();
  if (ctx.json) ctx.printJson({ users });
  else ctx.print(formatUserList(users));
  return 0;
}

async function show(ctx: CommandContext): Promise<number> {
  const user = await ctx.client().getUser(name(ctx));
  if (ctx.json) ctx.printJson(user);
  else ctx.print(formatUserDetails(user));
  return 0;
}

function setDisabled(disabled: boolean) {
  return async (ctx: CommandContext): Promise<number> => {
    const user = await ctx.client().updateUser(name(ctx), { disabled });
    if (ctx.json) ctx.printJson(user);
    else ctx.print(`User ${user.userName} ${disabled ? 'disabled' : 'enabled'}.`);
    return 0;
  };
}

async function passwd(ctx: CommandContext): Promise<number> {
  const client = ctx.client();
  const userName = ctx.args.positionals[0] ?? (await client.whoami()).userName;
  const password = await readPassword(ctx.io, {
    prompt: `Type a new password for ${userName}: `,
    confirm: 'Retype the password to confirm: ',
    fromStdin: ctx.args.flag('password-stdin') === true,
    command: ctx.command,
  });
  await client.setPassword(userName, password);
  if (!ctx.json) ctx.print(`Password of ${userName} changed.`);
  return 0;
}

async function remove(ctx: CommandContext): Promise<number> {
  await ctx.client().deleteUser(name(ctx));
  if (!ctx.json) ctx.print(`User ${name(ctx)} deleted.`);
  return 0;
}

async function groups(ctx: CommandContext): Promise<number> {
  const user = await ctx.client().getUser(name(ctx));
  if (ctx.json) ctx.printJson({ userName: user.userName, groups: user.groups });
  else ctx.print(formatMemberships(user));
  return 0;
}

function membership(adding: boolean) {
  return async (ctx: CommandContext): Promise<number> => {
    const [userName, group] = ctx.args.positionals as [string, string];
    if (adding) await ctx.client().addGroupMember(group, userName);
    else await ctx.client().removeGroupMember(group, userName);
    if (!ctx.json)
      ctx.print(adding ? `${userName} added to ${group}.` : `${userName} removed from ${group}.`);
    return 0;
  };
}

const passwordStdin = {
  type: 'boolean',
  description: 'read the password from stdin instead of asking',
} as const;

/** The `users` commands. */
export const usersCommands: readonly Command[] = [
  {
    path: ['users', 'add'],
    summary: 'create a local user (asks for the password twice)',
    usage: '<name>',
    args: { min: 1, max: 1 },
    options: {
      'password-stdin': passwordStdin,
      'full-name': { type: 'string', valueName: 'TEXT', description: 'the full name' },
      group: {
        type: 'string',
        valueName: 'GROUP',
        multiple: true,
        default: 'Users',
        description: 'a group to join (or a comma list)',
      },
      'must-change-password': {
        type: 'boolean',
        description: 'the user must change the password at first logon',
      },
      disabled: { type: 'boolean', description: 'create the account disabled' },
    },
    run: add,
  },
  { path: ['users', 'list'], summary: 'list local users', run: list },
  {
    path: ['users', 'show'],
    summary: 'show a user as net user <name> does',
    usage: '<name>',
    args: { min: 1, max: 1 },
    run: show,
  },
  {
    path: ['users', 'disable'],
    summary: 'disable an account (its logons fail)',
    usage: '<name>',
    args: { min: 1, max: 1 },
    run: setDisabled(true),
  },
  {
    path: ['users', 'enable'],
    summary: 'enable a disabled account',
    usage: '<name>',
    args: { min: 1, max: 1 },
    run: setDisabled(false),
  },
  {
    path: ['users', 'passwd'],
    summary: "set a user's password (default: your own)",
    usage: '[name]',
    args: { min: 0, max: 1 },
    options: { 'password-stdin': passwordStdin },
    run: passwd,
  },
  {
    path: ['users', 'delete'],
    summary: 'delete a local user',
    usage: '<name>',
    args: { min: 1, max: 1 },
    run: remove,
  },
  {
    path: ['users', 'groups'],
    summary: "list a user's groups",
    usage: '<name>',
    args: { min: 1, max: 1 },
    run: groups,
  },
  {
    path: ['users', 'group-add'],
    summary: 'add a user to a group',
    usage: '<name> <group>',
    args: { min: 2, max: 2 },
    run: membership(true),
  },
  {
    path: ['users', 'group-remove'],
    summary: 'remove a user from a group',
    usage: '<name> <group>',
    args: { min: 2, max: 2 },
    run: membership(false),
  },
];
