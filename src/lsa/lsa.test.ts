import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Caller, TRUSTED_CALLER } from '../kernel/caller.ts';
import { ANONYMOUS_LOGON_LUID, LOCALSERVICE_LUID, NETWORKSERVICE_LUID, SYSTEM_LUID } from '../nt/luid.ts';
import {
  STATUS_ACCESS_DENIED,
  STATUS_BAD_LOGON_SESSION_STATE,
  STATUS_INSUFFICIENT_RESOURCES,
  STATUS_INTERNAL_ERROR,
  STATUS_INVALID_LOGON_TYPE,
  STATUS_LOGON_SESSION_COLLISION,
  STATUS_NO_SUCH_LOGON_SESSION,
  STATUS_NO_SUCH_PACKAGE,
  STATUS_SUCCESS,
} from '../nt/ntstatus.ts';
import { createTestEngine } from './_test-engine.ts';
import { createScriptedPackage } from './_test-package.ts';
import { SECURITY_LOGON_SESSION_DATA_SIZE } from './logon-session-data.ts';
import { Interactive, Network } from './logon-type.ts';

const OTHER_USER: Caller = {
  ...TRUSTED_CALLER,
  user: 'S-1-5-21-9-9-9-1500',
  groups: [],
  privileges: [],
  logonId: 0x99999n,
  trusted: false,
  handle: 1,
};

describe('LSA dispatch table', () => {
  it('CreateLogonSession makes an enumerable, empty session; a second create collides (spec tests 37-38)', async () => {
    const pkg = createScriptedPackage();
    const { lsa } = await createTestEngine({ packages: [pkg] });
    const x = await pkg.dispatch!.AllocateLocallyUniqueId();
    assert.equal(await pkg.dispatch!.CreateLogonSession(x), STATUS_SUCCESS);
    assert.ok((await lsa.enumerateLogonSessions()).includes(x));
    const data = await lsa.getLogonSessionData(TRUSTED_CALLER, x);
    assert.equal(data.status, STATUS_SUCCESS);
    assert.equal(data.data?.logonId, x);
    assert.equal(data.data?.userName, '');
    assert.equal(await pkg.dispatch!.CreateLogonSession(x), STATUS_LOGON_SESSION_COLLISION);
    assert.equal(await pkg.dispatch!.CreateLogonSession(SYSTEM_LUID), STATUS_LOGON_SESSION_COLLISION);
  });

  it('DeleteLogonSession: unknown, referenced, handed over, and the clean case (spec tests 39-41, D5)', async () => {
    const pkg = createScriptedPackage();
    const engine = await createTestEngine({ packages: [pkg] });
    const d = pkg.dispatch!;
    assert.equal(await d.DeleteLogonSession(0x4444444n), STATUS_NO_SUCH_LOGON_SESSION);
    const x = await d.AllocateLocallyUniqueId();
    await d.CreateLogonSession(x);
    const t = await engine.kernel.createToken(
      {
        logonId: x,
        type: 1,
        impersonationLevel: 2,
        user: 'S-1-5-21-1',
        groups: [],
        privileges: [],
        sessionId: 0,
        source: 't',
      },
      { holder: 'x' },
    );
    assert.equal(await d.DeleteLogonSession(x), STATUS_BAD_LOGON_SESSION_STATE);
    assert.ok((await engine.lsa.enumerateLogonSessions()).includes(x));
    await engine.kernel.closeHandle(t.handle!.id);
    await engine.lsa.cascade.settled();
    const y = await d.AllocateLocallyUniqueId();
    await d.CreateLogonSession(y);
    assert.equal(await d.DeleteLogonSession(y), STATUS_SUCCESS);
    assert.equal((await engine.lsa.enumerateLogonSessions()).includes(y), false);
    assert.equal(
      (await engine.lsa.getLogonSessionData(TRUSTED_CALLER, y)).status,
      STATUS_NO_SUCH_LOGON_SESSION,
    );
    assert.deepEqual(pkg.terminated, [x]);
    // Handed over (returned from LsaApLogonUser): the package may no longer delete it, even unreferenced.
    const r = await engine.lsa.logonUser({
      package: 0,
      logonType: Interactive,
      authenticationInformation: { UserName: 'u' },
    });
    assert.equal(await d.DeleteLogonSession(r.logonId!), STATUS_BAD_LOGON_SESSION_STATE);
    assert.equal(await d.DeleteLogonSession(SYSTEM_LUID), STATUS_BAD_LOGON_SESSION_STATE);
  });
});

describe('LsaLogonUser', () => {
  it('an unknown package gives 0xC00000FE (spec test 42)', async () => {
    const { lsa } = await createTestEngine({ packages: [createScriptedPackage()] });
    assert.equal(
      (await lsa.logonUser({ package: 7, logonType: Interactive, authenticationInformation: {} })).status,
      STATUS_NO_SUCH_PACKAGE,
    );
    assert.equal(
      (await lsa.logonUser({ package: 'nope', logonType: Interactive, authenticationInformation: {} }))
        .status,
      STATUS_NO_SUCH_PACKAGE,
    );
    assert.equal(lsa.lookupAuthenticationPackage('scripted').packageId, 0);
    assert.equal(lsa.lookupAuthenticationPackage('nope').status, STATUS_NO_SUCH_PACKAGE);
  });

  it('a package failing before creating a session changes nothing and returns its status', async () => {
    const pkg = createScriptedPackage('S', { failBeforeCreate: STATUS_INVALID_LOGON_TYPE });
    const engine = await createTestEngine({ packages: [pkg] });
    const before = await engine.lsa.enumerateLogonSessions();
    const r = await engine.lsa.logonUser({
      package: 0,
      logonType: 6,
      authenticationInformation: { UserName: 'u' },
    });
    assert.equal(r.status, STATUS_INVALID_LOGON_TYPE);
    assert.deepEqual(await engine.lsa.enumerateLogonSessions(), before);
    const failed = await engine.store.readEvents({ after: 0, limit: 10, types: ['logon.failed'] });
    assert.equal(failed.length, 1);
    assert.equal(failed[0]!.data.accountName, 'u');
  });

  it('a package that creates and then fails leaves no session behind (spec test 46)', async () => {
    for (const behaviour of [
      { failAfterCreate: STATUS_INSUFFICIENT_RESOURCES },
      { leakAfterCreate: STATUS_INSUFFICIENT_RESOURCES },
    ]) {
      const pkg = createScriptedPackage('S', behaviour);
      const engine = await createTestEngine({ packages: [pkg] });
      const r = await engine.lsa.logonUser({
        package: 0,
        logonType: Interactive,
        authenticationInformation: { UserName: 'u' },
      });
      assert.equal(r.status, STATUS_INSUFFICIENT_RESOURCES);
      assert.equal((await engine.lsa.enumerateLogonSessions()).includes(pkg.created[0]!), false);
      assert.equal(await engine.kernel.getLogonSession(pkg.created[0]!), undefined);
      assert.deepEqual(
        pkg.terminated,
        [],
        'a package-side failure is not an LSA-side one: no LsaApLogonTerminated',
      );
    }
  });

  it('when token creation fails the owning package alone hears LsaApLogonTerminated once and the session goes (spec test 47)', async () => {
    const owner = createScriptedPackage('Owner');
    const other = createScriptedPackage('Other');
    const engine = await createTestEngine({ packages: [owner, other], maxTokens: 0 });
    const r = await engine.lsa.logonUser({
      package: 0,
      logonType: Interactive,
      authenticationInformation: { UserName: 'u' },
    });
    assert.equal(r.status, STATUS_INSUFFICIENT_RESOURCES);
    await engine.lsa.cascade.settled();
    assert.deepEqual(owner.terminated, [owner.created[0]]);
    assert.deepEqual(other.terminated, []);
    assert.equal((await engine.lsa.enumerateLogonSessions()).includes(owner.created[0]!), false);
  });

  it('a package that throws gives STATUS_INTERNAL_ERROR and changes nothing', async () => {
    const pkg = createScriptedPackage();
    pkg.LsaApLogonUser = () => {
      throw new Error('bug');
    };
    const engine = await createTestEngine({ packages: [pkg] });
    const before = await engine.lsa.enumerateLogonSessions();
    assert.equal(
      (await engine.lsa.logonUser({ package: 0, logonType: Interactive, authenticationInformation: {} }))
        .status,
      STATUS_INTERNAL_ERROR,
    );
    assert.deepEqual(await engine.lsa.enumerateLogonSessions(), before);
  });

  it('an Interactive logon gives a primary token holding the only reference, and fills the record (spec test 48)', async () => {
    const pkg = createScriptedPackage('S', { userSid: 'S-1-5-21-7-7-7-1001' });
    const engine = await createTestEngine({ packages: [pkg] });
    const r = await engine.lsa.logonUser({
      package: 'S',
      logonType: Interactive,
      authenticationInformation: { UserName: 'Alice' },
      sessionId: 3,
    });
    assert.equal(r.status, STATUS_SUCCESS);
    assert.equal(r.tokenType, 1);
    const tok = await engine.kernel.getToken(r.handle!);
    assert.equal(tok?.token.logonId, r.logonId);
    assert.equal(tok?.token.type, 1);
    assert.ok(tok?.token.groups.includes('S-1-5-4'), 'INTERACTIVE added');
    assert.ok(tok?.token.groups.includes('S-1-1-0'), 'Everyone added');
    assert.equal((await engine.kernel.getLogonSession(r.logonId!))?.refcount, 1);
    const data = (await engine.lsa.getLogonSessionData(TRUSTED_CALLER, r.logonId!)).data!;
    assert.equal(data.logonType, Interactive);
    assert.equal(data.userName, 'Alice');
    assert.equal(data.logonDomain, 'TESTDOM');
    assert.equal(data.sid, 'S-1-5-21-7-7-7-1001');
    assert.equal(data.session, 3);
    assert.equal(data.phase, 'active');
    assert.equal(data.size, SECURITY_LOGON_SESSION_DATA_SIZE);
  });

  it('a Network logon gives an impersonation token (spec test 49)', async () => {
    const engine = await createTestEngine({ packages: [createScriptedPackage()] });
    const r = await engine.lsa.logonUser({
      package: 0,
      logonType: Network,
      authenticationInformation: { UserName: 'n' },
    });
    assert.equal(r.tokenType, 2);
    assert.ok((await engine.kernel.getToken(r.handle!))?.token.groups.includes('S-1-5-2'), 'NETWORK added');
  });
});

describe('LsaGetLogonSessionData and LsaEnumerateLogonSessions', () => {
  it('an unknown LUID gives 0xC000005F (spec test 50); the owner and administrators may read, others not (Q8)', async () => {
    const engine = await createTestEngine({
      packages: [createScriptedPackage('S', { userSid: 'S-1-5-21-7-7-7-1001' })],
    });
    assert.equal(
      (await engine.lsa.getLogonSessionData(TRUSTED_CALLER, 0x123456n)).status,
      STATUS_NO_SUCH_LOGON_SESSION,
    );
    const r = await engine.lsa.logonUser({
      package: 0,
      logonType: Interactive,
      authenticationInformation: { UserName: 'Alice' },
    });
    const owner = await engine.kernel.identify(r.handle!);
    assert.equal((await engine.lsa.getLogonSessionData(owner!, r.logonId!)).status, STATUS_SUCCESS);
    assert.equal((await engine.lsa.getLogonSessionData(OTHER_USER, r.logonId!)).status, STATUS_ACCESS_DENIED);
    const admin: Caller = { ...OTHER_USER, groups: ['S-1-5-32-544'] };
    assert.equal((await engine.lsa.getLogonSessionData(admin, r.logonId!)).status, STATUS_SUCCESS);
    assert.deepEqual((await engine.lsa.listLogonSessions(OTHER_USER)).length, 0);
    assert.ok((await engine.lsa.listLogonSessions(owner!)).some((s) => s.logonId === r.logonId));
  });

  it('enumeration lists every LUID once, the well-known ones included (spec test 52, D4)', async () => {
    const engine = await createTestEngine({ packages: [createScriptedPackage()] });
    const a = await engine.lsa.logonUser({
      package: 0,
      logonType: Interactive,
      authenticationInformation: { UserName: 'a' },
    });
    const list = await engine.lsa.enumerateLogonSessions();
    assert.equal(new Set(list).size, list.length);
    for (const l of [SYSTEM_LUID, ANONYMOUS_LOGON_LUID, LOCALSERVICE_LUID, NETWORKSERVICE_LUID, a.logonId!])
      assert.ok(list.includes(l));
    const sys = (await engine.lsa.getLogonSessionData(TRUSTED_CALLER, SYSTEM_LUID)).data!;
    assert.equal(sys.userName, 'TESTHOST$');
    assert.equal(sys.logonType, 0);
    assert.equal(sys.session, 0);
  });
});
