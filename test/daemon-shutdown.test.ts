/**
 * Graceful stop (issue 4): once `close()` starts, new connections are refused, requests in flight
 * finish with their answers, open event streams end, and the store closes; a busy password hasher
 * answers 503 with Retry-After.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ADMIN_PASSWORD, createUser, openSse, startTestDaemon } from './_daemon-harness.ts';

test('shutdown: a request in flight finishes, streams end, new requests are refused, the store closes', async () => {
  const t = await startTestDaemon({ config: { allowedPrograms: ['sh'], logoffGraceMs: 800 } });
  await createUser(t, 'gina', 'gina-pw');
  const open = await t.call('POST', '/v1/wts/sessions', { body: { userName: 'gina', password: 'gina-pw' } });
  const { token, sessionId } = open.body;
  // A program that ignores SIGTERM: the logoff waits the grace period, then kills it.
  const started = await t.call('POST', '/v1/wts/sessions/current/processes', {
    token,
    body: { program: 'sh', args: ['-c', 'trap "" TERM; sleep 30'] },
  });
  assert.equal(started.status, 201, started.text);
  const admin = await t.adminToken();
  const stream = await openSse(`${t.url}/v1/events`, admin);
  let answeredAt = 0;
  const logoff = t
    .call('POST', `/v1/wts/sessions/${sessionId}/logoff`, { token: admin, body: { wait: true } })
    .then((a) => {
      answeredAt = Date.now();
      return a;
    });
  await new Promise((r) => setTimeout(r, 150));
  const stopStarted = Date.now();
  const closing = t.close();
  await stream.ended;
  const answer = await logoff;
  assert.equal(answer.status, 200, 'the request in flight got its answer');
  assert.ok(answeredAt > stopStarted, `answered ${answeredAt - stopStarted} ms after the stop began`);
  assert.deepEqual(answer.body, { sessionId, completed: true });
  await closing;
  assert.ok(!t.logs.some((l) => l.includes('shutdown deadline')), 'nothing was cut off at the deadline');
  assert.ok(Date.now() - stopStarted < 5000, 'the stop did not wait for idle connections to time out');
  await assert.rejects(fetch(`${t.url}/healthz`), 'no new connections once stopped');
  await assert.rejects(
    t.daemon.system.store.read(() => 1),
    /closed/,
  );
});

test('busy password hasher: 503 STATUS_TOO_MANY_SESSIONS with Retry-After, not counted as a failed logon', async () => {
  const t = await startTestDaemon({
    config: {
      passwordHashing: { N: 16384, r: 8, p: 1, concurrency: 1, maxQueue: 0 },
      rateLimit: { windowMs: 60_000, perUser: 1, perAddress: 100 },
    },
  });
  try {
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        t.call('POST', '/v1/logon', { body: { userName: 'Administrator', password: ADMIN_PASSWORD } }),
      ),
    );
    const busy = answers.filter((a) => a.status === 503);
    assert.ok(busy.length > 0, `statuses ${answers.map((a) => a.status)}`);
    assert.equal(busy[0]!.body.title, 'STATUS_TOO_MANY_SESSIONS');
    assert.equal(busy[0]!.headers.get('retry-after'), '1');
    assert.ok(answers.some((a) => a.status === 201));
    assert.equal(
      (await t.call('POST', '/v1/logon', { body: { userName: 'Administrator', password: ADMIN_PASSWORD } }))
        .status,
      201,
      'busy answers are not failures',
    );
  } finally {
    await t.close();
  }
});
