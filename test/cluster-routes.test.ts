/**
 * The cluster routes on a daemon of its own (SQLite, no PostgreSQL needed): the internal forward
 * route checks its input and the sending host's key and never logs the key; it is not in the
 * OpenAPI document; GET /v1/hosts lists the daemon's own host.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { hashHostKey } from '../src/wts/host-registry.ts';
import { startTestDaemon, type TestDaemon } from './_daemon-harness.ts';

const KEY = 'S3cretHostKey-abcdefghijklmnopqrstuvwxyz012';
let d: TestDaemon;

before(async () => {
  d = await startTestDaemon({ config: { hostName: 'solo' } });
});
after(() => d.close());

test('POST /v1/cluster/forward needs a LogondHost authorization and a well-formed call', async () => {
  const call = { callerHandle: 0, call: { op: 'reset', session: 2 } };
  const none = await d.call('POST', '/v1/cluster/forward', { body: call });
  assert.equal(none.status, 403);
  assert.equal(none.body.ntstatus, '0xC0000022');
  const bearer = await d.call('POST', '/v1/cluster/forward', {
    body: call,
    token: await d.adminToken(),
  });
  assert.equal(bearer.status, 403, 'a bearer token is not a host key');
  const auth = { authorization: `LogondHost elsewhere ${KEY}` };
  for (const body of [
    { callerHandle: 0, call: { op: 'format-disk', session: 2 } },
    { callerHandle: -1, call: { op: 'reset', session: 2 } },
    { callerHandle: 0, call: { op: 'reset', session: 2, extra: 1 } },
    { callerHandle: 0, call: { op: 'startProgram', session: 2, program: '', args: [] } },
  ]) {
    const r = await d.call('POST', '/v1/cluster/forward', { body, headers: auth });
    assert.equal(r.status, 400, JSON.stringify(body));
  }
  // Well-formed, from a host with no key registered here: refused by the engine.
  const unknown = await d.call('POST', '/v1/cluster/forward', { body: call, headers: auth });
  assert.equal(unknown.status, 200);
  assert.equal(unknown.body.status, 0xc0000022);
  assert.ok(!d.logs.some((l) => l.includes(KEY)), 'the host key is never logged');
});

test('the forward route is internal: not in the OpenAPI document; GET /v1/hosts and ?server= are', async () => {
  const doc = await d.call('GET', '/openapi.json');
  assert.equal(doc.body.paths['/v1/cluster/forward'], undefined);
  assert.equal(doc.body.paths['/v1/cluster/revoke'], undefined);
  assert.ok(doc.body.paths['/v1/hosts']);
  const params = doc.body.paths['/v1/wts/sessions/{id}/logoff'].post.parameters.map(
    (p: { name: string }) => p.name,
  );
  assert.deepEqual(params, ['id', 'server']);
  const hosts = await d.call('GET', '/v1/hosts', { token: await d.adminToken() });
  assert.equal(hosts.status, 200);
  assert.equal(hosts.body.self, 'solo');
  assert.deepEqual(
    hosts.body.hosts.map((h: { name: string; up: boolean; self: boolean }) => [h.name, h.up, h.self]),
    [['solo', true, true]],
  );
  const own = await d.call('GET', '/v1/wts/sessions?server=SOLO', { token: await d.adminToken() });
  assert.equal(own.status, 200);
  assert.equal(own.body.server, 'solo');
  const all = await d.call('GET', '/v1/wts/sessions?server=*', { token: await d.adminToken() });
  assert.equal(all.status, 200);
  assert.equal(all.body.server, '*');
  assert.equal((await d.call('GET', '/v1/hosts')).status, 401);
});

test('POST /v1/cluster/revoke drops closed handles from the cache, only for a registered host with its key', async () => {
  // A peer registered in the store with the SHA-256 of its key, as a cluster daemon registers itself.
  await d.daemon.system.store.transact((tx) =>
    tx.put('hosts', {
      name: 'peer',
      address: 'http://127.0.0.1:9',
      heartbeatAt: 0,
      startedAt: 0,
      keyHash: hashHostKey(KEY),
    } as never),
  );
  const token = await d.adminToken();
  assert.equal((await d.call('GET', '/v1/whoami', { token })).status, 200, 'cached now');
  const handle = Number.parseInt(token.split('_')[1]!, 36);
  const body = { handles: [handle] };
  const none = await d.call('POST', '/v1/cluster/revoke', { body });
  assert.equal(none.status, 403);
  const wrong = await d.call('POST', '/v1/cluster/revoke', {
    body,
    headers: { authorization: `LogondHost peer ${KEY.slice(0, -1)}X` },
  });
  assert.equal(wrong.status, 403, 'a wrong key');
  const auth = { authorization: `LogondHost peer ${KEY}` };
  for (const bad of [{ handles: [] }, { handles: [0] }, { handles: ['1'] }, { handles: [1], extra: 1 }, {}]) {
    const r = await d.call('POST', '/v1/cluster/revoke', { body: bad, headers: auth });
    assert.equal(r.status, 400, JSON.stringify(bad));
  }
  const first = await d.call('POST', '/v1/cluster/revoke', { body, headers: auth });
  assert.equal(first.status, 200);
  assert.equal(first.body.revoked, 1, 'the cached token was dropped');
  const again = await d.call('POST', '/v1/cluster/revoke', { body, headers: auth });
  assert.equal(again.body.revoked, 0, 'nothing cached any more');
  // The handle is open in the store: the next request reads it again.
  assert.equal((await d.call('GET', '/v1/whoami', { token })).status, 200);
  assert.ok(!d.logs.some((l) => l.includes(KEY)), 'the host key is never logged');
});
