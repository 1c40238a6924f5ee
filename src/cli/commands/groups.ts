/** `logond groups ...`: local groups (administrators). */
import type { Command } from '../command.ts';
import type { CommandContext } from '../context.ts';
import { formatGroupList } from '../format/accounts.ts';

async function list(ctx: CommandContext): Promise<number> {
  const groups = await ctx.client().listGroups();
  if (ctx.json) ctx.printJson({ groups });
  else ctx.print(formatGroupList(groups));
  return 0;
}

async function add(ctx: CommandContext): Promise<number> {
  const description = ctx.args.string('description');
  const group = await ctx
    .client()
    .createGroup({ name: ctx.args.positionals[0]!, ...(description !== undefined ? { description } : {}) });
  if (ctx.json) ctx.printJson(group);
  else ctx.print(`Group ${group.name} created (${group.sid}).`);
  return 0;
}

/** The `groups` commands. */
export const groupsCommands: readonly Command[] = [
  { path: ['groups', 'list'], summary: 'list local groups and their members', run: list },
  {
    path: ['groups', 'add'],
    summary: 'create a local group',
    usage: '<name>',
    args: { min: 1, max: 1 },
    options: { description: { type: 'string', valueName: 'TEXT', description: 'what the group is for' } },
    run: add,
  },
];
