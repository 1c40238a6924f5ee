/**
 * After the caller's own session is logged off or reset, its token has no session left to act in:
 * close it (if the daemon has not already) and forget it from the credentials file.
 */
import { LogondError } from '../../client/logond-error.ts';
import type { CommandContext } from '../context.ts';

/** Closes the caller's token, ignoring "already closed", and drops its saved credential. */
export async function signOut(ctx: CommandContext): Promise<void> {
  try {
    await ctx.client().closeCurrentToken();
  } catch (err) {
    if (!(err instanceof LogondError) || (err.status !== 401 && err.status !== 404)) throw err;
  }
  forgetToken(ctx);
}

/** Drops the saved credential of the server if it is the token this command used. */
export function forgetToken(ctx: CommandContext): boolean {
  const saved = ctx.credentials.get(ctx.server);
  if (saved === undefined || saved.token !== ctx.token) return false;
  return ctx.credentials.delete(ctx.server);
}
