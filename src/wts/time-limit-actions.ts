/**
 * What happens when a session time limit falls due (see `time-limits.ts`): the row is read again,
 * and if the limit still holds (no input since, still disconnected) the session is disconnected,
 * logged off (without waiting) or, for a remote session nobody logged on to, ended, in kernel
 * mode. The events carry the reason (`idle-limit`, `active-limit`, `disconnected-limit`).
 */
import { TRUSTED_CALLER } from '../kernel/caller.ts';
import { disconnectSession } from './session-connection.ts';
import { logoffSession, resetSession } from './session-logoff.ts';
import { toSessionKey } from './session-row.ts';
import { nextDueLimit, type TimeLimits } from './time-limits.ts';
import type { WtsContext } from './wts-context.ts';

/** Applies the due limit of session `sessionId`, or re-arms its timer if it is not due yet. */
export async function applyDueLimit(
  ctx: WtsContext,
  limits: TimeLimits,
  sessionId: number,
  isClosed: () => boolean,
): Promise<void> {
  if (isClosed()) return;
  try {
    const row = await ctx.kernel.read((k) => k.tx.get('wtsSessions', toSessionKey(ctx.host, sessionId)));
    if (row === undefined || isClosed()) return;
    const due = nextDueLimit(row, limits);
    if (due === undefined) return;
    if (due.at > ctx.clock.now()) {
      ctx.timers.schedule(row);
      return;
    }
    const reason = `${due.reason}-limit`;
    if (due.action === 'disconnect') await disconnectSession(ctx, TRUSTED_CALLER, sessionId, reason);
    else if (due.action === 'logoff')
      await logoffSession(ctx, TRUSTED_CALLER, sessionId, { wait: false, reason });
    else await resetSession(ctx, TRUSTED_CALLER, sessionId);
  } catch (error) {
    if (!isClosed())
      ctx.warn('a session time limit could not be applied', { sessionId, error: String(error) });
  }
}
