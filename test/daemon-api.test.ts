/**
 * The daemon end to end over real HTTP (issue 4): logon → whoami → duplicate → holders → close →
 * the cascade's `logon-session.terminated` over SSE; admin bootstrap; administrators' routes;
 * failed-logon limits; OpenAPI, health and metrics.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ADMIN_PASSWORD, createUser, openSse, startTestDaemon, type TestDaemon } from './_daemon-harness.ts';

let t: TestDaemon;
before(async () => {
  t = await startTestDaemon({ config: { rateLimit: { windowMs: 60_000, perUser: 3, perAddress: 1000 } } });
  await createUser(t, 'alice', 'alice-pw');
  await createUser(t, 'bob', 'bob-pw');
});
after(() => t.close());

test('daemon: logon, whoami, duplicate, holders, close; the termination arrives over SSE', async () => {
  const admin = await t.adminToken();
  const stream = await openSse(`${t.url}/v1/events?types=logon-session.`, admin);
  const logon = await t.call('POST', '/v1/logon', {
    body: { userName: 'alice', password: 'alice-pw', logonType: 'Interactive' },
  });
  assert.equal(logon.status, 201);
  assert.match(logon.body.token, /^lgd_/);
  assert.match(logon.body.logonId, /^0x0:0x[0-9a-f]+$/);
  assert.equal(logon.body.logonType, 'Interactive');
  assert.equal(logon.body.tokenType, 'primary');
  const { token, logonId, handle } = logon.body;
  const created = await stream.next(
    (e) =>
      e.event === 'logon-session.created' &&
      (e.data as { data: { logonId: string } }).data.logonId === logonId,
  );
  assert.equal((created.data as { type: string }).type, 'logon-session.created');

  const who = await t.call('GET', '/v1/whoami', { token });
  assert.equal(who.status, 200);
  assert.equal(who.body.userName, 'alice');
  assert.equal(who.body.logonId, logonId);
  assert.equal(who.body.handle, handle);
  assert.equal(who.body.administrator, false);
  assert.ok(who.body.groups.some((g: { name: string }) => g.name === 'NT AUTHORITY\\INTERACTIVE'));

  const dup = await t.call('POST', '/v1/tokens/duplicate', {
    token,
    body: { tokenType: 'impersonation', impersonationLevel: 3 },
  });
  assert.equal(dup.status, 201);
  assert.equal(dup.body.logonId, logonId);
  assert.notEqual(dup.body.token, token);

  const holders = await t.call('GET', `/v1/logon-sessions/${logonId}/holders`, { token });
  assert.equal(holders.status, 200);
  assert.deepEqual(
    holders.body.holders.map((h: { tokenType: string; handles: unknown[] }) => [
      h.tokenType,
      h.handles.length,
    ]),
    [
      ['primary', 1],
      ['impersonation', 1],
    ],
  );
  const session = await t.call('GET', `/v1/logon-sessions/${logonId}`, { token: dup.body.token });
  assert.equal(session.body.referenceCount, 2);

  assert.equal((await t.call('DELETE', '/v1/tokens/current', { token })).status, 204);
  assert.equal((await t.call('GET', '/v1/whoami', { token })).status, 401, 'a closed token is refused');
  assert.equal(
    (await t.call('GET', '/v1/whoami', { token: dup.body.token })).status,
    200,
    'the duplicate lives on',
  );
  assert.equal(
    (await t.call('DELETE', `/v1/tokens/${dup.body.handle}`, { token: dup.body.token })).status,
    204,
  );

  const terminated = await stream.next(
    (e) =>
      e.event === 'logon-session.terminated' &&
      (e.data as { data: { logonId: string } }).data.logonId === logonId,
  );
  assert.ok(Number(terminated.id) > Number(created.id));
  assert.equal((await t.call('GET', `/v1/logon-sessions/${logonId}`, { token: admin })).status, 404);
  stream.close();
});

test('daemon: SSE replays from Last-Event-ID, then goes live, filtered by type', async () => {
  const admin = await t.adminToken();
  const log = await t.call('GET', '/v1/events/log?after=0&limit=1000', { token: admin });
  const created = log.body.events.filter((e: { type: string }) => e.type === 'logon-session.created');
  assert.ok(created.length >= 2);
  const from = created[0].seq as number;
  const stream = await openSse(`${t.url}/v1/events?types=logon-session.created`, admin, {
    'last-event-id': String(from),
  });
  const replayed = await stream.next();
  assert.equal(replayed.id, String(created[1].seq), 'the next created event after the cursor');
  const { logonId } = await t.logon('bob', 'bob-pw');
  const live = await stream.next((e) => (e.data as { data: { logonId: string } }).data.logonId === logonId);
  assert.equal(live.event, 'logon-session.created');
  stream.close();
  const ahead = await openSse(`${t.url}/v1/events?types=logon-session.created`, admin, {
    'last-event-id': '999999999',
  });
  const next = await t.logon('bob', 'bob-pw');
  const seen = await ahead.next();
  assert.equal(
    (seen.data as { data: { logonId: string } }).data.logonId,
    next.logonId,
    'a cursor past the log starts from now',
  );
  ahead.close();
});

test('daemon: a stream opens with the id it starts after, beats, and ends when its token is closed', async () => {
  const u = await startTestDaemon({ config: { heartbeatMs: 100 } });
  try {
    const { token } = await u.logon('Administrator', ADMIN_PASSWORD);
    const last = (await u.call('GET', '/healthz')).body.store.lastEventSeq as number;
    const stream = await openSse(`${u.url}/v1/events`, token);
    for (let i = 0; i < 50 && stream.comments.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(stream.lastEventId, String(last), 'the opening id-only frame names the cursor');
    assert.ok(stream.comments.includes('heartbeat'));
    const metrics = await u.call('GET', '/metrics');
    assert.match(metrics.text, /logond_sse_subscribers 1/);
    assert.equal((await u.call('DELETE', '/v1/tokens/current', { token })).status, 204);
    await stream.ended;
    assert.match((await u.call('GET', '/metrics')).text, /logond_sse_subscribers 0/);
  } finally {
    await u.close();
  }
});

test('daemon: the first start created Administrator, a member of Administrators; a restart creates no other', async () => {
  const admin = await t.adminToken();
  const who = await t.call('GET', '/v1/whoami', { token: admin });
  assert.equal(who.body.userName, 'Administrator');
  assert.equal(who.body.administrator, true);
  assert.deepEqual(t.printed, [], 'a configured password is not printed');

  const fresh = await startTestDaemon({ env: { LOGOND_ADMIN_PASSWORD: '' } });
  try {
    assert.equal(fresh.printed.length, 1);
    const m = /^Administrator password: (\S+)\n$/.exec(fresh.printed[0]!);
    assert.ok(m, fresh.printed[0]);
    const password = m[1]!;
    assert.equal(
      (await fresh.call('POST', '/v1/logon', { body: { userName: 'Administrator', password } })).status,
      201,
    );
    assert.ok(!fresh.logs.some((l) => l.includes(password)), 'the generated password is never logged');
    const dir = fresh.dataDir;
    await fresh.close();
    const again = await startTestDaemon({ dataDir: dir, env: { LOGOND_ADMIN_PASSWORD: '' } });
    assert.deepEqual(again.printed, [], 'printed once: the second start has an administrator already');
    const users = await again.call('GET', '/v1/users', {
      token: (await again.logon('Administrator', password)).token,
    });
    assert.deepEqual(
      users.body.users.map((u: { userName: string }) => u.userName),
      ['Administrator'],
    );
    await again.close();
  } finally {
    await fresh.close();
  }
});

test("daemon: non-administrators are refused on administrators' routes, and see only their own", async () => {
  const alice = await t.logon('alice', 'alice-pw');
  const bob = await t.logon('bob', 'bob-pw');
  const refused: [string, string, unknown?][] = [
    ['GET', '/v1/users'],
    ['POST', '/v1/users', { userName: 'mallory', password: 'x' }],
    ['PATCH', '/v1/users/bob', { disabled: true }],
    ['DELETE', '/v1/users/bob'],
    ['GET', '/v1/users/bob'],
    ['POST', '/v1/users/bob/password', { password: 'taken-over' }],
    ['GET', '/v1/groups'],
    ['POST', '/v1/groups', { name: 'Crew' }],
    ['POST', '/v1/groups/Administrators/members', { userName: 'alice' }],
    ['DELETE', '/v1/groups/Users/members/bob'],
    ['GET', '/v1/termination-routines'],
    ['GET', `/v1/logon-sessions/${bob.logonId}`],
    ['GET', `/v1/logon-sessions/${bob.logonId}/holders`],
    ['DELETE', `/v1/tokens/${bob.handle}`],
  ];
  const before = await t.snapshot();
  for (const [method, path, body] of refused) {
    const a = await t.call(method, path, { token: alice.token, ...(body === undefined ? {} : { body }) });
    assert.equal(a.status, 403, `${method} ${path}: ${a.text}`);
    assert.equal(a.body.title, 'STATUS_ACCESS_DENIED');
    assert.equal(a.body.win32, 5);
  }
  assert.deepEqual(await t.snapshot(), before, 'nothing changed');
  const own = await t.call('GET', '/v1/users/alice', { token: alice.token });
  assert.equal(own.status, 200);
  assert.equal(own.body.userName, 'alice');
  assert.equal(own.body.passwordHash, undefined);
  const sessions = await t.call('GET', '/v1/logon-sessions', { token: alice.token });
  assert.ok(sessions.body.sessions.length >= 1);
  assert.ok(sessions.body.sessions.every((s: { userName: string }) => s.userName === 'alice'));
  assert.equal(
    (await t.call('POST', '/v1/users/alice/password', { token: alice.token, body: { password: 'alice-pw' } }))
      .status,
    204,
    'a user sets their own password',
  );
});

test('daemon: a token closed by someone else, or inside the engine, is refused at once', async () => {
  const bob = await t.logon('bob', 'bob-pw');
  assert.equal((await t.call('GET', '/v1/whoami', { token: bob.token })).status, 200, 'cached now');
  assert.equal(
    (await t.call('DELETE', `/v1/tokens/${bob.handle}`, { token: await t.adminToken() })).status,
    204,
  );
  assert.equal((await t.call('GET', '/v1/whoami', { token: bob.token })).status, 401);
  const other = await t.logon('bob', 'bob-pw');
  assert.equal((await t.call('GET', '/v1/whoami', { token: other.token })).status, 200);
  // Closed inside the engine, not through a route.
  await t.daemon.system.kernel.closeHandle(other.handle);
  assert.equal((await t.call('GET', '/v1/whoami', { token: other.token })).status, 401);
});

test('daemon: administrators manage users and groups', async () => {
  const admin = await t.adminToken();
  const created = await t.call('POST', '/v1/users', {
    token: admin,
    body: { userName: 'carol', password: 'carol-pw', fullName: 'Carol', groups: ['Remote Desktop Users'] },
  });
  assert.equal(created.status, 201);
  assert.deepEqual(
    created.body.groups.map((g: { name: string }) => g.name),
    ['Users', 'Remote Desktop Users'],
  );
  assert.equal(
    (await t.call('POST', '/v1/users', { token: admin, body: { userName: 'CAROL', password: 'x' } })).status,
    409,
  );
  const patched = await t.call('PATCH', '/v1/users/carol', {
    token: admin,
    body: { disabled: true, passwordExpires: '2030-01-01T00:00:00.000Z' },
  });
  assert.equal(patched.status, 200);
  assert.equal(patched.body.disabled, true);
  assert.equal(patched.body.passwordExpires, '2030-01-01T00:00:00.000Z');
  const refused = await t.call('POST', '/v1/logon', { body: { userName: 'carol', password: 'carol-pw' } });
  assert.equal(refused.status, 401);
  assert.equal(refused.body.title, 'STATUS_ACCOUNT_RESTRICTION');
  assert.equal(refused.body.subStatus, '0xC0000072');
  assert.equal(
    (await t.call('POST', '/v1/groups', { token: admin, body: { name: 'Operators', description: 'ops' } }))
      .status,
    201,
  );
  assert.equal(
    (await t.call('POST', '/v1/groups/Operators/members', { token: admin, body: { userName: 'carol' } }))
      .status,
    204,
  );
  const groups = await t.call('GET', '/v1/groups', { token: admin });
  assert.deepEqual(groups.body.groups.find((g: { name: string }) => g.name === 'Operators').members, [
    'carol',
  ]);
  assert.equal((await t.call('DELETE', '/v1/groups/Operators/members/carol', { token: admin })).status, 204);
  assert.equal((await t.call('DELETE', '/v1/users/carol', { token: admin })).status, 204);
  assert.equal((await t.call('GET', '/v1/users/carol', { token: admin })).status, 404);
});

test('daemon: failed logons are limited per user name; other users are not affected', async () => {
  await createUser(t, 'dave', 'dave-pw');
  for (let i = 0; i < 3; i++)
    assert.equal(
      (await t.call('POST', '/v1/logon', { body: { userName: 'dave', password: 'wrong' } })).status,
      401,
    );
  const limited = await t.call('POST', '/v1/logon', { body: { userName: 'DAVE', password: 'dave-pw' } });
  assert.equal(limited.status, 429);
  assert.equal(limited.body.title, 'STATUS_ACCOUNT_LOCKED_OUT');
  assert.equal(limited.body.ntstatus, '0xC0000234');
  assert.ok(Number(limited.headers.get('retry-after')) > 0);
  assert.equal(
    (await t.call('POST', '/v1/logon', { body: { userName: 'bob', password: 'bob-pw' } })).status,
    201,
    'bob is not affected',
  );
  const metrics = await t.call('GET', '/metrics');
  assert.match(metrics.text, /logond_logons_total\{status="STATUS_ACCOUNT_LOCKED_OUT"\} 1/);
});

test('daemon: failed logons are limited per client address', async () => {
  const u = await startTestDaemon({
    config: { rateLimit: { windowMs: 60_000, perUser: 100, perAddress: 4 } },
  });
  try {
    for (let i = 0; i < 4; i++)
      assert.equal(
        (await u.call('POST', '/v1/logon', { body: { userName: `nobody${i}`, password: 'x' } })).status,
        401,
      );
    const limited = await u.call('POST', '/v1/logon', {
      body: { userName: 'Administrator', password: ADMIN_PASSWORD },
    });
    assert.equal(limited.status, 429);
    assert.match(limited.body.detail, /address/);
  } finally {
    await u.close();
  }
});

test('daemon: behind a trusted proxy, X-Forwarded-For names the client (audit and limits)', async () => {
  const u = await startTestDaemon({
    config: { trustProxy: ['127.0.0.1'], rateLimit: { windowMs: 60_000, perUser: 100, perAddress: 2 } },
  });
  try {
    const via = (address: string, password: string) =>
      u.call('POST', '/v1/logon', {
        body: { userName: 'Administrator', password },
        headers: { 'x-forwarded-for': address },
      });
    assert.equal((await via('203.0.113.7', ADMIN_PASSWORD)).status, 201);
    const log = await u.call('GET', '/v1/events/log?types=logon-session.created', {
      token: await u.adminToken(),
    });
    assert.equal(log.body.events[0].data.clientAddress, '203.0.113.7');
    for (let i = 0; i < 2; i++) assert.equal((await via('203.0.113.8', 'wrong')).status, 401);
    assert.equal((await via('203.0.113.8', ADMIN_PASSWORD)).status, 429, 'that client is over its limit');
    assert.equal(
      (await via('203.0.113.9', ADMIN_PASSWORD)).status,
      201,
      'another client behind the same proxy is not',
    );
  } finally {
    await u.close();
  }
});

test('daemon: healthz, metrics and openapi answer without a token', async () => {
  const health = await t.call('GET', '/healthz');
  assert.equal(health.status, 200);
  assert.equal(health.body.status, 'ok');
  assert.equal(health.body.store.kind, 'sqlite');
  const metrics = await t.call('GET', '/metrics');
  assert.match(metrics.headers.get('content-type') ?? '', /^text\/plain/);
  for (const name of [
    'logond_logon_sessions{phase="active"}',
    'logond_cascades_completed_total',
    'logond_http_request_duration_seconds_bucket',
    'logond_sse_subscribers',
    'logond_logons_total{status="STATUS_SUCCESS"}',
  ]) {
    assert.ok(metrics.text.includes(name), name);
  }
  const openapi = await t.call('GET', '/openapi.json');
  assert.equal(openapi.body.openapi, '3.1.0');
  assert.ok(openapi.body.paths['/v1/logon-sessions/{luid}/holders'].get);
  assert.equal(
    openapi.body.paths['/v1/logon'].post.requestBody.content['application/json'].schema.additionalProperties,
    false,
  );
});
