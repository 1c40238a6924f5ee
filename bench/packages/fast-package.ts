/**
 * BENCHMARK ONLY — NEVER ENABLE IN PRODUCTION. `BenchFast`: an authentication package that checks
 * a password with one SHA-256 instead of scrypt, so `bench/daemon.ts` measures the daemon's logon
 * and close path (store commits, token, cascade) without the deliberately slow KDF.
 *
 * It is loaded only by explicit configuration (`LOGOND_PACKAGES=bench/packages/fast-package.ts`)
 * and refuses to initialise (the daemon does not start) unless `LOGOND_BENCH_FAST_PASSWORD` is
 * set. Every local account then accepts that one password through this package: anyone who knows
 * it can log on as any user. That is why it must never run outside a benchmark.
 *
 * Submit buffer: `{ UserName, Password }`. Users, SIDs and groups come from the account store.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { AuthenticationPackage, LsaDispatchTable } from '../../src/lsa/package.ts';
import {
  STATUS_INTERNAL_ERROR,
  STATUS_INVALID_PARAMETER,
  STATUS_LOGON_FAILURE,
  STATUS_NO_SUCH_USER,
  STATUS_SUCCESS,
  STATUS_WRONG_PASSWORD,
} from '../../src/nt/ntstatus.ts';
import type { PackageContext } from '../../src/system.ts';

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** The package factory the daemon calls when it loads this module. */
export default function createFastPackage(context: PackageContext): AuthenticationPackage {
  const configured = process.env['LOGOND_BENCH_FAST_PASSWORD'];
  const expected = configured === undefined || configured === '' ? undefined : sha256(configured);
  let dispatch: LsaDispatchTable | undefined;
  return {
    name: 'BenchFast',
    LsaApInitializePackage(_id, table) {
      dispatch = table;
      // Refuse to start without the explicit benchmark password: never enabled by accident.
      return expected === undefined ? STATUS_INTERNAL_ERROR : STATUS_SUCCESS;
    },
    async LsaApLogonUser(request, out) {
      const info = request.AuthenticationInformation as { UserName?: unknown; Password?: unknown } | null;
      if (typeof info?.UserName !== 'string' || typeof info.Password !== 'string')
        return STATUS_INVALID_PARAMETER;
      out.AccountName = info.UserName;
      const user = await context.accounts.getUser(info.UserName);
      if (user === undefined) {
        out.SubStatus = STATUS_NO_SUCH_USER;
        return STATUS_LOGON_FAILURE;
      }
      if (!timingSafeEqual(sha256(info.Password), expected!)) {
        out.SubStatus = STATUS_WRONG_PASSWORD;
        return STATUS_LOGON_FAILURE;
      }
      const luid = await dispatch!.AllocateLocallyUniqueId();
      const status = await dispatch!.CreateLogonSession(luid);
      if (status !== STATUS_SUCCESS) return status;
      out.LogonId = luid;
      out.AccountName = user.userName;
      out.AuthenticatingAuthority = context.computerName;
      out.TokenInformation = {
        User: user.sid,
        Groups: [...user.groups],
        Privileges: ['SeChangeNotifyPrivilege'],
      };
      out.ProfileBuffer = {};
      return STATUS_SUCCESS;
    },
    LsaApLogonTerminated() {},
  };
}
