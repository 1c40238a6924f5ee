import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import { test } from 'node:test';
import { isNtError } from '../nt/nt-error.ts';
import { STATUS_INVALID_PARAMETER, STATUS_TOO_MANY_SESSIONS } from '../nt/ntstatus.ts';
import { createPasswordHasher, DEFAULT_SCRYPT_PARAMETERS } from './password-hasher.ts';

/** Small parameters so the suite stays fast; one test below uses the defaults. */
const FAST = { N: 1024, r: 8, p: 1 } as const;

function isBusy(error: unknown): boolean {
  return isNtError(error) && error.status === STATUS_TOO_MANY_SESSIONS && /busy/.test(error.message);
}

test('PasswordHasher defaults are at least better-auth strength and verify round-trips', async () => {
  assert.deepEqual(
    { ...DEFAULT_SCRYPT_PARAMETERS },
    { N: 16384, r: 16, p: 1, keyLength: 64, saltLength: 16 },
  );
  const hasher = createPasswordHasher();
  assert.deepEqual(hasher.parameters, DEFAULT_SCRYPT_PARAMETERS);
  const encoded = await hasher.hash('correct horse');
  const parts = encoded.split('$');
  assert.deepEqual(parts.slice(0, 4), ['scrypt', '16384', '16', '1']);
  assert.equal(Buffer.from(parts[4]!, 'base64url').length, 16);
  assert.equal(Buffer.from(parts[5]!, 'base64url').length, 64);
  assert.equal(await hasher.verify('correct horse', encoded), true);
  assert.equal(await hasher.verify('correct horsf', encoded), false);
});

test('PasswordHasher hash uses the stored form with base64url parts and a fresh salt each time', async () => {
  const hasher = createPasswordHasher(FAST);
  const a = await hasher.hash('pw');
  const b = await hasher.hash('pw');
  assert.match(a, /^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{86}$/);
  assert.notEqual(a, b);
  assert.equal(await hasher.verify('pw', a), true);
  assert.equal(await hasher.verify('pw', b), true);
  assert.equal(await hasher.verify('PW', a), false);
  assert.equal(await hasher.verify('', a), false);
});

test('PasswordHasher verify uses the parameters stored in the hash, not the current ones', async () => {
  const old = await createPasswordHasher({ N: 512, r: 4, p: 2, keyLength: 32 }).hash('secret');
  assert.match(old, /^scrypt\$512\$4\$2\$/);
  assert.equal(await createPasswordHasher(FAST).verify('secret', old), true);
});

test('PasswordHasher normalises passwords to NFKC', async () => {
  const hasher = createPasswordHasher(FAST);
  const composed = 'caf\u00e9';
  const decomposed = 'cafe\u0301';
  assert.notEqual(composed, decomposed);
  assert.equal(await hasher.verify(decomposed, await hasher.hash(composed)), true);
});

test('PasswordHasher verify of a malformed hash is false and still does the work', async () => {
  const hasher = createPasswordHasher(FAST);
  const good = await hasher.hash('pw');
  const [, , , , salt, key] = good.split('$');
  for (const bad of [
    '',
    'pw',
    'bcrypt$1024$8$1$x$y',
    `scrypt$1000$8$1$${salt}$${key}`,
    `scrypt$1024$0$1$${salt}$${key}`,
    `scrypt$1024$8$1$${salt}`,
    `scrypt$1024$8$1$${salt}$${key}$extra`,
    `scrypt$1024$8$1$${salt}$not+base64url`,
    `scrypt$1024$8$1$${salt}$AAAA`,
    `scrypt$2097152$8$1$${salt}$${key}`,
  ]) {
    const before = hasher.stats().completed;
    assert.equal(await hasher.verify('pw', bad), false, bad);
    assert.equal(hasher.stats().completed, before + 1);
  }
});

test('PasswordHasher verify compares with timingSafeEqual', async (t) => {
  const hasher = createPasswordHasher(FAST);
  const encoded = await hasher.hash('pw');
  const spy = t.mock.method(crypto, 'timingSafeEqual');
  syncBuiltinESMExports();
  t.after(() => {
    spy.mock.restore();
    syncBuiltinESMExports();
  });
  assert.equal(await hasher.verify('pw', encoded), true);
  assert.equal(await hasher.verify('wrong', encoded), false);
  assert.equal(await hasher.verifyDummy('pw'), false);
  assert.equal(spy.mock.callCount(), 3);
  for (const call of spy.mock.calls) {
    const [a, b] = call.arguments as [Buffer, Buffer];
    assert.equal(a.length, 64);
    assert.equal(b.length, 64);
  }
  assert.equal(spy.mock.calls[0]!.result, true);
  assert.equal(spy.mock.calls[1]!.result, false);
});

test('PasswordHasher verifyDummy resolves false after one hash worth of work', async () => {
  const hasher = createPasswordHasher(FAST);
  assert.equal(await hasher.verifyDummy('anything'), false);
  assert.equal(await hasher.verifyDummy(), false);
  assert.equal(hasher.stats().completed, 2);
});

test('PasswordHasher refuses calls beyond concurrency plus maxQueue as busy', async () => {
  const hasher = createPasswordHasher({ ...FAST, concurrency: 1, maxQueue: 1 });
  const first = hasher.hash('a');
  const second = hasher.verifyDummy('b');
  assert.deepEqual(hasher.stats(), { running: 1, queued: 1, completed: 0, rejected: 0 });
  await assert.rejects(hasher.hash('c'), isBusy);
  await assert.rejects(hasher.verify('c', 'scrypt$1024$8$1$x$y'), isBusy);
  await assert.rejects(hasher.verifyDummy('c'), isBusy);
  assert.equal(hasher.stats().rejected, 3);
  const encoded = await first;
  assert.equal(await second, false);
  // Drained: calls are accepted again.
  assert.equal(await hasher.verify('a', encoded), true);
  assert.deepEqual(hasher.stats(), { running: 0, queued: 0, completed: 3, rejected: 3 });
});

test('PasswordHasher runs at most concurrency hashes at once', async () => {
  const hasher = createPasswordHasher({ ...FAST, concurrency: 2, maxQueue: 10 });
  let maxRunning = 0;
  const calls = [0, 1, 2, 3, 4].map((i) =>
    hasher.hash(`p${i}`).then(() => {
      maxRunning = Math.max(maxRunning, hasher.stats().running);
    }),
  );
  assert.deepEqual(hasher.stats(), { running: 2, queued: 3, completed: 0, rejected: 0 });
  await Promise.all(calls);
  assert.ok(maxRunning <= 2);
  assert.deepEqual(hasher.stats(), { running: 0, queued: 0, completed: 5, rejected: 0 });
});

test('PasswordHasher starts queued work in arrival order', async () => {
  const hasher = createPasswordHasher({ ...FAST, concurrency: 1, maxQueue: 10 });
  const order: number[] = [];
  await Promise.all([0, 1, 2, 3, 4].map((i) => hasher.verifyDummy().then(() => order.push(i))));
  assert.deepEqual(order, [0, 1, 2, 3, 4]);
});

test('PasswordHasher with maxQueue 0 refuses everything past the running slots', async () => {
  const hasher = createPasswordHasher({ ...FAST, concurrency: 2, maxQueue: 0 });
  const a = hasher.verifyDummy();
  const b = hasher.verifyDummy();
  await assert.rejects(hasher.verifyDummy(), isBusy);
  await Promise.all([a, b]);
});

test('PasswordHasher rejects a non-string password without using a slot', async () => {
  const hasher = createPasswordHasher({ ...FAST, concurrency: 1, maxQueue: 0 });
  await assert.rejects(
    hasher.hash(42 as unknown as string),
    (e) => isNtError(e) && e.status === STATUS_INVALID_PARAMETER,
  );
  await assert.rejects(
    hasher.verify(null as unknown as string, 'x'),
    (e) => isNtError(e) && e.status === STATUS_INVALID_PARAMETER,
  );
  assert.equal(hasher.stats().completed, 0);
});

test('createPasswordHasher refuses parameters out of range', () => {
  assert.throws(() => createPasswordHasher({ N: 1000 }), RangeError);
  assert.throws(() => createPasswordHasher({ N: 1 }), RangeError);
  assert.throws(() => createPasswordHasher({ N: 2 ** 21 }), RangeError);
  assert.throws(() => createPasswordHasher({ r: 0 }), RangeError);
  assert.throws(() => createPasswordHasher({ p: 1.5 }), RangeError);
  assert.throws(() => createPasswordHasher({ keyLength: 8 }), RangeError);
  assert.throws(() => createPasswordHasher({ saltLength: 4 }), RangeError);
  assert.throws(() => createPasswordHasher({ concurrency: 0 }), RangeError);
  assert.throws(() => createPasswordHasher({ maxQueue: -1 }), RangeError);
});
