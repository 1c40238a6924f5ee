import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Luid } from '../../nt/luid.ts';
import { NtError } from '../../nt/nt-error.ts';
import {
  type NtStatus,
  STATUS_ACCOUNT_DISABLED,
  STATUS_ACCOUNT_RESTRICTION,
  STATUS_INVALID_LOGON_HOURS,
  STATUS_INVALID_LOGON_TYPE,
  STATUS_INVALID_PARAMETER,
  STATUS_INVALID_WORKSTATION,
  STATUS_LOGON_FAILURE,
  STATUS_LOGON_SESSION_COLLISION,
  STATUS_NO_SUCH_LOGON_SESSION,
  STATUS_NO_SUCH_USER,
  STATUS_PASSWORD_EXPIRED,
  STATUS_PASSWORD_MUST_CHANGE,
  STATUS_SUCCESS,
  STATUS_TOO_MANY_SESSIONS,
  STATUS_WRONG_PASSWORD,
} from '../../nt/ntstatus.ts';
import { Accounts } from '../../security/accounts.ts';
import { createLogonHours } from '../../security/logon-hours.ts';
import { createPasswordHasher, type PasswordHasherOptions } from '../../security/password-hasher.ts';
import { SE_TCB_NAME, SID_ADMINISTRATORS, SID_USERS } from '../../security/well-known-sids.ts';
import { MemoryStore } from '../../store/memory/memory-store.ts';
import type {
  AuthenticationPackage,
  LogonUserOutput,
  LogonUserRequest,
  LsaDispatchTable,
} from '../package.ts';
import {
  ADMINISTRATOR_PRIVILEGES,
  createPasswordPackage,
  MSV1_0_PACKAGE_NAME,
  USER_PRIVILEGES,
} from './msv1-0.ts';

const MONDAY_0930 = Date.UTC(2024, 0, 8, 9, 30);
const FAST: PasswordHasherOptions = { N: 1024, r: 8, p: 1 };

/** A stand-in for the LSA's dispatch table: a Set of LUIDs and a log of calls. */
class FakeDispatch implements LsaDispatchTable {
  readonly sessions = new Set<Luid>();
  readonly calls: string[] = [];
  next: Luid = 0x1000n;
  deleteStatus: NtStatus | undefined;

  async AllocateLocallyUniqueId(): Promise<Luid> {
    this.calls.push('allocate');
    return this.next++;
  }

  async CreateLogonSession(id: Luid): Promise<NtStatus> {
    this.calls.push(`create ${id}`);
    if (this.sessions.has(id)) return STATUS_LOGON_SESSION_COLLISION;
    this.sessions.add(id);
    return STATUS_SUCCESS;
  }

  async DeleteLogonSession(id: Luid): Promise<NtStatus> {
    this.calls.push(`delete ${id}`);
    if (this.deleteStatus !== undefined) return this.deleteStatus;
    return this.sessions.delete(id) ? STATUS_SUCCESS : STATUS_NO_SUCH_LOGON_SESSION;
  }
}

interface Setup {
  accounts: Accounts;
  pkg: AuthenticationPackage;
  lsa: FakeDispatch;
}

async function setup(
  options: { hasher?: PasswordHasherOptions; wrap?: (a: Accounts) => Accounts } = {},
): Promise<Setup> {
  const accounts = new Accounts({
    store: new MemoryStore(),
    hasher: createPasswordHasher(options.hasher ?? FAST),
    clock: () => MONDAY_0930,
    computerName: 'HOST1',
  });
  await accounts.init();
  const pkg = createPasswordPackage(options.wrap ? options.wrap(accounts) : accounts);
  const lsa = new FakeDispatch();
  assert.equal(await pkg.LsaApInitializePackage(0, lsa), STATUS_SUCCESS);
  return { accounts, pkg, lsa };
}

function request(info: unknown, overrides: Partial<LogonUserRequest> = {}): LogonUserRequest {
  return {
    LogonType: 2,
    AuthenticationInformation: info,
    Workstation: '',
    ClientAddress: '',
    SessionId: 1,
    Time: MONDAY_0930,
    ...overrides,
  };
}

async function logon(
  pkg: AuthenticationPackage,
  info: unknown,
  overrides: Partial<LogonUserRequest> = {},
): Promise<{ status: NtStatus; out: LogonUserOutput }> {
  const out: LogonUserOutput = {};
  const status = await pkg.LsaApLogonUser(request(info, overrides), out);
  return { status, out };
}

/** An Accounts whose `groupsOf` is replaced, every other member forwarded to the real one. */
function withGroupsOf(groupsOf: Accounts['groupsOf']): (a: Accounts) => Accounts {
  return (a) =>
    new Proxy(a, {
      get(target, prop) {
        if (prop === 'groupsOf') return groupsOf;
        const v = Reflect.get(target, prop, target);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
}

test('MSV1_0 package is named MSV1_0 and has the required entry points', async () => {
  const { pkg } = await setup();
  assert.equal(pkg.name, 'MSV1_0');
  assert.equal(MSV1_0_PACKAGE_NAME, 'MSV1_0');
  for (const f of [pkg.LsaApInitializePackage, pkg.LsaApLogonUser, pkg.LsaApLogonTerminated])
    assert.equal(typeof f, 'function');
});

test('MSV1_0 LsaApLogonUser creates a logon session and fills the outputs on success', async () => {
  const { accounts, pkg, lsa } = await setup();
  const alice = await accounts.createUser({
    userName: 'Alice',
    password: 'pw',
    fullName: 'Alice A.',
    passwordExpires: MONDAY_0930 + 1000,
  });
  const { status, out } = await logon(pkg, { UserName: 'alice', Password: 'pw' });
  assert.equal(status, STATUS_SUCCESS);
  assert.deepEqual(lsa.calls, ['allocate', 'create 4096']);
  assert.equal(out.LogonId, 0x1000n);
  assert.deepEqual([...lsa.sessions], [0x1000n]);
  assert.deepEqual(out.TokenInformation, {
    User: alice.sid,
    Groups: [SID_USERS],
    Privileges: [...USER_PRIVILEGES],
  });
  assert.equal(out.AccountName, 'Alice');
  assert.equal(out.AuthenticatingAuthority, 'HOST1');
  assert.deepEqual(out.ProfileBuffer, {
    LogonCount: 1,
    FullName: 'Alice A.',
    PasswordLastSet: MONDAY_0930,
    PasswordMustChange: MONDAY_0930 + 1000,
  });
  assert.equal(out.SubStatus, undefined);
  const again = await logon(pkg, { UserName: 'ALICE', Password: 'pw', LogonDomainName: 'host1' });
  assert.equal(again.status, STATUS_SUCCESS);
  assert.equal(again.out.LogonId, 0x1001n);
  assert.equal(again.out.ProfileBuffer?.['LogonCount'], 2);
  assert.equal(Object.hasOwn(again.out.ProfileBuffer ?? {}, 'PasswordMustChange'), true);
});

test('MSV1_0 gives administrators more privileges but never SeTcbPrivilege', async () => {
  const { accounts, pkg } = await setup();
  await accounts.createUser({ userName: 'admin', password: 'pw', groups: ['Administrators'] });
  await accounts.createUser({ userName: 'user', password: 'pw' });
  const a = await logon(pkg, { UserName: 'admin', Password: 'pw' });
  const u = await logon(pkg, { UserName: 'user', Password: 'pw' });
  assert.deepEqual(a.out.TokenInformation?.Groups, [SID_USERS, SID_ADMINISTRATORS]);
  assert.deepEqual(a.out.TokenInformation?.Privileges, [...USER_PRIVILEGES, ...ADMINISTRATOR_PRIVILEGES]);
  assert.ok(a.out.TokenInformation?.Privileges?.includes('SeDebugPrivilege'));
  assert.equal(u.out.TokenInformation?.Privileges?.includes('SeDebugPrivilege'), false);
  for (const r of [a, u]) assert.equal(r.out.TokenInformation?.Privileges?.includes(SE_TCB_NAME), false);
  assert.equal(ADMINISTRATOR_PRIVILEGES.includes(SE_TCB_NAME), false);
});

test('MSV1_0 accepts the local domain as empty, "." or the computer name in any case', async () => {
  const { accounts, pkg } = await setup();
  await accounts.createUser({ userName: 'alice', password: 'pw' });
  for (const LogonDomainName of ['', '.', 'HOST1', 'host1', 'Host1']) {
    assert.equal(
      (await logon(pkg, { UserName: 'alice', Password: 'pw', LogonDomainName })).status,
      STATUS_SUCCESS,
      LogonDomainName,
    );
  }
});

test('MSV1_0 refuses another domain as LOGON_FAILURE / NO_SUCH_USER without creating a session', async () => {
  const { accounts, pkg, lsa } = await setup();
  await accounts.createUser({ userName: 'alice', password: 'pw' });
  for (const LogonDomainName of ['CONTOSO', 'HOST2', '..', 'HOST1.example.com']) {
    const { status, out } = await logon(pkg, { UserName: 'alice', Password: 'pw', LogonDomainName });
    assert.equal(status, STATUS_LOGON_FAILURE);
    assert.equal(out.SubStatus, STATUS_NO_SUCH_USER);
    assert.equal(out.AccountName, 'alice');
    assert.equal(out.LogonId, undefined);
  }
  assert.deepEqual(lsa.calls, []);
});

test('MSV1_0 supports logon types 2, 3, 4, 5, 7, 8, 10, 11, 12, 13', async () => {
  const { accounts, pkg, lsa } = await setup();
  await accounts.createUser({ userName: 'alice', password: 'pw' });
  for (const LogonType of [2, 3, 4, 5, 7, 8, 10, 11, 12, 13]) {
    assert.equal(
      (await logon(pkg, { UserName: 'alice', Password: 'pw' }, { LogonType })).status,
      STATUS_SUCCESS,
      String(LogonType),
    );
  }
  assert.equal(lsa.sessions.size, 10);
});

test('MSV1_0 refuses other logon types with STATUS_INVALID_LOGON_TYPE before anything else', async () => {
  const { accounts, pkg, lsa } = await setup();
  await accounts.createUser({ userName: 'alice', password: 'pw' });
  for (const LogonType of [0, 1, 6, 9, 14, 99, -1, 2.5, Number.NaN]) {
    const { status, out } = await logon(pkg, { UserName: 'alice', Password: 'pw' }, { LogonType });
    assert.equal(status, STATUS_INVALID_LOGON_TYPE, String(LogonType));
    assert.equal(out.AccountName, 'alice');
    assert.equal(out.LogonId, undefined);
  }
  // Checked before the submit buffer.
  assert.equal((await logon(pkg, null, { LogonType: 9 })).status, STATUS_INVALID_LOGON_TYPE);
  assert.deepEqual(lsa.calls, []);
  assert.equal((await accounts.getUser('alice'))?.logonCount, 0);
});

test('MSV1_0 refuses a malformed submit buffer with STATUS_INVALID_PARAMETER', async () => {
  const { accounts, pkg, lsa } = await setup();
  await accounts.createUser({ userName: 'alice', password: 'pw' });
  const bad: unknown[] = [
    undefined,
    null,
    'alice:pw',
    42,
    [],
    ['alice', 'pw'],
    {},
    { UserName: 'alice' },
    { Password: 'pw' },
    { UserName: 1, Password: 'pw' },
    { UserName: 'alice', Password: null },
    { UserName: 'alice', Password: 'pw', LogonDomainName: 5 },
    { UserName: 'alice', Password: 'pw', LogonDomainName: null },
    { UserName: 'alice', Password: 'pw', Extra: true },
    { UserName: 'alice', Password: 'p'.repeat(257) },
    { UserName: 'a'.repeat(257), Password: 'pw' },
  ];
  for (const info of bad) {
    const { status, out } = await logon(pkg, info);
    assert.equal(status, STATUS_INVALID_PARAMETER, JSON.stringify(info)?.slice(0, 60));
    assert.equal(typeof out.AccountName, 'string');
    assert.equal(out.LogonId, undefined);
  }
  assert.deepEqual(lsa.calls, []);
});

test('MSV1_0 wrong password gives LOGON_FAILURE / WRONG_PASSWORD and creates no session (test 43)', async () => {
  const { accounts, pkg, lsa } = await setup();
  await accounts.createUser({ userName: 'alice', password: 'right' });
  const { status, out } = await logon(pkg, { UserName: 'Alice', Password: 'wrong' });
  assert.equal(status, STATUS_LOGON_FAILURE);
  assert.equal(out.SubStatus, STATUS_WRONG_PASSWORD);
  assert.equal(out.AccountName, 'Alice');
  assert.equal(out.LogonId, undefined);
  assert.equal(out.TokenInformation, undefined);
  assert.equal(lsa.sessions.size, 0);
  assert.deepEqual(lsa.calls, []);
});

test('MSV1_0 unknown user gives LOGON_FAILURE / NO_SUCH_USER (test 44)', async () => {
  const { pkg, lsa } = await setup();
  for (const UserName of ['nobody', '', 'bad/name']) {
    const { status, out } = await logon(pkg, { UserName, Password: 'pw' });
    assert.equal(status, STATUS_LOGON_FAILURE);
    assert.equal(out.SubStatus, STATUS_NO_SUCH_USER);
    assert.equal(out.AccountName, UserName);
  }
  assert.deepEqual(lsa.calls, []);
});

test('MSV1_0 account restrictions give ACCOUNT_RESTRICTION with the sub-status and no session (test 45)', async () => {
  const { accounts, pkg, lsa } = await setup();
  const cases: [Record<string, unknown>, NtStatus][] = [
    [{ disabled: true }, STATUS_ACCOUNT_DISABLED],
    [{ passwordExpires: MONDAY_0930 - 1 }, STATUS_PASSWORD_EXPIRED],
    [{ logonHours: createLogonHours([0]) }, STATUS_INVALID_LOGON_HOURS],
    [{ workstations: ['WS2'] }, STATUS_INVALID_WORKSTATION],
    [{ mustChangePassword: true }, STATUS_PASSWORD_MUST_CHANGE],
  ];
  let i = 0;
  for (const [settings, sub] of cases) {
    const userName = `u${i++}`;
    await accounts.createUser({ userName, password: 'pw', ...settings });
    const { status, out } = await logon(pkg, { UserName: userName, Password: 'pw' }, { Workstation: 'WS1' });
    assert.equal(status, STATUS_ACCOUNT_RESTRICTION, userName);
    assert.equal(out.SubStatus, sub, userName);
    assert.equal(out.AccountName, userName);
    assert.equal(out.LogonId, undefined);
  }
  assert.deepEqual(lsa.calls, []);
});

test('MSV1_0 treats an empty Workstation as this computer for workstation restrictions', async () => {
  const { accounts, pkg } = await setup();
  await accounts.createUser({ userName: 'kiosk', password: 'pw', workstations: ['host1'] });
  assert.equal(
    (await logon(pkg, { UserName: 'kiosk', Password: 'pw' }, { Workstation: '' })).status,
    STATUS_SUCCESS,
  );
  const away = await logon(pkg, { UserName: 'kiosk', Password: 'pw' }, { Workstation: 'WS9' });
  assert.deepEqual(
    [away.status, away.out.SubStatus],
    [STATUS_ACCOUNT_RESTRICTION, STATUS_INVALID_WORKSTATION],
  );
});

test('MSV1_0 passes on a CreateLogonSession failure and fills nothing', async () => {
  const { accounts, pkg, lsa } = await setup();
  await accounts.createUser({ userName: 'alice', password: 'pw' });
  lsa.sessions.add(0x1000n);
  const { status, out } = await logon(pkg, { UserName: 'alice', Password: 'pw' });
  assert.equal(status, STATUS_LOGON_SESSION_COLLISION);
  assert.equal(out.LogonId, undefined);
  assert.equal(out.TokenInformation, undefined);
  assert.deepEqual(lsa.calls, ['allocate', 'create 4096']);
});

test('MSV1_0 deletes the session it created when building the token fails (SEED-2)', async () => {
  const { accounts, pkg, lsa } = await setup({
    wrap: withGroupsOf(async () => {
      throw new Error('disk on fire');
    }),
  });
  await accounts.createUser({ userName: 'alice', password: 'pw' });
  const out: LogonUserOutput = {};
  await assert.rejects(
    Promise.resolve(pkg.LsaApLogonUser(request({ UserName: 'alice', Password: 'pw' }), out)),
    /disk on fire/,
  );
  assert.deepEqual(lsa.calls, ['allocate', 'create 4096', 'delete 4096']);
  assert.equal(lsa.sessions.size, 0);
  assert.equal(out.LogonId, undefined);
  assert.equal(out.TokenInformation, undefined);
  assert.equal(out.ProfileBuffer, undefined);
  assert.equal(out.AccountName, 'alice');
});

test('MSV1_0 reports a user deleted during the logon as NO_SUCH_USER, after deleting the session', async () => {
  const { accounts, pkg, lsa } = await setup({
    wrap: withGroupsOf(async (user) => {
      throw new NtError(STATUS_NO_SUCH_USER, `There is no user named "${user}".`);
    }),
  });
  await accounts.createUser({ userName: 'alice', password: 'pw' });
  const { status, out } = await logon(pkg, { UserName: 'alice', Password: 'pw' });
  assert.equal(status, STATUS_LOGON_FAILURE);
  assert.equal(out.SubStatus, STATUS_NO_SUCH_USER);
  assert.equal(out.LogonId, undefined);
  assert.equal(lsa.sessions.size, 0);
  assert.deepEqual(lsa.calls, ['allocate', 'create 4096', 'delete 4096']);
});

test('MSV1_0 leaves LogonId set when its own DeleteLogonSession fails, so the LSA can remove it', async () => {
  const { accounts, pkg, lsa } = await setup({
    wrap: withGroupsOf(async () => {
      throw new Error('boom');
    }),
  });
  await accounts.createUser({ userName: 'alice', password: 'pw' });
  lsa.deleteStatus = STATUS_INVALID_PARAMETER;
  const out: LogonUserOutput = {};
  await assert.rejects(
    Promise.resolve(pkg.LsaApLogonUser(request({ UserName: 'alice', Password: 'pw' }), out)),
    /boom/,
  );
  assert.equal(out.LogonId, 0x1000n);
  assert.equal(out.TokenInformation, undefined);
});

test('MSV1_0 answers STATUS_TOO_MANY_SESSIONS when the password hasher is busy', async () => {
  const { accounts, pkg, lsa } = await setup({ hasher: { ...FAST, concurrency: 1, maxQueue: 0 } });
  await accounts.createUser({ userName: 'alice', password: 'pw' });
  const [a, b] = await Promise.all([
    logon(pkg, { UserName: 'alice', Password: 'pw' }),
    logon(pkg, { UserName: 'alice', Password: 'pw' }),
  ]);
  assert.deepEqual([a.status, b.status].sort(), [STATUS_SUCCESS, STATUS_TOO_MANY_SESSIONS].sort());
  const busy = a.status === STATUS_SUCCESS ? b : a;
  assert.equal(busy.out.SubStatus, undefined);
  assert.equal(busy.out.LogonId, undefined);
  assert.equal(lsa.sessions.size, 1);
});

test('MSV1_0 LsaApLogonTerminated does nothing and never throws', async () => {
  const { accounts, pkg, lsa } = await setup();
  await accounts.createUser({ userName: 'alice', password: 'pw' });
  const { out } = await logon(pkg, { UserName: 'alice', Password: 'pw' });
  assert.equal(await pkg.LsaApLogonTerminated(out.LogonId!), undefined);
  assert.equal(await pkg.LsaApLogonTerminated(0xdeadn), undefined);
  assert.equal(await pkg.LsaApLogonTerminated(out.LogonId!), undefined);
  assert.deepEqual(lsa.calls, ['allocate', 'create 4096']);
});

test('MSV1_0 refuses to log on before LsaApInitializePackage', async () => {
  const accounts = new Accounts({
    store: new MemoryStore(),
    hasher: createPasswordHasher(FAST),
    clock: () => 0,
    computerName: 'HOST1',
  });
  await accounts.init();
  const pkg = createPasswordPackage(accounts);
  await assert.rejects(
    Promise.resolve(pkg.LsaApLogonUser(request({ UserName: 'a', Password: 'b' }), {})),
    /before LsaApInitializePackage/,
  );
});
