import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromLuidPair, type LuidPair } from '../nt/luid.ts';
import { createSystem, type System } from '../system.ts';
import {
  Interactive,
  type Ref,
  ref,
  STATUS_ACCESS_DENIED,
  STATUS_INSUFFICIENT_RESOURCES,
  STATUS_INVALID_PARAMETER,
  STATUS_LOGON_FAILURE,
  STATUS_NO_SUCH_LOGON_SESSION,
  STATUS_NOT_FOUND,
  STATUS_SUCCESS,
  STATUS_WRONG_PASSWORD,
  TokenImpersonation,
  TokenSessionReference,
  TokenStatistics,
} from './index.ts';

async function setup(): Promise<{
  system: System;
  logon: (
    user: string,
    password: string,
  ) => Promise<{ status: number; luid: LuidPair; token: number; sub: number }>;
}> {
  const system = await createSystem({
    passwordHashing: { N: 1024 },
    logger: { warn() {} },
    computerName: 'WIN32TEST',
  });
  await system.accounts.createUser({ userName: 'alice', password: 'pw-alice-1' });
  await system.accounts.createUser({ userName: 'bob', password: 'pw-bob-1' });
  const k = system.win32();
  return {
    system,
    async logon(user, password) {
      const pkg = ref<number>();
      assert.equal(k.LsaLookupAuthenticationPackage('msv1_0', pkg), STATUS_SUCCESS);
      const profile = ref<Record<string, unknown>>();
      const luid = ref<LuidPair>();
      const token = ref<number>();
      const sub = ref<number>();
      const status = await k.LsaLogonUser(
        'test',
        Interactive,
        pkg.value!,
        { UserName: user, Password: password },
        null,
        profile,
        luid,
        token,
        sub,
      );
      return { status, luid: luid.value!, token: token.value!, sub: sub.value! };
    },
  };
}

describe('Win32-shaped LSA API', () => {
  it('AllocateLocallyUniqueId fills a pair, refuses a null pointer with 998', async () => {
    const { system } = await setup();
    const k = system.win32();
    const a = ref<LuidPair>();
    const b = ref<LuidPair>();
    assert.equal(await k.AllocateLocallyUniqueId(a), true);
    assert.equal(await k.AllocateLocallyUniqueId(b), true);
    assert.equal(b.value!.LowPart, a.value!.LowPart + 1);
    assert.ok(a.value!.LowPart >= 0x3e9 && a.value!.HighPart === 0);
    assert.equal(await k.AllocateLocallyUniqueId(null), false);
    assert.equal(k.GetLastError(), 998);
    await system.close();
  });

  it('a routine registered through Win32 receives the LUID as a pair, exactly once', async () => {
    const { system, logon } = await setup();
    const k = system.win32();
    const seen: LuidPair[] = [];
    const routine = (l: LuidPair) => void seen.push(l);
    assert.equal(k.SeRegisterLogonSessionTerminatedRoutine(null), STATUS_INVALID_PARAMETER);
    assert.equal(k.SeRegisterLogonSessionTerminatedRoutine(routine), STATUS_SUCCESS);
    const r = await logon('alice', 'pw-alice-1');
    assert.equal(r.status, STATUS_SUCCESS);
    assert.equal(await k.SeMarkLogonSessionForTerminationNotification(r.luid), STATUS_SUCCESS);
    assert.equal(
      await k.SeMarkLogonSessionForTerminationNotification({ LowPart: 0x7654321, HighPart: 0 }),
      STATUS_NOT_FOUND,
    );
    assert.equal(await k.CloseHandle(r.token), true);
    await system.settled();
    assert.deepEqual(seen, [r.luid]);
    assert.equal(k.SeUnregisterLogonSessionTerminatedRoutine(routine), STATUS_SUCCESS);
    assert.equal(k.SeUnregisterLogonSessionTerminatedRoutine(routine), STATUS_NOT_FOUND);
    await system.close();
  });

  it('LsaLogonUser reports the MSV1_0 status and sub-status and creates nothing on failure (spec test 43)', async () => {
    const { system, logon } = await setup();
    const k = system.win32();
    const before = ref<number>();
    await k.LsaEnumerateLogonSessions(before, ref());
    const r = await logon('alice', 'wrong');
    assert.equal(r.status, STATUS_LOGON_FAILURE);
    assert.equal(r.sub, STATUS_WRONG_PASSWORD);
    assert.equal(k.LsaNtStatusToWinError(r.status), 1326);
    const after = ref<number>();
    await k.LsaEnumerateLogonSessions(after, ref());
    assert.equal(after.value, before.value);
    await system.close();
  });

  it('LsaGetLogonSessionData: owner yes, another user access denied, unknown 0xC000005F (spec tests 50-51)', async () => {
    const { system, logon } = await setup();
    const alice = await logon('alice', 'pw-alice-1');
    const bob = await logon('bob', 'pw-bob-1');
    const asAlice = system.win32(alice.token);
    const asBob = system.win32(bob.token);
    const data = ref<import('./lsa-api.ts').SECURITY_LOGON_SESSION_DATA>();
    assert.equal(await asAlice.LsaGetLogonSessionData(alice.luid, data), STATUS_SUCCESS);
    assert.deepEqual(data.value!.LogonId, alice.luid);
    assert.equal(data.value!.UserName, 'alice');
    assert.equal(data.value!.LogonDomain, 'WIN32TEST');
    assert.equal(data.value!.LogonType, Interactive);
    assert.equal(data.value!.Size, 272);
    assert.equal(typeof data.value!.LogonTime, 'bigint');
    assert.equal(await asBob.LsaGetLogonSessionData(alice.luid, ref()), STATUS_ACCESS_DENIED);
    assert.equal(
      await system.win32().LsaGetLogonSessionData({ LowPart: 0x7777777, HighPart: 0 }, ref()),
      STATUS_NO_SUCH_LOGON_SESSION,
    );
    assert.equal(system.win32().LsaFreeReturnBuffer(data.value), STATUS_SUCCESS);
    await system.close();
  });

  it('DuplicateTokenEx makes a new token object on the same session; closing the original leaves the session alive', async () => {
    const { system, logon } = await setup();
    const k = system.win32();
    const r = await logon('alice', 'pw-alice-1');
    const dup = ref<number>();
    assert.equal(await k.DuplicateTokenEx(r.token, 0, null, 2, TokenImpersonation, dup), true);
    const stats: Ref<unknown> = ref();
    assert.equal(await k.GetTokenInformation(dup.value!, TokenStatistics, stats), true);
    assert.deepEqual((stats.value as { AuthenticationId: LuidPair }).AuthenticationId, r.luid);
    assert.equal(await k.CloseHandle(r.token), true);
    await system.settled();
    const list = ref<LuidPair[]>();
    await k.LsaEnumerateLogonSessions(ref(), list);
    assert.ok(list.value!.some((l) => l.LowPart === r.luid.LowPart));
    assert.equal(await k.CloseHandle(dup.value!), true);
    assert.equal(await k.CloseHandle(dup.value!), false);
    assert.equal(k.GetLastError(), 6);
    assert.equal(await k.DuplicateTokenEx(r.token, 0, null, 2, 7, ref()), false);
    assert.equal(k.GetLastError(), 87);
    await system.close();
  });

  it('SetTokenInformation(TokenSessionReference) needs SeTcb: an ordinary user gets 1314', async () => {
    const { system, logon } = await setup();
    const r = await logon('alice', 'pw-alice-1');
    const asAlice = system.win32(r.token);
    assert.equal(await asAlice.SetTokenInformation(r.token, TokenSessionReference, 0), false);
    assert.equal(asAlice.GetLastError(), 1314);
    assert.equal((await system.kernel.getLogonSession(fromLuidPair(r.luid)))?.refcount, 1, 'nothing changed');
    const k = system.win32();
    assert.equal(await k.SetTokenInformation(r.token, TokenSessionReference, 0), true);
    await system.settled();
    assert.equal(
      (await system.lsa.enumerateLogonSessions()).includes(fromLuidPair(r.luid)),
      false,
      'the only reference went: the session terminated',
    );
    await system.close();
  });

  it('each caller context keeps its own last error', async () => {
    const { system } = await setup();
    const a = system.win32();
    const b = system.win32();
    await a.AllocateLocallyUniqueId(null);
    assert.equal(a.GetLastError(), 998);
    assert.equal(b.GetLastError(), 0);
    assert.equal(STATUS_INSUFFICIENT_RESOURCES, 0xc000009a);
    await system.close();
  });
});
