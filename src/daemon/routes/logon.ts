/**
 * `POST /v1/logon`: LsaLogonUser over HTTP, behind the failed-logon limits. MSV1_0 (the default)
 * takes `userName` and `password`; other packages take their submit buffer as
 * `authenticationInformation`. The answer carries the bearer secret, shown this once.
 */
import { Network, parseLogonType } from '../../lsa/logon-type.ts';
import { formatLuid } from '../../nt/luid.ts';
import { NtError } from '../../nt/nt-error.ts';
import {
  STATUS_INTERNAL_ERROR,
  STATUS_INVALID_LOGON_TYPE,
  STATUS_INVALID_PARAMETER,
  STATUS_NO_SUCH_PACKAGE,
} from '../../nt/ntstatus.ts';
import { Problem } from '../../protocol/common.ts';
import { LogonRequest, LogonResult } from '../../protocol/logon.ts';
import { logonTypeName, tokenTypeName } from '../_views.ts';
import { attemptLogon } from '../logon-attempt.ts';
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
    const { system } = context;
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
    const address = request.ip;
    const result = await attemptLogon(context, reply, { userName: limitedName(body, info), address }, () =>
      system.lsa.logonUser({
        package: packageId,
        logonType,
        authenticationInformation: info,
        workstation: body.workstation ?? '',
        clientAddress: address,
        holder: `http ${address}`,
        bearer: true,
      }),
    );
    if (result === undefined) return reply;
    if (result.secret === undefined || result.logonId === undefined || result.handle === undefined)
      throw new NtError(STATUS_INTERNAL_ERROR);
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
