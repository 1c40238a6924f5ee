/**
 * `logond run <program> [args...]`: starts a program in a terminal session (default: your own),
 * as the session's user, holding its own duplicate of the user's token. Everything after the
 * program is passed to it unchanged.
 */
import type { Command } from '../command.ts';
import type { CommandContext } from '../context.ts';
import { imageName } from '../format/process-table.ts';
import { resolveSessionRef, serverOf } from './_session-ref.ts';

async function run(ctx: CommandContext): Promise<number> {
  const client = ctx.client();
  const ref = await resolveSessionRef(client, ctx.args.string('session'), ctx.command, ctx.sessionHost);
  const [program, ...args] = ctx.args.positionals;
  const result = await client.startProcess(ref, { program: program!, args }, serverOf(ctx.sessionHost));
  if (ctx.json) ctx.printJson(result);
  else ctx.print(`Started ${imageName(program!)} (process ${result.pid}) in session ${result.sessionId}.`);
  return 0;
}

/** `logond run`. */
export const runCommand: Command = {
  path: ['run'],
  summary: 'start a program in a terminal session',
  usage: '<program> [args...]',
  args: { min: 1, max: Number.POSITIVE_INFINITY },
  passThrough: true,
  description: "Options go before the program; everything after it is the program's own arguments.",
  options: {
    session: {
      type: 'string',
      valueName: 'ID',
      default: 'your own session',
      description: 'the session to run in (id or name)',
    },
  },
  examples: ['logond run sleep 600', 'logond run --session 3 /usr/bin/env -i'],
  sessionHosts: true,
  run,
};
