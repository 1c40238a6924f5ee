/**
 * One logon attempt behind the failed-logon limits, shared by `POST /v1/logon` and
 * `POST /v1/wts/sessions`: refused with 429 while the user name or the client address is over its
 * limit; counted as a failure when the credentials are refused (any 401 status); counted in the
 * logon metrics by outcome. A failure throws NtError with the LSA's status and sub-status.
 */
import type { FastifyReply } from 'fastify';
import { NtError } from '../nt/nt-error.ts';
import { isNtSuccess, type NtStatus, STATUS_ACCOUNT_LOCKED_OUT, statusName } from '../nt/ntstatus.ts';
import type { DaemonContext } from './context.ts';
import { httpStatusOf, sendProblem, toProblem } from './problem.ts';

/** What an attempt returns: at least the LSA's status and sub-status. */
export interface AttemptOutcome {
  status: NtStatus;
  subStatus: NtStatus;
}

/**
 * Runs `attempt` unless the limits refuse it. Resolves with the successful outcome, or with
 * undefined when the 429 problem has been sent.
 */
export async function attemptLogon<R extends AttemptOutcome>(
  context: DaemonContext,
  reply: FastifyReply,
  who: { userName: string; address: string },
  attempt: () => Promise<R>,
): Promise<R | undefined> {
  const { limiter, metrics } = context;
  const decision = limiter.check(who.userName, who.address);
  if (!decision.allowed) {
    metrics.countLogon('STATUS_ACCOUNT_LOCKED_OUT');
    const seconds = Math.ceil(decision.retryAfterMs / 1000);
    const detail = `Too many failed logons for this ${decision.by === 'user' ? 'user' : 'address'}; try again in ${seconds} s.`;
    sendProblem(reply, toProblem(STATUS_ACCOUNT_LOCKED_OUT, { detail }), decision.retryAfterMs / 1000);
    return undefined;
  }
  const outcome = await attempt();
  metrics.countLogon(statusName(outcome.status));
  if (!isNtSuccess(outcome.status)) {
    if (httpStatusOf(outcome.status) === 401) limiter.recordFailure(who.userName, who.address);
    throw new NtError(outcome.status, undefined, { subStatus: outcome.subStatus });
  }
  limiter.recordSuccess(who.userName);
  return outcome;
}
