import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isNtError } from '../nt/nt-error.ts';
import {
  ALL_LOGON_HOURS,
  createLogonHours,
  hourOfWeek,
  isLogonHourAllowed,
  isLogonHours,
} from './logon-hours.ts';

// 2024-01-07 was a Sunday.
const SUNDAY_0000 = Date.UTC(2024, 0, 7, 0, 0);
const MONDAY_0930 = Date.UTC(2024, 0, 8, 9, 30);
const SATURDAY_2359 = Date.UTC(2024, 0, 13, 23, 59);

test('hourOfWeek counts from Sunday 00:00 UTC', () => {
  assert.equal(hourOfWeek(SUNDAY_0000), 0);
  assert.equal(hourOfWeek(MONDAY_0930), 33);
  assert.equal(hourOfWeek(SATURDAY_2359), 167);
  assert.equal(hourOfWeek(0), 4 * 24); // 1970-01-01 was a Thursday
});

test('createLogonHours sets bit i%8 of byte i/8, least significant first', () => {
  assert.equal(createLogonHours([]), '0'.repeat(42));
  assert.equal(createLogonHours([0]), `01${'0'.repeat(40)}`);
  assert.equal(createLogonHours([7]), `80${'0'.repeat(40)}`);
  assert.equal(createLogonHours([8]), `0001${'0'.repeat(38)}`);
  assert.equal(createLogonHours([167]), `${'0'.repeat(40)}80`);
  assert.equal(createLogonHours(Array.from({ length: 168 }, (_, i) => i)), ALL_LOGON_HOURS);
  assert.throws(() => createLogonHours([168]), isNtError);
  assert.throws(() => createLogonHours([-1]), isNtError);
});

test('isLogonHourAllowed checks the hour of the week of the time', () => {
  const weekdayMornings = createLogonHours(
    [1, 2, 3, 4, 5].flatMap((day) => [8, 9, 10, 11].map((h) => day * 24 + h)),
  );
  assert.equal(isLogonHourAllowed(weekdayMornings, MONDAY_0930), true);
  assert.equal(isLogonHourAllowed(weekdayMornings, SUNDAY_0000), false);
  assert.equal(isLogonHourAllowed(weekdayMornings, MONDAY_0930 + 3 * 3600_000), false);
  assert.equal(isLogonHourAllowed(null, SUNDAY_0000), true);
  assert.equal(isLogonHourAllowed(ALL_LOGON_HOURS, SATURDAY_2359), true);
  assert.equal(isLogonHourAllowed(createLogonHours([167]), SATURDAY_2359), true);
  assert.equal(isLogonHourAllowed(createLogonHours([167]).toUpperCase(), SATURDAY_2359), true);
  assert.equal(isLogonHourAllowed('00', SATURDAY_2359), false);
});

test('isLogonHours accepts exactly 42 hex characters', () => {
  assert.equal(isLogonHours(ALL_LOGON_HOURS), true);
  assert.equal(isLogonHours('F'.repeat(42)), true);
  assert.equal(isLogonHours('f'.repeat(41)), false);
  assert.equal(isLogonHours('f'.repeat(43)), false);
  assert.equal(isLogonHours(`g${'f'.repeat(41)}`), false);
  assert.equal(isLogonHours(null), false);
});
