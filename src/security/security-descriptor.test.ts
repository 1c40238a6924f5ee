import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isNtError } from '../nt/nt-error.ts';
import {
  accessCheck,
  createDefaultSessionDescriptor,
  fromSecurityDescriptorText,
  type SecurityDescriptor,
  toCanonicalDacl,
  toSecurityDescriptorText,
} from './security-descriptor.ts';
import { SID_ADMINISTRATORS, SID_EVERYONE, SID_SYSTEM, SID_USERS } from './well-known-sids.ts';
import {
  WTS_SECURITY_ALL_ACCESS,
  WTS_SECURITY_DISCONNECT,
  WTS_SECURITY_LOGOFF,
  WTS_SECURITY_QUERY_INFORMATION,
  WTS_SECURITY_RESET,
} from './wts-permissions.ts';

const ALICE = 'S-1-5-21-1-2-3-1000';
const BOB = 'S-1-5-21-1-2-3-1001';
const QUERY = WTS_SECURITY_QUERY_INFORMATION;
const RESET = WTS_SECURITY_RESET;

function sd(dacl: SecurityDescriptor['dacl']): SecurityDescriptor {
  return { owner: SID_SYSTEM, dacl };
}

test('accessCheck grants when allow ACEs cover every desired bit, across several ACEs', () => {
  const d = sd([
    { type: 'allow', sid: SID_USERS, mask: QUERY },
    { type: 'allow', sid: ALICE, mask: RESET },
  ]);
  assert.deepEqual(accessCheck(d, [ALICE, SID_USERS], QUERY | RESET), {
    granted: true,
    grantedAccess: QUERY | RESET,
  });
  assert.deepEqual(accessCheck(d, [BOB, SID_USERS], QUERY | RESET), { granted: false, grantedAccess: 0 });
  assert.deepEqual(accessCheck(d, [BOB, SID_USERS], QUERY), { granted: true, grantedAccess: QUERY });
});

test('accessCheck honours a deny ACE placed before the allow (canonical order)', () => {
  const d = sd([
    { type: 'deny', sid: ALICE, mask: RESET },
    { type: 'allow', sid: SID_EVERYONE, mask: WTS_SECURITY_ALL_ACCESS },
  ]);
  assert.equal(accessCheck(d, [ALICE, SID_EVERYONE], RESET).granted, false);
  assert.equal(accessCheck(d, [ALICE, SID_EVERYONE], QUERY).granted, true);
  assert.equal(accessCheck(d, [BOB, SID_EVERYONE], RESET).granted, true);
});

test('accessCheck walks the DACL in order: a deny after a granting allow does not take the bit back', () => {
  const d = sd([
    { type: 'allow', sid: SID_EVERYONE, mask: RESET },
    { type: 'deny', sid: ALICE, mask: RESET | QUERY },
    { type: 'allow', sid: ALICE, mask: QUERY },
  ]);
  assert.equal(accessCheck(d, [ALICE, SID_EVERYONE], RESET).granted, true);
  // QUERY is still wanted when the deny is reached.
  assert.equal(accessCheck(d, [ALICE, SID_EVERYONE], RESET | QUERY).granted, false);
  // The same ACEs canonicalised put the deny first.
  const canonical = sd(toCanonicalDacl(d.dacl!));
  assert.equal(canonical.dacl![0]!.type, 'deny');
  assert.equal(accessCheck(canonical, [ALICE, SID_EVERYONE], RESET).granted, false);
});

test('accessCheck grants everything with a null DACL and nothing with an empty DACL', () => {
  assert.deepEqual(accessCheck(sd(null), [BOB], WTS_SECURITY_ALL_ACCESS | WTS_SECURITY_LOGOFF), {
    granted: true,
    grantedAccess: WTS_SECURITY_ALL_ACCESS | WTS_SECURITY_LOGOFF,
  });
  assert.deepEqual(accessCheck(sd([]), [SID_SYSTEM, SID_ADMINISTRATORS], QUERY), {
    granted: false,
    grantedAccess: 0,
  });
});

test('accessCheck refuses a request for no access and ignores ACEs of other SIDs', () => {
  const d = sd([{ type: 'allow', sid: SID_EVERYONE, mask: WTS_SECURITY_ALL_ACCESS }]);
  assert.equal(accessCheck(d, [SID_EVERYONE], 0).granted, false);
  assert.equal(accessCheck(d, [BOB], QUERY).granted, false);
});

test('accessCheck handles the high bit of the mask as unsigned', () => {
  const GENERIC_READ = 0x80000000;
  const d = sd([{ type: 'allow', sid: BOB, mask: GENERIC_READ }]);
  assert.deepEqual(accessCheck(d, [BOB], GENERIC_READ), { granted: true, grantedAccess: GENERIC_READ });
  const denied = sd([
    { type: 'deny', sid: BOB, mask: GENERIC_READ },
    { type: 'allow', sid: BOB, mask: 0xffffffff },
  ]);
  assert.equal(accessCheck(denied, [BOB], GENERIC_READ | QUERY).granted, false);
  assert.equal(accessCheck(denied, [BOB], QUERY).granted, true);
});

test('createDefaultSessionDescriptor gives SYSTEM and Administrators Full Control and the user ALL plus LOGOFF', () => {
  const d = createDefaultSessionDescriptor(ALICE);
  assert.equal(d.owner, SID_SYSTEM);
  assert.deepEqual(d.dacl, [
    { type: 'allow', sid: SID_SYSTEM, mask: 0xf03bf },
    { type: 'allow', sid: SID_ADMINISTRATORS, mask: 0xf03bf },
    { type: 'allow', sid: ALICE, mask: 0xf03ff },
  ]);
  assert.equal(accessCheck(d, [ALICE, SID_USERS], WTS_SECURITY_LOGOFF).granted, true);
  assert.equal(accessCheck(d, [BOB, SID_USERS], RESET).granted, false);
  assert.equal(accessCheck(d, [BOB, SID_USERS], WTS_SECURITY_DISCONNECT).granted, false);
  assert.equal(accessCheck(d, [BOB, SID_ADMINISTRATORS], RESET | WTS_SECURITY_DISCONNECT).granted, true);
  // Full Control lacks LOGOFF (spec Q9): an administrator passes RESET but not a LOGOFF-only check.
  assert.equal(accessCheck(d, [BOB, SID_ADMINISTRATORS], WTS_SECURITY_LOGOFF).granted, false);
});

test('createDefaultSessionDescriptor without a user has only the SYSTEM and Administrators ACEs', () => {
  const d = createDefaultSessionDescriptor(null);
  assert.equal(d.dacl?.length, 2);
  assert.equal(accessCheck(d, [SID_SYSTEM], QUERY).granted, true);
  assert.throws(() => createDefaultSessionDescriptor('alice'), isNtError);
});

test('toSecurityDescriptorText and fromSecurityDescriptorText round-trip', () => {
  for (const d of [
    createDefaultSessionDescriptor(ALICE),
    createDefaultSessionDescriptor(null),
    sd(null),
    sd([]),
  ]) {
    const text = toSecurityDescriptorText(d);
    assert.equal(typeof text, 'string');
    assert.deepEqual(fromSecurityDescriptorText(text), d);
  }
  const parsed = fromSecurityDescriptorText(toSecurityDescriptorText(createDefaultSessionDescriptor(ALICE)))!;
  assert.equal(Object.isFrozen(parsed), true);
  assert.equal(Object.isFrozen(parsed.dacl), true);
});

test('fromSecurityDescriptorText rejects malformed input with undefined', () => {
  const good = { owner: SID_SYSTEM, dacl: [{ type: 'allow', sid: ALICE, mask: 1 }] };
  assert.notEqual(fromSecurityDescriptorText(JSON.stringify(good)), undefined);
  for (const bad of [
    '',
    'not json',
    '{',
    'null',
    '[]',
    '42',
    JSON.stringify({ owner: SID_SYSTEM }),
    JSON.stringify({ owner: 'alice', dacl: [] }),
    JSON.stringify({ owner: SID_SYSTEM, dacl: {} }),
    JSON.stringify({ owner: SID_SYSTEM, dacl: [], extra: 1 }),
    JSON.stringify({ owner: SID_SYSTEM, dacl: [{ type: 'audit', sid: ALICE, mask: 1 }] }),
    JSON.stringify({ owner: SID_SYSTEM, dacl: [{ type: 'allow', sid: 'S-1-x', mask: 1 }] }),
    JSON.stringify({ owner: SID_SYSTEM, dacl: [{ type: 'allow', sid: ALICE, mask: -1 }] }),
    JSON.stringify({ owner: SID_SYSTEM, dacl: [{ type: 'allow', sid: ALICE, mask: 2 ** 32 }] }),
    JSON.stringify({ owner: SID_SYSTEM, dacl: [{ type: 'allow', sid: ALICE, mask: 1.5 }] }),
    JSON.stringify({ owner: SID_SYSTEM, dacl: [{ type: 'allow', sid: ALICE, mask: '1' }] }),
    JSON.stringify({ owner: SID_SYSTEM, dacl: [{ type: 'allow', sid: ALICE, mask: 1, x: 0 }] }),
    JSON.stringify({ owner: SID_SYSTEM, dacl: [null] }),
    JSON.stringify({
      owner: SID_SYSTEM,
      dacl: Array.from({ length: 1025 }, () => ({ type: 'allow', sid: ALICE, mask: 1 })),
    }),
  ]) {
    assert.equal(fromSecurityDescriptorText(bad), undefined, bad.slice(0, 80));
  }
});

test('toSecurityDescriptorText refuses a malformed descriptor', () => {
  assert.throws(() => toSecurityDescriptorText({ owner: 'nobody', dacl: [] }), isNtError);
  assert.throws(
    () => toSecurityDescriptorText({ owner: SID_SYSTEM, dacl: [{ type: 'allow', sid: ALICE, mask: -5 }] }),
    isNtError,
  );
});
