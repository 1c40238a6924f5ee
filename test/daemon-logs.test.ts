/**
 * Structured logs (issue 4): one JSON line per request with method, route, status and duration,
 * and never an Authorization header, a password or a bearer secret, whatever the requests held;
 * nor does the event log hold any.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ADMIN_PASSWORD, startTestDaemon } from './_daemon-harness.ts';

test('daemon logs: one JSON line per request, with no password, secret or Authorization header', async () => {
  const t = await startTestDaemon({ env: { LOGOND_LOG_LEVEL: 'debug' } });
  const password = 'Correct-Horse-7731';
  const secrets: string[] = [];
  try {
    const admin = await t.adminToken();
    secrets.push(admin);
    assert.equal(
      (await t.call('POST', '/v1/users', { token: admin, body: { userName: 'erin', password } })).status,
      201,
    );
    const erin = await t.logon('erin', password);
    secrets.push(erin.token);
    await t.call('GET', '/v1/whoami', { token: erin.token });
    const dup = await t.call('POST', '/v1/tokens/duplicate', { token: erin.token, body: {} });
    secrets.push(dup.body.token);
    await t.call('POST', '/v1/logon', { body: { userName: 'erin', password: `${password}-wrong` } });
    await t.call('POST', '/v1/logon', { raw: `{"userName":"erin","password":"${password}"` });
    await t.call('POST', '/v1/logon', { body: { userName: 'erin', password, extra: password } });
    await t.call('POST', '/v1/users/erin/password', { token: admin, body: { password: `${password}-2` } });
    await t.call('GET', `/v1/whoami?token=${encodeURIComponent(erin.token)}`, { token: erin.token });
    await t.call('GET', '/v1/logon-sessions', { token: `${erin.token}x` });
    await t.call('DELETE', `/v1/tokens/${erin.token}`, { token: erin.token });
    await t.call('GET', `/v1/users/${password}`, { token: admin });
    await t.call('DELETE', '/v1/tokens/current', { token: dup.body.token });
    await t.call('GET', '/v1/whoami', { token: dup.body.token });
    const events = await t.call('GET', '/v1/events/log?after=0&limit=1000', { token: secrets[0]! });
    assert.ok(events.body.events.length >= 5);
    for (const secret of [password, ADMIN_PASSWORD, ...secrets])
      assert.ok(!events.text.includes(secret), 'events carry no secret');
  } finally {
    await t.close();
  }
  const text = t.logs.join('\n');
  for (const s of [password, ADMIN_PASSWORD, ...secrets])
    assert.ok(!text.includes(s), `the log holds ${s.slice(0, 6)}…`);
  assert.ok(!/authorization|bearer/i.test(text), 'no Authorization header in the log');
  const requests = t.logs
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((l) => l['msg'] === 'request');
  assert.ok(requests.length >= 12, `${requests.length} request lines`);
  for (const r of requests) {
    assert.equal(typeof r['method'], 'string');
    assert.equal(typeof r['route'], 'string');
    assert.equal(typeof r['status'], 'number');
    assert.equal(typeof r['ms'], 'number');
    assert.equal(typeof r['time'], 'string');
  }
  assert.ok(requests.some((r) => r['route'] === '/v1/logon' && r['status'] === 401));
});
