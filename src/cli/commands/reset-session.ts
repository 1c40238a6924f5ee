/**
 * `logond reset session <id>` (rwinsta): resets a session: logs its user off and deletes it
 * (spec §2.23, test 97). Own sessions need no extra permission; others need Reset.
 */
import type { Command } from '../command.ts';
import type { CommandContext } from '../context.ts';
import { isOwnSession, resolveSessionRef, serverOf } from './_session-ref.ts';
import { signOut } from './_sign-out.ts';

async function run(ctx: CommandContext): Promise<number> {
  const client = ctx.client();
  const ref = await resolveSessionRef(client, ctx.args.positionals[0], ctx.command, ctx.sessionHost);
  const own = await isOwnSession(client, ref, ctx.sessionHost);
  if (ctx.args.flag('verbose') && !ctx.json) ctx.print(`Resetting session ID ${ref}`);
  const result = await client.reset(ref, serverOf(ctx.sessionHost));
  if (own) await signOut(ctx);
  if (ctx.json) ctx.printJson(result);
  return 0;
}

/** `logond reset session`. */
export const resetSessionCommand: Command = {
  path: ['reset', 'session'],
  aliases: [['rwinsta']],
  summary: 'reset a terminal session: log its user off and delete it',
  usage: '<id|name>',
  args: { min: 1, max: 1 },
  description:
    "Your own sessions need no extra permission; another user's needs Reset (administrators have it).",
  options: {
    verbose: { type: 'boolean', short: 'v', description: 'say what is being done (as /v does)' },
  },
  sessionHosts: true,
  run,
};
