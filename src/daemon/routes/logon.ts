/**
 * `POST /v1/logon`: LsaLogonUser over HTTP, behind the failed-logon limits. MSV1_0 (the default)
 * takes `userName` and `password`; other packages take their submit buffer as
 * `authenticationInformation`. The answer carries the bearer secret, shown this once.
 */
import { Network, parseLogonType } from '../../lsa/logon-type.ts';
import { formatLuid } from '../../nt/luid.ts';
import { NtError } from '../../nt/nt-error.ts';
import {
  isNtSuccess,
  STATUS_ACCOUNT_LOCKED_OUT,
  STATUS_INVALID_LOGON_TYPE,
  STATUS_INVALID_PARAMETER,
  STATUS_NO_SUCH_PACKAGE,
  statusName,
} from '../../nt/ntstatus.ts';
import { Problem } from '../../protocol/common.ts';
import { LogonRequest, LogonResult } from '../../protocol/logon.ts';
import { logonTypeName, tokenTypeName } from '../_views.ts';
import { httpStatusOf, sendProblem, toProblem } from '../problem.ts';
import { defineRoute } from '../route.ts';

/** The built-in password package's id (the first package loaded). */
const MSV1_0_ID = 0;

/** The submit buffer for the package, from the request's fields. */
function submitBuffer(body: LogonRequest, packageId: number): unknown {
  const hasFields = body.userName !== undefined || body.password !== undefined;
  if (body.authenticationInformation !== undefined) {
    if (hasFields)
      throw new NtError(
        STATUS_INVALID_PARAMETER,
        'Give either userName and password, or authenticationInformation, not both.',
      );
    return body.authenticationInformation;
  }
  if (packageId === MSV1_0_ID && (body.userName === undefined || body.password === undefined)) {
    throw new NtError(STATUS_INVALID_PARAMETER, 'MSV1_0 logons need userName and password.');
  }
  return {
    ...(body.userName === undefined ? {} : { UserName: body.userName }),
    ...(body.password === undefined ? {} : { Password: body.password }),
    ...(body.domain === undefined ? {} : { LogonDomainName: body.domain }),
  };
}

/** The user name the failed-logon limit counts against. */
function limitedName(body: LogonRequest, info: unknown): string {
  if (body.userName !== undefined) return body.userName;
  const name = (info as { UserName?: unknown } | null)?.UserName;
  return typeof name === 'string' ? name : '';
}

/** `POST /v1/logon`. */
export const logonRoute = defineRoute({
  method: 'POST',
  url: '/v1/logon',
  auth: 'none',
  summary: 'Log on (LsaLogonUser): returns a bearer token for a new logon session',
  tags: ['logon'],
  body: LogonRequest,
  responses: { 201: LogonResult, 429: Problem },
  async handler({ body, request, reply, context }) {
    const { system, limiter, metrics } = context;
    const logonType = body.logonType === undefined ? Network : parseLogonType(body.logonType);
    if (logonType === undefined)
      throw new NtError(
        STATUS_INVALID_LOGON_TYPE,
        'logonType must be a logon type name (Interactive, Network, ...) or its number.',
      );
    const { packageId } = system.lsa.lookupAuthenticationPackage(body.package ?? 'MSV1_0');
    if (packageId === undefined)
      throw new NtError(
        STATUS_NO_SUCH_PACKAGE,
        `No authentication package named "${body.package}" is loaded.`,
      );
    const info = submitBuffer(body, packageId);
    const userName = limitedName(body, info);
    const address = request.ip;
    const decision = limiter.check(userName, address);
    if (!decision.allowed) {
      metrics.countLogon('STATUS_ACCOUNT_LOCKED_OUT');
      const detail = `Too many failed logons for this ${decision.by === 'user' ? 'user' : 'address'}; try again in ${Math.ceil(decision.retryAfterMs / 1000)} s.`;
      return sendProblem(
        reply,
        toProblem(STATUS_ACCOUNT_LOCKED_OUT, { detail }),
        decision.retryAfterMs / 1000,
      );
    }
    const result = await system.lsa.logonUser({
      package: packageId,
      logonType,
      authenticationInformation: info,
      workstation: body.workstation ?? '',
      clientAddress: address,
      holder: `http ${address}`,
      bearer: true,
    });
    metrics.countLogon(statusName(result.status));
    if (
      !isNtSuccess(result.status) ||
      result.secret === undefined ||
      result.logonId === undefined ||
      result.handle === undefined
    ) {
      if (httpStatusOf(result.status) === 401) limiter.recordFailure(userName, address);
      throw new NtError(result.status, undefined, { subStatus: result.subStatus });
    }
    limiter.recordSuccess(userName);
    reply.code(201);
    return {
      token: result.secret,
      handle: result.handle,
      logonId: formatLuid(result.logonId),
      userName: result.accountName ?? '',
      domain: result.authenticatingAuthority ?? '',
      userSid: result.userSid ?? '',
      logonType: logonTypeName(logonType),
      tokenType: tokenTypeName(result.tokenType ?? 1),
      sessionId: 0,
      profile: result.profileBuffer ?? {},
    } satisfies LogonResult;
  },
});
