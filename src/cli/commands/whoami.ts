/** `logond whoami`: the caller's token, in the spirit of `whoami /all`. */
import type { Command } from '../command.ts';
import type { CommandContext } from '../context.ts';
import { formatWhoami, qualifiedName } from '../format/whoami.ts';

async function run(ctx: CommandContext): Promise<number> {
  const me = await ctx.client().whoami();
  if (ctx.json) ctx.printJson(me);
  else if (ctx.args.flag('name')) ctx.print(qualifiedName(me));
  else {
    const a = ctx.args;
    ctx.print(
      formatWhoami(me, {
        user: a.flag('user') === true,
        groups: a.flag('groups') === true,
        privileges: a.flag('priv') === true,
        logon: a.flag('logonid') === true,
      }),
    );
  }
  return 0;
}

/** `logond whoami`. */
export const whoamiCommand: Command = {
  path: ['whoami'],
  summary: "show the caller's user, SID, groups, privileges and logon session",
  description: 'Without a section option, every section is printed (as whoami /all does).',
  options: {
    name: { type: 'boolean', description: 'print only domain\\user (as plain whoami does)' },
    user: { type: 'boolean', description: 'the user and SID section' },
    groups: { type: 'boolean', description: 'the groups section' },
    priv: { type: 'boolean', description: 'the privileges section' },
    logonid: { type: 'boolean', description: 'the logon session section' },
  },
  run,
};
