/**
 * A scripted authentication package for tests: accepts `{ UserName }` without a password and can
 * be told to fail at each step of LsaApLogonUser. It records what the LSA tells it.
 */
import type { Luid } from '../nt/luid.ts';
import { type NtStatus, STATUS_SUCCESS } from '../nt/ntstatus.ts';
import type {
  AuthenticationPackage,
  LogonUserOutput,
  LogonUserRequest,
  LsaDispatchTable,
} from './package.ts';

/** The groups every scripted user is in (BUILTIN\Users): one list, as an account store would keep it. */
const USER_GROUPS: readonly string[] = Object.freeze(['S-1-5-32-545']);

/** How the scripted package behaves. */
export interface ScriptedBehaviour {
  /** Fail with this status before creating a logon session. */
  failBeforeCreate?: NtStatus;
  /** Create the session, then fail with this status, deleting it first (as SEED-2 asks). */
  failAfterCreate?: NtStatus;
  /** Create the session, then fail without deleting it (a misbehaving package). */
  leakAfterCreate?: NtStatus;
  /** Report this user SID (default S-1-5-21-1-2-3-<1000 + length of the name>). */
  userSid?: string;
  /** Make LsaApLogonTerminated throw, reject or hang. */
  onTerminated?: 'throw' | 'reject' | 'hang';
}

/** A scripted package and what it saw. */
export interface ScriptedPackage extends AuthenticationPackage {
  readonly terminated: Luid[];
  readonly created: Luid[];
  dispatch: LsaDispatchTable | undefined;
  packageId: number;
  behaviour: ScriptedBehaviour;
}

/** Creates a scripted package named `name`. */
export function createScriptedPackage(name = 'Scripted', behaviour: ScriptedBehaviour = {}): ScriptedPackage {
  const pkg: ScriptedPackage = {
    name,
    terminated: [],
    created: [],
    dispatch: undefined,
    packageId: -1,
    behaviour,
    LsaApInitializePackage(id, dispatch) {
      pkg.packageId = id;
      pkg.dispatch = dispatch;
      return STATUS_SUCCESS;
    },
    async LsaApLogonUser(request: LogonUserRequest, out: LogonUserOutput) {
      const b = pkg.behaviour;
      const info = request.AuthenticationInformation as { UserName?: unknown } | null;
      const userName = typeof info?.UserName === 'string' ? info.UserName : 'anonymous';
      out.AccountName = userName;
      out.AuthenticatingAuthority = 'TESTDOM';
      if (b.failBeforeCreate !== undefined) return b.failBeforeCreate;
      const d = pkg.dispatch!;
      const luid = await d.AllocateLocallyUniqueId();
      const status = await d.CreateLogonSession(luid);
      if (status !== STATUS_SUCCESS) return status;
      pkg.created.push(luid);
      out.LogonId = luid;
      if (b.failAfterCreate !== undefined) {
        await d.DeleteLogonSession(luid);
        return b.failAfterCreate;
      }
      if (b.leakAfterCreate !== undefined) return b.leakAfterCreate;
      out.TokenInformation = { User: b.userSid ?? userSidOf(userName), Groups: USER_GROUPS };
      out.ProfileBuffer = { UserName: userName };
      return STATUS_SUCCESS;
    },
    LsaApLogonTerminated(logonId: Luid) {
      pkg.terminated.push(logonId);
      const mode = pkg.behaviour.onTerminated;
      if (mode === 'throw') throw new Error('package failure');
      if (mode === 'reject') return Promise.reject(new Error('package rejection'));
      if (mode === 'hang') return new Promise<void>(() => {});
      return undefined;
    },
  };
  return pkg;
}

/** Default user SIDs by name length, made once each (an account store hands out the SID it keeps). */
const userSids: string[] = [];

function userSidOf(userName: string): string {
  const n = userName.length;
  let sid = userSids[n];
  if (sid === undefined) {
    sid = `S-1-5-21-1-2-3-${1000 + n}`;
    userSids[n] = sid;
  }
  return sid;
}
