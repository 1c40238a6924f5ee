import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isNtError } from '../nt/nt-error.ts';
import {
  type NtStatus,
  STATUS_ACCOUNT_DISABLED,
  STATUS_ACCOUNT_RESTRICTION,
  STATUS_GROUP_EXISTS,
  STATUS_INVALID_LOGON_HOURS,
  STATUS_INVALID_PARAMETER,
  STATUS_INVALID_WORKSTATION,
  STATUS_LOGON_FAILURE,
  STATUS_NO_SUCH_GROUP,
  STATUS_NO_SUCH_USER,
  STATUS_PASSWORD_EXPIRED,
  STATUS_PASSWORD_MUST_CHANGE,
  STATUS_SUCCESS,
  STATUS_TOO_MANY_SESSIONS,
  STATUS_USER_EXISTS,
  STATUS_WRONG_PASSWORD,
} from '../nt/ntstatus.ts';
import { MemoryStore } from '../store/memory/memory-store.ts';
import { Accounts, type AccountsOptions } from './accounts.ts';
import { createLogonHours } from './logon-hours.ts';
import { createPasswordHasher, type PasswordHasher } from './password-hasher.ts';
import { isMachineSid } from './sid.ts';
import { SID_ADMINISTRATORS, SID_REMOTE_DESKTOP_USERS, SID_USERS } from './well-known-sids.ts';

const MONDAY_0930 = Date.UTC(2024, 0, 8, 9, 30);
const FAST = { N: 1024, r: 8, p: 1 } as const;

interface Setup {
  store: MemoryStore;
  hasher: PasswordHasher;
  accounts: Accounts;
  clock: { now: number };
}

async function setup(overrides: Partial<AccountsOptions> = {}): Promise<Setup> {
  const store = new MemoryStore();
  const hasher = overrides.hasher ?? createPasswordHasher(FAST);
  const clock = { now: MONDAY_0930 };
  const accounts = new Accounts({
    store,
    hasher,
    clock: () => clock.now,
    computerName: 'HOST1',
    ...overrides,
  });
  await accounts.init();
  return { store, hasher, accounts, clock };
}

/** Every row of the account tables and the event count: to show that a rejected call changed nothing. */
async function snapshot(store: MemoryStore): Promise<unknown> {
  const rows = await store.read((tx) => ({
    users: tx.scan('users'),
    groups: tx.scan('groups'),
    meta: tx.scan('meta'),
  }));
  return { ...structuredClone(rows), events: await store.lastEventSeq() };
}

function statusIs(status: NtStatus): (e: unknown) => boolean {
  return (e) => isNtError(e) && e.status === status;
}

async function assertRejectedUnchanged(
  s: Setup,
  call: () => Promise<unknown>,
  status: NtStatus,
): Promise<void> {
  const before = await snapshot(s.store);
  await assert.rejects(call(), statusIs(status));
  assert.deepEqual(await snapshot(s.store), before);
}

test('Accounts.init creates the machine SID, RID allocator and built-in groups in one transaction, once', async (t) => {
  const store = new MemoryStore();
  const transact = t.mock.method(store, 'transact');
  const accounts = new Accounts({
    store,
    hasher: createPasswordHasher(FAST),
    clock: () => 0,
    computerName: 'HOST1',
  });
  await accounts.init();
  assert.equal(transact.mock.callCount(), 1);
  const machineSid = await accounts.machineSid();
  assert.equal(isMachineSid(machineSid), true);
  const meta = await store.read((tx) => tx.get('meta', 'nextRid'));
  assert.deepEqual(meta, { name: 'nextRid', value: 1000 });
  const groups = await accounts.listGroups();
  assert.deepEqual(
    groups.map((g) => [g.name, g.sid, g.builtin]),
    [
      ['Administrators', SID_ADMINISTRATORS, true],
      ['Remote Desktop Users', SID_REMOTE_DESKTOP_USERS, true],
      ['Users', SID_USERS, true],
    ],
  );
  assert.equal(
    (await store.read((tx) => tx.get('groups', 'remote desktop users')))?.sid,
    SID_REMOTE_DESKTOP_USERS,
  );
  await accounts.init();
  assert.equal(await accounts.machineSid(), machineSid);
  assert.equal((await accounts.listGroups()).length, 3);
});

test('Accounts.createUser allocates SIDs from RID 1000 and joins Users plus the named groups', async () => {
  const { accounts, clock } = await setup();
  const machineSid = await accounts.machineSid();
  const alice = await accounts.createUser({
    userName: 'Alice',
    password: 'pw1',
    fullName: 'Alice A.',
    groups: ['administrators'],
  });
  assert.equal(alice.sid, `${machineSid}-1000`);
  assert.deepEqual(alice.groups, [SID_USERS, SID_ADMINISTRATORS]);
  assert.equal(alice.userName, 'Alice');
  assert.equal(alice.fullName, 'Alice A.');
  assert.equal(alice.hasPassword, true);
  assert.equal(alice.passwordLastSet, clock.now);
  assert.equal(alice.createdAt, clock.now);
  assert.equal(alice.disabled, false);
  assert.equal(alice.mustChangePassword, false);
  assert.equal(alice.passwordExpires, null);
  assert.equal(alice.logonHours, null);
  assert.equal(alice.workstations, null);
  assert.equal(alice.logonCount, 0);
  const bob = await accounts.createUser({
    userName: 'bob',
    groups: [SID_REMOTE_DESKTOP_USERS, 'Users', 'Remote Desktop Users'],
  });
  assert.equal(bob.sid, `${machineSid}-1001`);
  assert.deepEqual(bob.groups, [SID_USERS, SID_REMOTE_DESKTOP_USERS]);
  assert.equal(bob.hasPassword, false);
});

test('Accounts.createUser stores the settings it is given', async () => {
  const { accounts } = await setup();
  const hours = createLogonHours([33]).toUpperCase();
  const u = await accounts.createUser({
    userName: 'carol',
    password: 'x',
    disabled: true,
    mustChangePassword: true,
    passwordExpires: 123,
    logonHours: hours,
    workstations: ['WS1', 'ws2'],
  });
  assert.equal(u.disabled, true);
  assert.equal(u.mustChangePassword, true);
  assert.equal(u.passwordExpires, 123);
  assert.equal(u.logonHours, hours.toLowerCase());
  assert.deepEqual(u.workstations, ['WS1', 'ws2']);
  const v = await accounts.createUser({ userName: 'dave', workstations: [] });
  assert.equal(v.workstations, null);
});

test('Accounts.createUser rejects a duplicate name, case-insensitively, without hashing or changing anything', async () => {
  const s = await setup();
  await s.accounts.createUser({ userName: 'alice', password: 'pw' });
  const hashes = s.hasher.stats().completed;
  await assertRejectedUnchanged(
    s,
    () => s.accounts.createUser({ userName: 'ALICE', password: 'other' }),
    STATUS_USER_EXISTS,
  );
  await assert.rejects(s.accounts.createUser({ userName: 'Alice' }), /A user named "Alice" already exists/);
  // Users and groups share one namespace.
  await assertRejectedUnchanged(
    s,
    () => s.accounts.createUser({ userName: 'administrators', password: 'pw' }),
    STATUS_GROUP_EXISTS,
  );
  assert.equal(s.hasher.stats().completed, hashes);
});

test('Accounts.createUser rejects bad names with a clear message and changes nothing', async () => {
  const s = await setup();
  for (const userName of [
    '',
    'x'.repeat(21),
    'a/b',
    'a\\b',
    'a@b',
    'a[b]',
    'a:b',
    'a;b',
    'a|b',
    'a=b',
    'a,b',
    'a+b',
    'a*b',
    'a?b',
    'a<b',
    'a>b',
    'a"b',
    '...',
    '. .',
    ' lead',
  ]) {
    await assertRejectedUnchanged(
      s,
      () => s.accounts.createUser({ userName, password: 'pw' }),
      STATUS_INVALID_PARAMETER,
    );
  }
  await assert.rejects(s.accounts.createUser({ userName: 'a*b' }), /not allowed/);
  await assert.rejects(s.accounts.createUser({ userName: 'x'.repeat(21) }), /longer than 20/);
  await assertRejectedUnchanged(
    s,
    () => s.accounts.createUser({ userName: 42 } as never),
    STATUS_INVALID_PARAMETER,
  );
  assert.deepEqual(await s.accounts.listUsers(), []);
});

test('Accounts.createUser rejects bad settings and unknown fields and changes nothing', async () => {
  const s = await setup();
  const bad: Record<string, unknown>[] = [
    { logonHours: 'ff' },
    { logonHours: 'z'.repeat(42) },
    { workstations: 'WS1' },
    { workstations: ['a,b'] },
    { workstations: [''] },
    { passwordExpires: 'tomorrow' },
    { passwordExpires: Number.NaN },
    { disabled: 'yes' },
    { mustChangePassword: 1 },
    { fullName: 7 },
    { fullName: 'x'.repeat(257) },
    { groups: 'Users' },
    { groups: [''] },
    { password: 12345 },
    { password: 'p'.repeat(257) },
    { passwordHash: 'scrypt$1$1$1$a$b' },
    { sid: 'S-1-5-18' },
  ];
  for (const extra of bad) {
    await assertRejectedUnchanged(
      s,
      () => s.accounts.createUser({ userName: 'erin', ...extra } as never),
      STATUS_INVALID_PARAMETER,
    );
  }
  await assert.rejects(
    s.accounts.createUser({ userName: 'erin', sid: 'S-1-5-18' } as never),
    /unknown field "sid"/,
  );
});

test('Accounts.createUser with an unknown group creates nothing and uses no RID', async () => {
  const s = await setup();
  await assertRejectedUnchanged(
    s,
    () => s.accounts.createUser({ userName: 'frank', password: 'pw', groups: ['Users', 'Wizards'] }),
    STATUS_NO_SUCH_GROUP,
  );
  await assert.rejects(
    s.accounts.createUser({ userName: 'frank', groups: ['Wizards'] }),
    /no group named "Wizards"/,
  );
  await assertRejectedUnchanged(
    s,
    () => s.accounts.createUser({ userName: 'frank', groups: ['S-1-5-32-999'] }),
    STATUS_NO_SUCH_GROUP,
  );
  const f = await s.accounts.createUser({ userName: 'frank' });
  assert.equal(f.sid, `${await s.accounts.machineSid()}-1000`);
});

test('Accounts.createUser refuses with STATUS_TOO_MANY_SESSIONS when the hasher is busy, creating nothing', async () => {
  const hasher = createPasswordHasher({ ...FAST, concurrency: 1, maxQueue: 0 });
  const s = await setup({ hasher });
  const inFlight = hasher.verifyDummy();
  await assertRejectedUnchanged(
    s,
    () => s.accounts.createUser({ userName: 'gina', password: 'pw' }),
    STATUS_TOO_MANY_SESSIONS,
  );
  await inFlight;
  assert.equal((await s.accounts.createUser({ userName: 'gina', password: 'pw' })).userName, 'gina');
});

test('Accounts.getUser and getUserBySid find users case-insensitively; listUsers sorts by name', async () => {
  const { accounts } = await setup();
  const b = await accounts.createUser({ userName: 'Bob' });
  await accounts.createUser({ userName: 'alice' });
  assert.equal((await accounts.getUser('BOB'))?.sid, b.sid);
  assert.equal((await accounts.getUserBySid(b.sid))?.userName, 'Bob');
  assert.equal(await accounts.getUser('nobody'), undefined);
  assert.equal(await accounts.getUser('a/b'), undefined);
  assert.equal(await accounts.getUserBySid('S-1-5-21-1-2-3-4'), undefined);
  assert.equal(await accounts.getUserBySid('garbage'), undefined);
  assert.deepEqual(
    (await accounts.listUsers()).map((u) => u.userName),
    ['alice', 'Bob'],
  );
});

test('Accounts.setPassword replaces the password, clears must-change and expiry unless told', async () => {
  const s = await setup();
  const { accounts, clock } = s;
  await accounts.createUser({
    userName: 'alice',
    password: 'old',
    mustChangePassword: true,
    passwordExpires: 5,
  });
  clock.now += 1000;
  const u = await accounts.setPassword('ALICE', 'new');
  assert.equal(u.passwordLastSet, clock.now);
  assert.equal(u.mustChangePassword, false);
  assert.equal(u.passwordExpires, null);
  const at = { time: clock.now, workstation: '' };
  assert.equal(
    (await accounts.authenticate({ userName: 'alice', password: 'old', ...at })).subStatus,
    STATUS_WRONG_PASSWORD,
  );
  assert.equal(
    (await accounts.authenticate({ userName: 'alice', password: 'new', ...at })).status,
    STATUS_SUCCESS,
  );
  const v = await accounts.setPassword('alice', 'newer', { mustChange: true, expires: clock.now + 10 });
  assert.equal(v.mustChangePassword, true);
  assert.equal(v.passwordExpires, clock.now + 10);
  await assertRejectedUnchanged(s, () => accounts.setPassword('nobody', 'pw'), STATUS_NO_SUCH_USER);
  await assertRejectedUnchanged(
    s,
    () => accounts.setPassword('alice', 'p'.repeat(257)),
    STATUS_INVALID_PARAMETER,
  );
  await assertRejectedUnchanged(
    s,
    () => accounts.setPassword('alice', 'pw', { expires: 'never' } as never),
    STATUS_INVALID_PARAMETER,
  );
  await assertRejectedUnchanged(
    s,
    () => accounts.setPassword('alice', 'pw', { other: 1 } as never),
    STATUS_INVALID_PARAMETER,
  );
});

test('Accounts.setDisabled and updateUser change only what they are asked to', async () => {
  const s = await setup();
  const { accounts } = s;
  await accounts.createUser({ userName: 'alice', password: 'pw', fullName: 'A' });
  assert.equal((await accounts.setDisabled('alice', true)).disabled, true);
  assert.equal((await accounts.getUser('alice'))?.disabled, true);
  assert.equal((await accounts.setDisabled('alice', false)).disabled, false);
  const hours = createLogonHours([1, 2]);
  const u = await accounts.updateUser('alice', {
    fullName: 'Alice B.',
    passwordExpires: 99,
    mustChangePassword: true,
    logonHours: hours,
    workstations: ['WS1'],
  });
  assert.deepEqual(
    [u.fullName, u.passwordExpires, u.mustChangePassword, u.logonHours, u.workstations, u.disabled],
    ['Alice B.', 99, true, hours, ['WS1'], false],
  );
  const w = await accounts.updateUser('alice', { logonHours: null, workstations: null });
  assert.equal(w.logonHours, null);
  assert.equal(w.workstations, null);
  assert.equal(w.fullName, 'Alice B.');
  assert.equal((await accounts.updateUser('alice', { disabled: true })).disabled, true);
  assert.equal((await accounts.updateUser('alice', { disabled: false })).disabled, false);
  await assertRejectedUnchanged(
    s,
    () => accounts.updateUser('alice', { disabled: 'no' } as never),
    STATUS_INVALID_PARAMETER,
  );
  await assertRejectedUnchanged(
    s,
    () => accounts.updateUser('alice', { sid: 'S-1-5-18' } as never),
    STATUS_INVALID_PARAMETER,
  );
  await assertRejectedUnchanged(
    s,
    () => accounts.updateUser('alice', { passwordHash: null } as never),
    STATUS_INVALID_PARAMETER,
  );
  await assertRejectedUnchanged(
    s,
    () => accounts.updateUser('alice', { logonHours: '00' }),
    STATUS_INVALID_PARAMETER,
  );
  await assertRejectedUnchanged(
    s,
    () => accounts.updateUser('nobody', { fullName: 'x' }),
    STATUS_NO_SUCH_USER,
  );
  await assertRejectedUnchanged(s, () => accounts.setDisabled('nobody', true), STATUS_NO_SUCH_USER);
  await assertRejectedUnchanged(
    s,
    () => accounts.setDisabled('alice', 'yes' as never),
    STATUS_INVALID_PARAMETER,
  );
});

test('Accounts.deleteUser removes the user; a new user of that name gets a new SID', async () => {
  const s = await setup();
  const { accounts, clock } = s;
  const a = await accounts.createUser({ userName: 'alice', password: 'pw' });
  await accounts.authenticate({ userName: 'alice', password: 'pw', time: clock.now, workstation: '' });
  await accounts.deleteUser('Alice');
  assert.equal(await accounts.getUser('alice'), undefined);
  assert.equal(await s.store.read((tx) => tx.get('meta', `logonCount:${a.sid}`)), undefined);
  const r = await accounts.authenticate({
    userName: 'alice',
    password: 'pw',
    time: clock.now,
    workstation: '',
  });
  assert.deepEqual([r.status, r.subStatus], [STATUS_LOGON_FAILURE, STATUS_NO_SUCH_USER]);
  await assertRejectedUnchanged(s, () => accounts.deleteUser('alice'), STATUS_NO_SUCH_USER);
  const again = await accounts.createUser({ userName: 'alice' });
  assert.notEqual(again.sid, a.sid);
  assert.equal(again.logonCount, 0);
});

test('Accounts.createGroup allocates from the same RID counter and refuses taken or bad names', async () => {
  const s = await setup();
  const { accounts } = s;
  const machineSid = await accounts.machineSid();
  await accounts.createUser({ userName: 'alice' });
  const g = await accounts.createGroup({ name: 'Operators', description: 'They operate' });
  assert.deepEqual(g, {
    name: 'Operators',
    sid: `${machineSid}-1001`,
    description: 'They operate',
    builtin: false,
  });
  assert.equal((await accounts.createUser({ userName: 'bob' })).sid, `${machineSid}-1002`);
  await assertRejectedUnchanged(s, () => accounts.createGroup({ name: 'operators' }), STATUS_GROUP_EXISTS);
  await assertRejectedUnchanged(s, () => accounts.createGroup({ name: 'ALICE' }), STATUS_USER_EXISTS);
  await assertRejectedUnchanged(s, () => accounts.createGroup({ name: 'a/b' }), STATUS_INVALID_PARAMETER);
  await assertRejectedUnchanged(
    s,
    () => accounts.createGroup({ name: 'ok', description: 5 } as never),
    STATUS_INVALID_PARAMETER,
  );
  await assertRejectedUnchanged(
    s,
    () => accounts.createGroup({ name: 'ok', extra: 1 } as never),
    STATUS_INVALID_PARAMETER,
  );
  assert.deepEqual(
    (await accounts.listGroups()).map((x) => x.name),
    ['Administrators', 'Operators', 'Remote Desktop Users', 'Users'],
  );
});

test('Accounts.addToGroup, removeFromGroup and groupsOf manage membership by name or SID', async () => {
  const s = await setup();
  const { accounts } = s;
  await accounts.createUser({ userName: 'alice' });
  const ops = await accounts.createGroup({ name: 'Operators' });
  assert.equal(await accounts.addToGroup('alice', 'Administrators'), true);
  assert.equal(await accounts.addToGroup('ALICE', SID_ADMINISTRATORS), false);
  assert.equal(await accounts.addToGroup('alice', ops.sid), true);
  assert.deepEqual(
    (await accounts.groupsOf('alice')).map((g) => g.name),
    ['Users', 'Administrators', 'Operators'],
  );
  assert.deepEqual((await accounts.getUser('alice'))?.groups, [SID_USERS, SID_ADMINISTRATORS, ops.sid]);
  assert.equal(await accounts.removeFromGroup('alice', 'administrators'), true);
  assert.equal(await accounts.removeFromGroup('alice', 'Administrators'), false);
  assert.deepEqual(
    (await accounts.groupsOf('alice')).map((g) => g.name),
    ['Users', 'Operators'],
  );
  await assertRejectedUnchanged(s, () => accounts.addToGroup('alice', 'Wizards'), STATUS_NO_SUCH_GROUP);
  await assertRejectedUnchanged(s, () => accounts.addToGroup('nobody', 'Users'), STATUS_NO_SUCH_USER);
  await assertRejectedUnchanged(s, () => accounts.removeFromGroup('alice', 'Wizards'), STATUS_NO_SUCH_GROUP);
  await assert.rejects(accounts.groupsOf('nobody'), statusIs(STATUS_NO_SUCH_USER));
});

test('Accounts.membersOf lists the user names of a group by name', async () => {
  const { accounts } = await setup();
  await accounts.createUser({ userName: 'carol', groups: ['Administrators'] });
  await accounts.createUser({ userName: 'Bob' });
  await accounts.createUser({ userName: 'alice', groups: [SID_ADMINISTRATORS] });
  assert.deepEqual(await accounts.membersOf('administrators'), ['alice', 'carol']);
  assert.deepEqual(await accounts.membersOf(SID_USERS), ['alice', 'Bob', 'carol']);
  assert.deepEqual(await accounts.membersOf('Remote Desktop Users'), []);
  await assert.rejects(accounts.membersOf('Wizards'), statusIs(STATUS_NO_SUCH_GROUP));
});

test('Accounts.authenticate succeeds with the right password, case-insensitive name, and counts logons', async () => {
  const { accounts, clock } = await setup();
  const a = await accounts.createUser({ userName: 'Alice', password: 'correct horse' });
  const r1 = await accounts.authenticate({
    userName: 'alice',
    password: 'correct horse',
    time: clock.now,
    workstation: 'WS1',
  });
  assert.equal(r1.status, STATUS_SUCCESS);
  assert.equal(r1.subStatus, STATUS_SUCCESS);
  assert.equal(r1.user?.sid, a.sid);
  assert.equal(r1.user?.userName, 'Alice');
  assert.equal(r1.user?.logonCount, 1);
  const r2 = await accounts.authenticate({
    userName: 'ALICE',
    password: 'correct horse',
    time: clock.now,
    workstation: '',
  });
  assert.equal(r2.user?.logonCount, 2);
  assert.equal((await accounts.getUser('alice'))?.logonCount, 2);
});

test('Accounts.authenticate with a wrong password gives LOGON_FAILURE / WRONG_PASSWORD (test 43)', async () => {
  const s = await setup();
  await s.accounts.createUser({ userName: 'alice', password: 'right' });
  const before = await snapshot(s.store);
  for (const password of ['wrong', '', 'Right', 'right ']) {
    const r = await s.accounts.authenticate({
      userName: 'alice',
      password,
      time: s.clock.now,
      workstation: '',
    });
    assert.deepEqual(r, { status: STATUS_LOGON_FAILURE, subStatus: STATUS_WRONG_PASSWORD });
  }
  assert.deepEqual(await snapshot(s.store), before);
});

test('Accounts.authenticate of an unknown user gives LOGON_FAILURE / NO_SUCH_USER after a dummy verify (test 44)', async () => {
  const s = await setup();
  for (const userName of ['nobody', 'a/b', '', 'x'.repeat(300)]) {
    const hashes = s.hasher.stats().completed;
    const r = await s.accounts.authenticate({ userName, password: 'pw', time: s.clock.now, workstation: '' });
    assert.deepEqual(r, { status: STATUS_LOGON_FAILURE, subStatus: STATUS_NO_SUCH_USER });
    assert.equal(s.hasher.stats().completed, hashes + 1, 'one hash of work, as for a real user');
  }
});

test('Accounts.authenticate of a user without a password fails as a wrong password, after the same work', async () => {
  const s = await setup();
  await s.accounts.createUser({ userName: 'nopw' });
  for (const password of ['', 'anything']) {
    const hashes = s.hasher.stats().completed;
    const r = await s.accounts.authenticate({
      userName: 'nopw',
      password,
      time: s.clock.now,
      workstation: '',
    });
    assert.deepEqual(r, { status: STATUS_LOGON_FAILURE, subStatus: STATUS_WRONG_PASSWORD });
    assert.equal(s.hasher.stats().completed, hashes + 1);
  }
});

test('Accounts.authenticate reports each account restriction as ACCOUNT_RESTRICTION with its sub-status (test 45)', async () => {
  const s = await setup();
  const { accounts, clock } = s;
  const cases: [Record<string, unknown>, NtStatus][] = [
    [{ disabled: true }, STATUS_ACCOUNT_DISABLED],
    [{ passwordExpires: clock.now - 1 }, STATUS_PASSWORD_EXPIRED],
    [{ passwordExpires: clock.now }, STATUS_PASSWORD_EXPIRED],
    [{ logonHours: createLogonHours([0, 1, 2]) }, STATUS_INVALID_LOGON_HOURS],
    [{ workstations: ['WS2'] }, STATUS_INVALID_WORKSTATION],
    [{ mustChangePassword: true }, STATUS_PASSWORD_MUST_CHANGE],
  ];
  let i = 0;
  for (const [settings, sub] of cases) {
    const userName = `user${i++}`;
    await accounts.createUser({ userName, password: 'pw', ...settings });
    const before = await snapshot(s.store);
    const r = await accounts.authenticate({ userName, password: 'pw', time: clock.now, workstation: 'WS1' });
    assert.deepEqual(r, { status: STATUS_ACCOUNT_RESTRICTION, subStatus: sub }, userName);
    // The password comes first: a wrong one never reveals the restriction.
    const w = await accounts.authenticate({
      userName,
      password: 'nope',
      time: clock.now,
      workstation: 'WS1',
    });
    assert.deepEqual(w, { status: STATUS_LOGON_FAILURE, subStatus: STATUS_WRONG_PASSWORD }, userName);
    assert.deepEqual(await snapshot(s.store), before, 'a refused logon is not counted');
  }
  // Inside the allowed hours and from an allowed workstation, the same settings let the user in.
  await accounts.createUser({
    userName: 'ok',
    password: 'pw',
    logonHours: createLogonHours([33]),
    workstations: ['ws1'],
    passwordExpires: clock.now + 1,
  });
  assert.equal(
    (await accounts.authenticate({ userName: 'ok', password: 'pw', time: clock.now, workstation: 'WS1' }))
      .status,
    STATUS_SUCCESS,
  );
});

test('Accounts.authenticate gives STATUS_TOO_MANY_SESSIONS when the hasher is busy', async () => {
  const hasher = createPasswordHasher({ ...FAST, concurrency: 1, maxQueue: 0 });
  const s = await setup({ hasher });
  await s.accounts.createUser({ userName: 'alice', password: 'pw' });
  const inFlight = hasher.verifyDummy();
  for (const userName of ['alice', 'nobody']) {
    const r = await s.accounts.authenticate({ userName, password: 'pw', time: s.clock.now, workstation: '' });
    assert.deepEqual(r, { status: STATUS_TOO_MANY_SESSIONS, subStatus: STATUS_SUCCESS });
  }
  await inFlight;
});

test('Accounts.authenticate rejects a malformed request with STATUS_INVALID_PARAMETER', async () => {
  const { accounts } = await setup();
  for (const bad of [
    { userName: 1, password: 'pw', time: 0, workstation: '' },
    { userName: 'a', password: null, time: 0, workstation: '' },
    { userName: 'a', password: 'pw', time: Number.NaN, workstation: '' },
  ]) {
    assert.deepEqual(await accounts.authenticate(bad as never), {
      status: STATUS_INVALID_PARAMETER,
      subStatus: STATUS_SUCCESS,
    });
  }
});

/** A hasher whose verify waits for `release()`, to change the account while a logon is being checked. */
function gatedHasher(inner: PasswordHasher): {
  hasher: PasswordHasher;
  release: () => void;
  started: Promise<void>;
} {
  let release!: () => void;
  let started!: () => void;
  const gate = new Promise<void>((r) => {
    release = r;
  });
  const startedP = new Promise<void>((r) => {
    started = r;
  });
  const hasher: PasswordHasher = {
    parameters: inner.parameters,
    hash: (p) => inner.hash(p),
    verifyDummy: (p) => inner.verifyDummy(p),
    stats: () => inner.stats(),
    async verify(p, e) {
      const ok = await inner.verify(p, e);
      started();
      await gate;
      return ok;
    },
  };
  return { hasher, release, started: startedP };
}

test('Accounts.authenticate honours changes made while the password was being checked', async () => {
  for (const [change, expected] of [
    ['disable', [STATUS_ACCOUNT_RESTRICTION, STATUS_ACCOUNT_DISABLED]],
    ['delete', [STATUS_LOGON_FAILURE, STATUS_NO_SUCH_USER]],
    ['password', [STATUS_LOGON_FAILURE, STATUS_WRONG_PASSWORD]],
  ] as const) {
    const g = gatedHasher(createPasswordHasher(FAST));
    const s = await setup({ hasher: g.hasher });
    await s.accounts.createUser({ userName: 'alice', password: 'pw' });
    const pending = s.accounts.authenticate({
      userName: 'alice',
      password: 'pw',
      time: s.clock.now,
      workstation: '',
    });
    await g.started;
    if (change === 'disable') await s.accounts.setDisabled('alice', true);
    if (change === 'delete') await s.accounts.deleteUser('alice');
    if (change === 'password') await s.accounts.setPassword('alice', 'changed');
    g.release();
    const r = await pending;
    assert.deepEqual([r.status, r.subStatus], expected, change);
    assert.equal(r.user, undefined);
  }
});

test('Accounts never returns or logs the password hash', async () => {
  const s = await setup();
  const { accounts, clock } = s;
  const outputs: unknown[] = [];
  outputs.push(await accounts.createUser({ userName: 'alice', password: 'pw', groups: ['Administrators'] }));
  outputs.push(await accounts.getUser('alice'));
  outputs.push(await accounts.getUserBySid((await accounts.getUser('alice'))!.sid));
  outputs.push(await accounts.listUsers());
  outputs.push(await accounts.setPassword('alice', 'pw2'));
  outputs.push(await accounts.setDisabled('alice', false));
  outputs.push(await accounts.updateUser('alice', { fullName: 'A' }));
  outputs.push(await accounts.groupsOf('alice'));
  outputs.push(await accounts.listGroups());
  outputs.push(await accounts.membersOf('Administrators'));
  outputs.push(
    await accounts.authenticate({ userName: 'alice', password: 'pw2', time: clock.now, workstation: '' }),
  );
  outputs.push(await s.store.readEvents({ after: 0, limit: 1000 }));
  const stored = (await s.store.read((tx) => tx.get('users', 'alice')))!.passwordHash!;
  assert.match(stored, /^scrypt\$/);
  const text = JSON.stringify(outputs);
  assert.equal(text.includes('scrypt$'), false);
  assert.equal(text.includes(stored.split('$')[5]!), false);
  assert.equal(text.includes('passwordHash'), false);
  for (const u of [outputs[0], outputs[1]]) assert.equal(Object.hasOwn(u as object, 'passwordHash'), false);
});

test('Accounts mutations append account audit events in the same transaction', async () => {
  const s = await setup();
  const { accounts } = s;
  await accounts.createUser({ userName: 'alice', password: 'pw' });
  await accounts.setPassword('alice', 'pw2');
  await accounts.setDisabled('alice', true);
  await accounts.setDisabled('alice', true);
  await accounts.setDisabled('alice', false);
  await accounts.updateUser('alice', { fullName: 'A' });
  await accounts.updateUser('alice', { disabled: true });
  await accounts.createGroup({ name: 'Ops' });
  await accounts.addToGroup('alice', 'Ops');
  await accounts.removeFromGroup('alice', 'Ops');
  await accounts.deleteUser('alice');
  const events = await s.store.readEvents({ after: 0, limit: 100, types: ['account.'] });
  assert.deepEqual(
    events.map((e) => [e.type, e.data['audit']]),
    [
      ['account.user-created', 4720],
      ['account.password-set', 4724],
      ['account.user-disabled', 4725],
      ['account.user-enabled', 4722],
      ['account.user-changed', 4738],
      ['account.user-changed', 4738],
      ['account.user-disabled', 4725],
      ['account.group-created', 4731],
      ['account.group-member-added', 4732],
      ['account.group-member-removed', 4733],
      ['account.user-deleted', 4726],
    ],
  );
  assert.equal(events[0]!.time, s.clock.now);
});
