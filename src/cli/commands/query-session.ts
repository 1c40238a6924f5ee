/** `logond query session` (qwinsta): the terminal sessions, as qwinsta prints them (spec §2.23). */

import { CliError } from '../cli-error.ts';
import type { Command } from '../command.ts';
import type { CommandContext } from '../context.ts';
import { EXIT_NOT_FOUND } from '../exit-code-values.ts';
import { formatByHost } from '../format/by-host.ts';
import { formatSessionTable, matchesSession } from '../format/session-table.ts';

async function run(ctx: CommandContext): Promise<number> {
  const host = ctx.args.string('host') ?? ctx.sessionHost;
  const answer = await ctx.client().listWtsSessions(host !== undefined ? { server: host } : {});
  const selector = ctx.args.positionals[0];
  const sessions =
    selector === undefined ? answer.sessions : answer.sessions.filter((s) => matchesSession(s, selector));
  if (selector !== undefined && sessions.length === 0)
    throw new CliError(`no session exists for ${selector}`, EXIT_NOT_FOUND);
  if (ctx.json) ctx.printJson({ ...answer, sessions });
  else
    ctx.print(
      host === '*'
        ? formatByHost(sessions, (list) => formatSessionTable(list))
        : formatSessionTable(sessions),
    );
  return 0;
}

/** `logond query session`. */
export const querySessionCommand: Command = {
  path: ['query', 'session'],
  aliases: [['qwinsta']],
  summary: 'list terminal sessions: SESSIONNAME USERNAME ID STATE TYPE DEVICE, > on yours',
  usage: '[name|user|id]',
  args: { min: 0, max: 1 },
  description: [
    'Lists the sessions you may query (Query Information permission); yours is marked with >.',
    'States: active, conn, connQ, shadow, disc, idle, listen, reset, down, init.',
  ].join('\n'),
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
