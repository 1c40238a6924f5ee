/**
 * `logond logoff [id]`: logs a session's user off (spec §2.20, tests 94-95). Without an id, the
 * caller's own session. `--wait` (default) returns once the session and its programs are gone;
 * `--no-wait` once the daemon has accepted it. Logging off your own session also closes your token.
 */
import type { Command } from '../command.ts';
import type { CommandContext } from '../context.ts';
import { isOwnSession, resolveSessionRef, serverOf } from './_session-ref.ts';
import { signOut } from './_sign-out.ts';

async function run(ctx: CommandContext): Promise<number> {
  const client = ctx.client();
  const ref = await resolveSessionRef(client, ctx.args.positionals[0], ctx.command, ctx.sessionHost);
  const own = await isOwnSession(client, ref, ctx.sessionHost);
  const verbose = ctx.args.flag('verbose') === true;
  if (verbose && !ctx.json) {
    ctx.print(`Logging off session ID ${ref === 'current' ? (await client.whoami()).sessionId : ref}`);
  }
  const result = await client.logoff(ref, {
    wait: ctx.args.flag('wait') ?? true,
    ...serverOf(ctx.sessionHost),
  });
  if (own) await signOut(ctx);
  if (ctx.json) ctx.printJson(result);
  else if (verbose && !result.completed)
    ctx.print(`Logoff of session ${result.sessionId} accepted; it completes in the background.`);
  return 0;
}

/** `logond logoff`. */
export const logoffCommand: Command = {
  path: ['logoff'],
  summary: 'log off a terminal session (default: your own); its programs end and the session goes',
  usage: '[id|name]',
  args: { min: 0, max: 1 },
  description: [
    "Another user's session needs the Reset permission (administrators have it); you can always log off yourself.",
    'Logging off your own session also closes your token and removes it from the credentials file.',
  ].join('\n'),
  options: {
    wait: {
      type: 'boolean',
      negatable: true,
      default: '--wait',
      description: 'wait until the session and its programs are gone',
    },
    verbose: { type: 'boolean', short: 'v', description: 'say what is being done (as /v does)' },
  },
  examples: ['logond logoff', 'logond logoff 3 --no-wait'],
  sessionHosts: true,
  run,
};
