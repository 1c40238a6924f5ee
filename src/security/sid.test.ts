import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isNtError } from '../nt/nt-error.ts';
import { STATUS_INVALID_PARAMETER } from '../nt/ntstatus.ts';
import {
  createMachineSid,
  domainOf,
  isMachineSid,
  isSid,
  ridOf,
  toUserSid,
  wellKnownSidName,
} from './sid.ts';
import { SID_ADMINISTRATORS, SID_SYSTEM } from './well-known-sids.ts';

test('isSid accepts canonical SIDs', () => {
  for (const sid of [
    'S-1-0-0',
    'S-1-1-0',
    'S-1-5',
    'S-1-5-18',
    'S-1-5-32-544',
    'S-1-5-21-1004336348-1177238915-682003330-1000',
    'S-1-5-21-4294967295-0-1-500',
    'S-1-0x1234567890AB-1',
    `S-1-5${'-1'.repeat(15)}`,
  ]) {
    assert.equal(isSid(sid), true, sid);
  }
});

test('isSid rejects malformed SIDs', () => {
  for (const sid of [
    '',
    'S-1',
    'S-1-',
    's-1-5-18',
    'S-2-5-18',
    'S-1-5-',
    'S-1-5--18',
    'S-1-5-18 ',
    ' S-1-5-18',
    'S-1-5-4294967296',
    'S-1-5-018',
    'S-1-4294967296-1',
    'S-1-0x00000000FFFF-1',
    'S-1-0x1234-1',
    'S-1-5-x',
    'S-1--5',
    `S-1-5${'-1'.repeat(16)}`,
  ]) {
    assert.equal(isSid(sid), false, sid);
  }
  assert.equal(isSid(42), false);
  assert.equal(isSid(null), false);
});

test('createMachineSid gives S-1-5-21 and three random sub-authorities', () => {
  const sid = createMachineSid(() => Uint32Array.of(1, 4294967295, 7));
  assert.equal(sid, 'S-1-5-21-1-4294967295-7');
  assert.equal(isMachineSid(sid), true);
  const a = createMachineSid();
  const b = createMachineSid();
  assert.equal(isMachineSid(a), true);
  assert.notEqual(a, b);
});

test('createMachineSid refuses too few or out-of-range random values', () => {
  assert.throws(
    () => createMachineSid(() => [1, 2]),
    (e) => isNtError(e) && e.status === STATUS_INVALID_PARAMETER,
  );
  assert.throws(
    () => createMachineSid(() => [1, 2, -1]),
    (e) => isNtError(e) && e.status === STATUS_INVALID_PARAMETER,
  );
  assert.throws(
    () => createMachineSid(() => [1, 2, 2 ** 32]),
    (e) => isNtError(e) && e.status === STATUS_INVALID_PARAMETER,
  );
});

test('toUserSid appends the relative id to the machine SID', () => {
  assert.equal(toUserSid('S-1-5-21-1-2-3', 1000), 'S-1-5-21-1-2-3-1000');
  assert.throws(
    () => toUserSid('S-1-5-32', 544),
    (e) => isNtError(e) && e.status === STATUS_INVALID_PARAMETER,
  );
  assert.throws(
    () => toUserSid('S-1-5-21-1-2-3', -1),
    (e) => isNtError(e) && e.status === STATUS_INVALID_PARAMETER,
  );
  assert.throws(
    () => toUserSid('S-1-5-21-1-2-3', 1.5),
    (e) => isNtError(e) && e.status === STATUS_INVALID_PARAMETER,
  );
});

test('ridOf and domainOf split a SID at its last sub-authority', () => {
  assert.equal(ridOf('S-1-5-21-1-2-3-1000'), 1000);
  assert.equal(domainOf('S-1-5-21-1-2-3-1000'), 'S-1-5-21-1-2-3');
  assert.equal(ridOf(SID_ADMINISTRATORS), 544);
  assert.equal(ridOf('S-1-5'), undefined);
  assert.equal(ridOf('not a sid'), undefined);
  assert.equal(domainOf('S-1-5'), undefined);
});

test('wellKnownSidName names well-known SIDs as Windows displays them', () => {
  assert.equal(wellKnownSidName(SID_SYSTEM), 'NT AUTHORITY\\SYSTEM');
  assert.equal(wellKnownSidName(SID_ADMINISTRATORS), 'BUILTIN\\Administrators');
  assert.equal(wellKnownSidName('S-1-1-0'), 'Everyone');
  assert.equal(wellKnownSidName('S-1-5-32-555'), 'BUILTIN\\Remote Desktop Users');
  assert.equal(wellKnownSidName('S-1-5-21-1-2-3-1000'), undefined);
});
