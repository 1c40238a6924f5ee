import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LogonRateLimiter } from './logon-rate-limiter.ts';

function limiter(now: { t: number }, maxKeys?: number) {
  return new LogonRateLimiter(
    { windowMs: 1000, perUser: 3, perAddress: 5 },
    { now: () => now.t, ...(maxKeys === undefined ? {} : { maxKeys }) },
  );
}

test('LogonRateLimiter refuses a user after perUser failures, until the oldest leaves the window', () => {
  const now = { t: 10_000 };
  const l = limiter(now);
  for (let i = 0; i < 3; i++) {
    assert.equal(l.check('Alice', '10.0.0.1').allowed, true);
    l.recordFailure('alice', '10.0.0.1');
    now.t += 100;
  }
  const refused = l.check('ALICE', '10.0.0.2');
  assert.equal(refused.allowed, false);
  assert.ok(!refused.allowed && refused.by === 'user' && refused.retryAfterMs === 10_000 + 1000 - now.t);
  assert.equal(l.check('bob', '10.0.0.1').allowed, true, 'another user from the same address is not refused');
  now.t = 11_001;
  assert.equal(l.check('alice', '10.0.0.1').allowed, true, 'the first failure left the window');
  assert.equal(l.refused, 1);
});

test('LogonRateLimiter refuses an address after perAddress failures, whatever the user', () => {
  const now = { t: 0 };
  const l = limiter(now);
  for (let i = 0; i < 5; i++) l.recordFailure(`user${i}`, '10.0.0.9');
  const d = l.check('someone-else', '10.0.0.9');
  assert.ok(!d.allowed && d.by === 'address');
  assert.equal(l.check('someone-else', '10.0.0.10').allowed, true);
});

test("LogonRateLimiter forgets a user's failures after a success", () => {
  const now = { t: 0 };
  const l = limiter(now);
  l.recordFailure('carol', 'a');
  l.recordFailure('carol', 'a');
  l.recordSuccess('Carol');
  l.recordFailure('carol', 'a');
  l.recordFailure('carol', 'a');
  assert.equal(l.check('carol', 'b').allowed, true);
});

test('LogonRateLimiter keeps at most maxKeys names and addresses', () => {
  const now = { t: 0 };
  const l = limiter(now, 10);
  for (let i = 0; i < 100; i++) l.recordFailure(`u${i}`, `addr${i}`);
  assert.ok(l.size <= 20);
});
