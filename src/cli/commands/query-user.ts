/** `logond query user` (quser): the users logged on to terminal sessions, as quser prints them. */

import { CliError } from '../cli-error.ts';
import type { Command } from '../command.ts';
import type { CommandContext } from '../context.ts';
import { EXIT_NOT_FOUND } from '../exit-code-values.ts';
import { formatByHost } from '../format/by-host.ts';
import { matchesSession } from '../format/session-table.ts';
import { formatUserTable } from '../format/user-table.ts';

async function run(ctx: CommandContext): Promise<number> {
  const host = ctx.args.string('host') ?? ctx.sessionHost;
  const answer = await ctx.client().listWtsSessions(host !== undefined ? { server: host } : {});
  const selector = ctx.args.positionals[0];
  const sessions = answer.sessions.filter(
    (s) => s.userName !== '' && (selector === undefined || matchesSession(s, selector)),
  );
  if (selector !== undefined && sessions.length === 0)
    throw new CliError(`no user exists for ${selector}`, EXIT_NOT_FOUND);
  if (ctx.json) ctx.printJson({ ...answer, sessions });
  else
    ctx.print(
      host === '*' ? formatByHost(sessions, (list) => formatUserTable(list)) : formatUserTable(sessions),
    );
  return 0;
}

/** `logond query user`. */
export const queryUserCommand: Command = {
  path: ['query', 'user'],
  aliases: [['quser']],
  summary: 'list logged-on users: USERNAME SESSIONNAME ID STATE IDLE TIME LOGON TIME, > on yours',
  usage: '[user|session|id]',
  args: { min: 0, max: 1 },
  description: 'IDLE TIME is "." under a minute, then minutes, H:MM or D+HH:MM; LOGON TIME is local time.',
  options: {
    host: {
      type: 'string',
      valueName: 'NAME',
      default: "the daemon's own host",
      description: 'the session host to list, * for every host (the same as --server NAME or /server:NAME)',
    },
  },
  sessionHosts: true,
  run,
};
