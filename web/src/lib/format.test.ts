import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  clientLines,
  formatAccount,
  formatDuration,
  formatIdle,
  formatLogonType,
  formatNtStatus,
  formatState,
  formatTime,
  idleAt,
  isIsoTime,
  stateTone,
} from './format.ts';

test('formatState names every WTS_CONNECTSTATE_CLASS value and falls back to the name', () => {
  assert.equal(formatState(0), 'Active');
  assert.equal(formatState(4), 'Disconnected');
  assert.equal(formatState(6), 'Listen');
  assert.equal(formatState(9), 'Init');
  assert.equal(formatState(42, 'WTSWeird'), 'Weird');
  assert.equal(formatState(null, 'disconnected'), 'Disconnected');
  assert.equal(formatState(undefined), 'Unknown');
});

test('stateTone groups states for the badge colour', () => {
  assert.equal(stateTone(0), 'active');
  assert.equal(stateTone(4), 'disc');
  assert.equal(stateTone(6), 'listen');
  assert.equal(stateTone(8), 'down');
  assert.equal(stateTone(1), 'other');
});

test('formatIdle writes minutes, hours and days, and a dash when unknown', () => {
  assert.equal(formatIdle(null), '—');
  assert.equal(formatIdle(-5), '—');
  assert.equal(formatIdle(Number.NaN), '—');
  assert.equal(formatIdle(59_999), '<1 min');
  assert.equal(formatIdle(60_000), '1 min');
  assert.equal(formatIdle(59 * 60_000), '59 min');
  assert.equal(formatIdle(3 * 3_600_000 + 5 * 60_000), '3 h 05 min');
  assert.equal(formatIdle(2 * 86_400_000 + 4 * 3_600_000 + 59_000), '2 d 4 h');
});

test('formatDuration writes seconds, then minutes and seconds', () => {
  assert.equal(formatDuration(0), '0 s');
  assert.equal(formatDuration(4_999), '4 s');
  assert.equal(formatDuration(65_000), '1 min 05 s');
  assert.equal(formatDuration(-3), '0 s');
});

test('idleAt ages the daemon idle time by the time since the answer', () => {
  assert.equal(idleAt(1_000, 10_000, 70_000), 61_000);
  assert.equal(idleAt(1_000, 10_000, 5_000), 1_000);
  assert.equal(idleAt(null, 0, 1), null);
});

test('formatTime writes a locale time and nothing for a missing or bad one', () => {
  const o = { locale: 'en-US', timeZone: 'UTC' };
  assert.equal(formatTime('2024-05-30T09:14:05.000Z', o), '5/30/24, 9:14:05 AM');
  assert.equal(formatTime(null, o), '');
  assert.equal(formatTime('', o), '');
  assert.equal(formatTime('not a time', o), '');
  assert.equal(formatTime('12345', o), '', 'clock ticks are not a time');
  assert.equal(formatTime('2024-13-45T99:99:99Z', o), '');
});

test('isIsoTime accepts ISO-8601 date-times only', () => {
  assert.equal(isIsoTime('2024-05-30T09:14:05.000Z'), true);
  assert.equal(isIsoTime('2024-05-30'), false);
  assert.equal(isIsoTime('5/30/2024'), false);
  assert.equal(isIsoTime(null), false);
});

test('formatAccount writes DOMAIN\\user, the user alone, or nothing', () => {
  assert.equal(formatAccount('HOST', 'alice'), 'HOST\\alice');
  assert.equal(formatAccount('', 'alice'), 'alice');
  assert.equal(formatAccount('HOST', ''), '');
  assert.equal(formatAccount(null, null), '');
});

test('clientLines puts the name first and the address under it when it adds something', () => {
  assert.deepEqual(clientLines('laptop', '10.0.0.5'), { first: 'laptop', second: '10.0.0.5' });
  assert.deepEqual(clientLines('', '10.0.0.5'), { first: '10.0.0.5', second: '' });
  assert.deepEqual(clientLines('laptop', null), { first: 'laptop', second: '' });
  assert.deepEqual(clientLines('10.0.0.5', '10.0.0.5'), { first: '10.0.0.5', second: '' });
  assert.deepEqual(clientLines(null, null), { first: '', second: '' });
});

test('formatLogonType writes the name with its number', () => {
  assert.equal(formatLogonType(3, 'Network'), 'Network (3)');
  assert.equal(formatLogonType(10, ''), '10');
  assert.equal(formatLogonType('Interactive'), 'Interactive');
});

test('formatNtStatus writes eight upper-case hex digits', () => {
  assert.equal(formatNtStatus(0xc0000022), '0xC0000022');
  assert.equal(formatNtStatus(0), '0x00000000');
  assert.equal(formatNtStatus(-1073741790), '0xC0000022');
});
