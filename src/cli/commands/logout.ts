/**
 * `logond logout`: closes the caller's token handle (`DELETE /v1/tokens/current`) and forgets it.
 * The terminal session, if any, stays (as after a disconnect); `logoff` ends it.
 */
import { LogondError } from '../../client/logond-error.ts';
import type { Command } from '../command.ts';
import type { CommandContext } from '../context.ts';
import { forgetToken } from './_sign-out.ts';

async function run(ctx: CommandContext): Promise<number> {
  const client = ctx.client();
  let closed = true;
  try {
    await client.closeCurrentToken();
  } catch (err) {
    if (!(err instanceof LogondError) || err.status !== 401) throw err;
    closed = false;
  }
  const forgotten = forgetToken(ctx);
  if (!ctx.json) {
    ctx.print(
      closed
        ? `Signed out of ${ctx.server}: token closed.`
        : `The token was already closed; signed out of ${ctx.server}.`,
    );
    if (forgotten) ctx.print(`Removed it from ${ctx.credentials.path}.`);
  }
  return 0;
}

/** `logond logout`. */
export const logoutCommand: Command = {
  path: ['logout'],
  summary: "close the caller's token and forget it (the terminal session stays; see logoff)",
  run,
};
