import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createScriptedPackage } from '../lsa/_test-package.ts';
import { MemoryStore } from '../store/memory/memory-store.ts';
import { createSystem } from '../system.ts';
import { watchHandleDeletions } from './handle-watch.ts';
import { type Revocation, TokenCache } from './token-cache.ts';

/** A system whose store reports closed handles to the cache it returns. */
async function setup(revocation: Revocation, max?: number) {
  let cache: TokenCache | undefined;
  const store = watchHandleDeletions(new MemoryStore(), (ids) => cache?.revoke(ids));
  const system = await createSystem({
    store,
    packages: [createScriptedPackage('Scripted')],
    passwordHashing: { N: 1024, r: 1, p: 1 },
  });
  cache = new TokenCache(system.kernel, { revocation, ...(max === undefined ? {} : { max }) });
  const logon = (user = 'u') =>
    system.lsa.logonUser({
      package: 'Scripted',
      logonType: 3,
      authenticationInformation: { UserName: user },
      bearer: true,
    });
  const first = await logon();
  return { system, cache, logon, secret: first.secret!, handle: first.handle! };
}

for (const revocation of ['watched', 'checked'] as const) {
  test(`TokenCache (${revocation}) answers a known token from the cache while its handle lives`, async () => {
    const { system, cache, secret } = await setup(revocation);
    const first = await cache.authenticate(secret);
    assert.ok(first !== undefined);
    assert.equal(await cache.authenticate(secret), first);
    assert.deepEqual([cache.misses, cache.hits], [1, 1]);
    assert.equal(await cache.authenticate(`${secret.slice(0, -1)}x`), undefined, 'a forged secret');
    await system.close();
  });

  test(`TokenCache (${revocation}) refuses a token at once when anyone closes its handle`, async () => {
    const { system, cache, secret, handle } = await setup(revocation);
    assert.ok((await cache.authenticate(secret)) !== undefined);
    // Closed behind the daemon's back, as a logoff or the Win32 API would.
    await system.kernel.closeHandle(handle);
    assert.equal(await cache.authenticate(secret), undefined);
    assert.equal(cache.size, 0);
    await system.close();
  });
}

test('TokenCache keeps at most `max` entries and drops derived answers on demand', async () => {
  const { system, cache, secret, logon } = await setup('watched', 1);
  const entry = (await cache.authenticate(secret))!;
  cache.setWhoami(entry, '{"a":1}');
  assert.equal(cache.whoamiOf(entry), '{"a":1}');
  cache.clearViews();
  assert.equal(cache.whoamiOf(entry), undefined);
  await cache.authenticate((await logon('v')).secret!);
  assert.equal(cache.size, 1);
  assert.equal(cache.misses, 2);
  await cache.authenticate(secret);
  assert.equal(cache.misses, 3, 'the oldest entry went');
  await system.close();
});
