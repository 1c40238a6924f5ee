/** `logond query process`: the programs running in a terminal session (`run` starts them). */
import type { Command } from '../command.ts';
import type { CommandContext } from '../context.ts';
import { formatProcessTable } from '../format/process-table.ts';
import { resolveSessionRef, serverOf } from './_session-ref.ts';

async function run(ctx: CommandContext): Promise<number> {
  const client = ctx.client();
  const ref = await resolveSessionRef(client, ctx.args.positionals[0], ctx.command, ctx.sessionHost);
  const [session, processes] = await Promise.all([
    client.getWtsSession(ref, serverOf(ctx.sessionHost)),
    client.listProcesses(ref, serverOf(ctx.sessionHost)),
  ]);
  if (ctx.json) ctx.printJson({ processes });
  else ctx.print(formatProcessTable(session, processes));
  return 0;
}

/** `logond query process`. */
export const queryProcessCommand: Command = {
  path: ['query', 'process'],
  aliases: [['qprocess']],
  summary: 'list the programs running in a session: USERNAME SESSIONNAME ID PID IMAGE',
  usage: '[id|name]',
  args: { min: 0, max: 1 },
  description: 'Without an argument, the programs of your own session.',
  sessionHosts: true,
  run,
};
