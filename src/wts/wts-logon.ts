/**
 * Logging on to a WTS session (DESIGN.md "Terminal sessions"; spec §2.10, D9): an Interactive
 * logon at the console or a RemoteInteractive logon through the RDP-Tcp listener, made through
 * the LSA with the password package. The session keeps the token handle the LSA returned (its own
 * copy, holder `wts:<id>`, as winlogon does); the caller gets a second handle to the same token
 * object (holder `client` unless told otherwise), so either can be closed without the other.
 *
 * A user who already has a session is reconnected to it (one session per user, as RDS does by
 * default): the logon only checks the credentials, its new logon session is closed again, and the
 * caller gets a handle to the session's own token. A failed logon changes no WTS state: session
 * ids are only promised in memory until the LSA has said yes.
 */
import { STATUS_ACCESS_DENIED, STATUS_SUCCESS } from '../nt/ntstatus.ts';
import { checkLogonPermission } from './listener.ts';
import { type Placed, placeLogon } from './logon-placement.ts';
import { afterChange, type WtsContext, withLock } from './wts-context.ts';
import { planLogon, toLogonRequest, type WtsLogonOptions, type WtsLogonResult } from './wts-logon-plan.ts';

export type { WtsLogonOptions, WtsLogonResult } from './wts-logon-plan.ts';

/** `system.wts.logon` (issue 3): see the file comment. */
export async function logonToSession(ctx: WtsContext, options: WtsLogonOptions): Promise<WtsLogonResult> {
  const request = toLogonRequest(options);
  return withLock(ctx, request.lockKey, async () => {
    const plan = await planLogon(ctx, request);
    if (plan.status !== STATUS_SUCCESS) return { status: plan.status, subStatus: 0 };
    try {
      const r = await ctx.lsa.logonUser({
        package: request.package,
        logonType: request.logonType,
        authenticationInformation: { UserName: request.userName, Password: request.password },
        workstation: request.client.clientName,
        clientAddress: request.client.clientAddress,
        sessionId: plan.sessionId,
        holder: `wts:${plan.sessionId}`,
      });
      if (r.status !== STATUS_SUCCESS || r.handle === undefined || r.logonId === undefined) {
        return { status: r.status, subStatus: r.subStatus };
      }
      if (
        ctx.settings.requireLogonPermission &&
        request.station === 'rdp' &&
        !(await checkLogonPermission(ctx, r.handle))
      ) {
        await ctx.kernel.closeHandle(r.handle);
        return { status: STATUS_ACCESS_DENIED, subStatus: 0 };
      }
      let placed: Placed;
      try {
        placed = await ctx.kernel.transact((k) => placeLogon(k, ctx, plan, r, request));
      } catch (error) {
        await ctx.kernel.closeHandle(r.handle).catch(() => {});
        throw error;
      }
      if (placed.status !== STATUS_SUCCESS) {
        await ctx.kernel.closeHandle(r.handle);
        return { status: placed.status, subStatus: 0 };
      }
      if (placed.change !== undefined) afterChange(ctx, placed.change.changed, placed.change.deleted);
      const result: WtsLogonResult = {
        status: STATUS_SUCCESS,
        subStatus: 0,
        sessionId: placed.sessionId!,
        handle: placed.handle!,
        logonId: placed.logonId!,
        reconnected: placed.reconnected === true,
        userName: r.accountName ?? request.userName,
        domain: r.authenticatingAuthority ?? '',
      };
      if (placed.secret !== undefined) result.secret = placed.secret;
      return result;
    } finally {
      if (plan.reserved) ctx.reserved.delete(plan.sessionId);
    }
  });
}
