import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createScriptedPackage } from '../lsa/_test-package.ts';
import { createSystem } from '../system.ts';
import { TokenCache } from './token-cache.ts';

async function setup() {
  const system = await createSystem({
    packages: [createScriptedPackage('Scripted')],
    passwordHashing: { N: 1024, r: 1, p: 1 },
  });
  const logon = await system.lsa.logonUser({
    package: 'Scripted',
    logonType: 3,
    authenticationInformation: { UserName: 'u' },
    bearer: true,
  });
  return { system, secret: logon.secret!, handle: logon.handle! };
}

test('TokenCache answers a known token from the cache while its handle lives', async () => {
  const { system, secret } = await setup();
  const cache = new TokenCache(system.kernel);
  const first = await cache.authenticate(secret);
  const second = await cache.authenticate(secret);
  assert.ok(first !== undefined);
  assert.equal(second, first);
  assert.deepEqual([cache.misses, cache.hits], [1, 1]);
  assert.equal(await cache.authenticate(`${secret.slice(0, -1)}x`), undefined, 'a forged secret');
  await system.close();
});

test('TokenCache refuses a token whose handle was closed by anyone, at once', async () => {
  const { system, secret, handle } = await setup();
  const cache = new TokenCache(system.kernel);
  assert.ok((await cache.authenticate(secret)) !== undefined);
  cache.setWhoami((await cache.authenticate(secret))!, '{}');
  // Closed behind the cache's back (as a logoff or the Win32 API would).
  await system.kernel.closeHandle(handle);
  assert.equal(await cache.authenticate(secret), undefined);
  assert.equal(cache.size, 0);
  await system.close();
});

test('TokenCache keeps at most `max` entries and drops derived answers on demand', async () => {
  const { system, secret } = await setup();
  const cache = new TokenCache(system.kernel, 1);
  const entry = (await cache.authenticate(secret))!;
  cache.setWhoami(entry, '{"a":1}');
  assert.equal(cache.whoamiOf(entry), '{"a":1}');
  cache.clearViews();
  assert.equal(cache.whoamiOf(entry), undefined);
  cache.forget(entry);
  assert.equal(cache.size, 0);
  await cache.authenticate(secret);
  const other = await system.lsa.logonUser({
    package: 'Scripted',
    logonType: 3,
    authenticationInformation: { UserName: 'v' },
    bearer: true,
  });
  await cache.authenticate(other.secret!);
  assert.equal(cache.size, 1);
  await system.close();
});
