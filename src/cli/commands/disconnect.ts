/**
 * `logond disconnect [id]` (tsdiscon): detaches the client from a session; the session and its
 * programs keep running, and the user reconnects to it at the next `logon` (spec §2.21).
 */
import type { Command } from '../command.ts';
import type { CommandContext } from '../context.ts';
import { stateWord } from '../format/session-state.ts';
import { resolveSessionRef, serverOf } from './_session-ref.ts';

async function run(ctx: CommandContext): Promise<number> {
  const client = ctx.client();
  const ref = await resolveSessionRef(client, ctx.args.positionals[0], ctx.command, ctx.sessionHost);
  if (ctx.args.flag('verbose') && !ctx.json)
    ctx.print(`Disconnecting session ID ${ref === 'current' ? (await client.whoami()).sessionId : ref}`);
  const result = await client.disconnect(ref, {
    wait: ctx.args.flag('wait') ?? true,
    ...serverOf(ctx.sessionHost),
  });
  if (ctx.json) ctx.printJson(result);
  else if (ctx.args.flag('verbose'))
    ctx.print(`Session ${result.sessionId} is now ${stateWord(result.state) || String(result.state)}.`);
  return 0;
}

/** `logond disconnect`. */
export const disconnectCommand: Command = {
  path: ['disconnect'],
  aliases: [['tsdiscon']],
  summary: 'disconnect a terminal session (default: your own); it keeps running',
  usage: '[id|name]',
  args: { min: 0, max: 1 },
  description: "Another user's session needs the Disconnect permission.",
  options: {
    wait: {
      type: 'boolean',
      negatable: true,
      default: '--wait',
      description: 'wait until the session is disconnected',
    },
    verbose: { type: 'boolean', short: 'v', description: 'say what is being done' },
  },
  sessionHosts: true,
  run,
};
