import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDateTime, formatIdleTime } from './times.ts';

test('formatDateTime prints the en-US short date and time, with seconds on request', () => {
  assert.equal(formatDateTime('2025-05-30T09:14:02.000Z', { timeZone: 'UTC' }), '5/30/2025 9:14 AM');
  assert.equal(
    formatDateTime('2025-12-01T00:05:09.000Z', { timeZone: 'UTC', seconds: true }),
    '12/1/2025 12:05:09 AM',
  );
  assert.equal(
    formatDateTime('2025-05-30T21:00:00.000Z', { timeZone: 'Europe/Paris' }),
    '5/30/2025 11:00 PM',
  );
  assert.equal(formatDateTime(null), '');
  assert.equal(formatDateTime('not a date'), '');
});

test('formatIdleTime prints none, ., minutes, H:MM and D+HH:MM', () => {
  assert.equal(formatIdleTime(null), 'none');
  assert.equal(formatIdleTime(59_999), '.');
  assert.equal(formatIdleTime(5 * 60_000), '5');
  assert.equal(formatIdleTime(65 * 60_000), '1:05');
  assert.equal(formatIdleTime((2 * 24 * 60 + 3 * 60 + 4) * 60_000), '2+03:04');
});
