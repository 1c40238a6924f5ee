/**
 * Terminal sessions through the daemon (issue 4): logon to a session, enumerate and query it,
 * run a real program in it, disconnect and reconnect, log off with wait (the program ends), the
 * cascade after the last token closes, per-session permissions, and bad input.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createUser, openSse, startTestDaemon, type TestDaemon } from './_daemon-harness.ts';

let t: TestDaemon;
before(async () => {
  t = await startTestDaemon({ config: { allowedPrograms: ['sleep'], logoffGraceMs: 2000 } });
  await createUser(t, 'wendy', 'wendy-pw');
  await createUser(t, 'victor', 'victor-pw');
});
after(() => t.close());

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('wts: logon, query, run, disconnect, reconnect, logoff with wait, then the logon session ends', async () => {
  const admin = await t.adminToken();
  const events = await openSse(`${t.url}/v1/events?types=wts.,logon-session.terminated`, admin);
  const open = await t.call('POST', '/v1/wts/sessions', {
    body: { userName: 'wendy', password: 'wendy-pw', clientName: 'LAPTOP-7' },
  });
  assert.equal(open.status, 201, open.text);
  const { sessionId, token, logonId } = open.body;
  assert.equal(open.body.reconnected, false);
  assert.ok(sessionId >= 1);

  const list = await t.call('GET', '/v1/wts/sessions', { token });
  assert.equal(list.status, 200);
  assert.equal(list.body.server, t.daemon.system.host);
  const mine = list.body.sessions.find((s: { sessionId: number }) => s.sessionId === sessionId);
  assert.equal(mine.userName, 'wendy');
  assert.equal(mine.current, true);
  assert.equal(mine.stateName, 'WTSActive');
  const current = await t.call('GET', '/v1/wts/sessions/current', { token });
  assert.equal(current.body.sessionId, sessionId);
  assert.equal(current.body.clientName, 'LAPTOP-7');
  assert.equal(current.body.logonId, logonId);

  const started = await t.call('POST', '/v1/wts/sessions/current/processes', {
    token,
    body: { program: 'sleep', args: ['30'] },
  });
  assert.equal(started.status, 201, started.text);
  const { pid } = started.body;
  assert.ok(isAlive(pid));
  const processes = await t.call('GET', `/v1/wts/sessions/${sessionId}/processes`, { token });
  assert.ok(
    processes.body.processes.some(
      (p: { pid: number; program: string }) => p.pid === pid && p.program === 'sleep',
    ),
  );
  const refused = await t.call('POST', '/v1/wts/sessions/current/processes', {
    token,
    body: { program: 'sh', args: ['-c', 'id'] },
  });
  assert.equal(refused.status, 403, 'a program not on the allowed list');

  const disconnected = await t.call('POST', `/v1/wts/sessions/${sessionId}/disconnect`, { token, body: {} });
  assert.deepEqual(disconnected.body, { sessionId, state: 4, stateName: 'WTSDisconnected' });
  const again = await t.call('POST', '/v1/wts/sessions', {
    body: { userName: 'wendy', password: 'wendy-pw' },
  });
  assert.equal(again.status, 201);
  assert.equal(again.body.reconnected, true);
  assert.equal(again.body.sessionId, sessionId);

  const other = await t.logon('victor', 'victor-pw');
  assert.equal(
    (await t.call('POST', `/v1/wts/sessions/${sessionId}/logoff`, { token: other.token, body: {} })).status,
    403,
  );
  assert.equal(
    (await t.call('GET', `/v1/wts/sessions/${sessionId}/processes`, { token: other.token })).status,
    403,
  );

  const logoff = await t.call('POST', `/v1/wts/sessions/${sessionId}/logoff`, {
    token: admin,
    body: { wait: true },
  });
  assert.equal(logoff.status, 200, logoff.text);
  assert.deepEqual(logoff.body, { sessionId, completed: true });
  assert.equal(isAlive(pid), false, 'the program ended with the logoff');
  assert.equal((await t.call('GET', `/v1/wts/sessions/${sessionId}`, { token: admin })).status, 404);
  await events.next((e) => e.event === 'wts.logoff');
  // The caller's bearer handles still hold the logon session; closing them ends it.
  assert.equal((await t.call('DELETE', '/v1/tokens/current', { token })).status, 204);
  assert.equal((await t.call('DELETE', '/v1/tokens/current', { token: again.body.token })).status, 204);
  const terminated = await events.next((e) => e.event === 'logon-session.terminated');
  assert.equal((terminated.data as { data: { logonId: string } }).data.logonId, logonId);
  events.close();
  const metrics = await t.call('GET', '/metrics');
  assert.match(metrics.text, /logond_wts_sessions\{state="WTSListen"\} 1/);
});

test('wts: logoff without wait answers 202; reset of a session nobody may touch is refused', async () => {
  const open = await t.call('POST', '/v1/wts/sessions', {
    body: { userName: 'victor', password: 'victor-pw' },
  });
  assert.equal(open.status, 201);
  const { sessionId, token } = open.body;
  const wendy = await t.logon('wendy', 'wendy-pw');
  assert.equal(
    (await t.call('POST', `/v1/wts/sessions/${sessionId}/reset`, { token: wendy.token })).status,
    403,
  );
  const accepted = await t.call('POST', '/v1/wts/sessions/current/logoff', { token, body: { wait: false } });
  assert.equal(accepted.status, 202);
  assert.deepEqual(accepted.body, { sessionId, completed: false });
  await t.daemon.system.wts.settled();
  assert.equal(
    (await t.call('GET', `/v1/wts/sessions/${sessionId}`, { token: await t.adminToken() })).status,
    404,
  );
});

test('wts: bad input gets a 4xx problem and changes nothing', async () => {
  const wendy = await t.logon('wendy', 'wendy-pw');
  const admin = await t.adminToken();
  const before = await t.snapshot();
  const cases: [string, string, { body?: unknown; token?: string }, number][] = [
    ['GET', '/v1/wts/sessions', {}, 401],
    ['GET', '/v1/wts/sessions?server=elsewhere', { token: admin }, 404],
    ['GET', '/v1/wts/sessions?host=x', { token: admin }, 400],
    ['GET', '/v1/wts/sessions/abc', { token: admin }, 400],
    ['GET', '/v1/wts/sessions/99999', { token: admin }, 404],
    ['GET', '/v1/wts/sessions/99999999999', { token: admin }, 400],
    ['POST', '/v1/wts/sessions', { body: { userName: 'wendy' } }, 400],
    ['POST', '/v1/wts/sessions', { body: { userName: 'wendy', password: 'wendy-pw', station: 'ICA' } }, 400],
    [
      'POST',
      '/v1/wts/sessions',
      { body: { userName: 'wendy', password: 'wendy-pw', resolution: '4k' } },
      400,
    ],
    [
      'POST',
      '/v1/wts/sessions',
      { body: { userName: 'wendy', password: 'wendy-pw', clientAddress: 'not an address' } },
      400,
    ],
    ['POST', '/v1/wts/sessions/99999/logoff', { token: admin, body: {} }, 404],
    ['POST', '/v1/wts/sessions/1/logoff', { token: admin, body: { wait: 'yes' } }, 400],
    ['POST', '/v1/wts/sessions/1/disconnect', { token: admin, body: { now: true } }, 400],
    ['POST', '/v1/wts/sessions/99999/reset', { token: admin }, 404],
    ['GET', '/v1/wts/sessions/x1/processes', { token: admin }, 400],
    ['GET', '/v1/wts/sessions/99999/processes', { token: admin }, 404],
    [
      'POST',
      '/v1/wts/sessions/current/processes',
      { token: wendy.token, body: { program: 'sleep', args: ['x'.repeat(70_000)] } },
      413,
    ],
    ['POST', '/v1/wts/sessions', { body: { userName: 'wendy', password: 'x'.repeat(70_000) } }, 413],
    ['POST', '/v1/wts/sessions/current/processes', { token: wendy.token, body: { program: '' } }, 400],
    [
      'POST',
      '/v1/wts/sessions/current/processes',
      { token: wendy.token, body: { program: 'sleep', args: [1] } },
      400,
    ],
    [
      'POST',
      '/v1/wts/sessions/current/processes',
      { token: wendy.token, body: { program: 'sleep', args: ['1'], cwd: '/' } },
      400,
    ],
  ];
  for (const [method, path, options, expected] of cases) {
    const a = await t.call(method, path, options);
    assert.equal(a.status, expected, `${method} ${path} ${JSON.stringify(options.body)}: ${a.text}`);
    assert.match(a.headers.get('content-type') ?? '', /^application\/problem\+json/);
    const now = await t.snapshot();
    assert.equal(now.tables, before.tables, `${method} ${path} changed the store`);
    assert.equal(now.lastSeq, before.lastSeq, `${method} ${path} appended an event`);
  }
});
