/**
 * Restart and crash (issue 4): after a clean stop, and after `kill -9` in the middle of a stream
 * of logons and closes, the daemon comes back with every acknowledged change: tokens that got a
 * 201 still work unless their close got a 204, closed ones stay closed, every change has its
 * event, no LUID is handed out twice, and cascades under way resume.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ADMIN_PASSWORD, callUrl, createUser, spawnDaemon, startTestDaemon } from './_daemon-harness.ts';

test('restart: tokens stay valid and logon sessions present after a clean stop', async () => {
  const first = await startTestDaemon();
  await assert.rejects(
    startTestDaemon({ dataDir: first.dataDir }),
    /another logond daemon .* uses the data directory/,
    'one daemon per data directory',
  );
  await createUser(first, 'frank', 'frank-pw');
  const kept = await first.logon('frank', 'frank-pw');
  const dup = await first.call('POST', '/v1/tokens/duplicate', { token: kept.token, body: {} });
  const gone = await first.logon('frank', 'frank-pw');
  assert.equal((await first.call('DELETE', '/v1/tokens/current', { token: gone.token })).status, 204);
  await first.close();

  const second = await startTestDaemon({ dataDir: first.dataDir });
  try {
    const who = await second.call('GET', '/v1/whoami', { token: kept.token });
    assert.equal(who.status, 200);
    assert.equal(who.body.logonId, kept.logonId);
    assert.equal((await second.call('GET', '/v1/whoami', { token: dup.body.token })).status, 200);
    assert.equal((await second.call('GET', '/v1/whoami', { token: gone.token })).status, 401);
    const session = await second.call('GET', `/v1/logon-sessions/${kept.logonId}`, { token: kept.token });
    assert.equal(session.status, 200);
    assert.equal(session.body.referenceCount, 2);
    assert.equal(
      (await second.call('GET', `/v1/logon-sessions/${gone.logonId}`, { token: await second.adminToken() }))
        .status,
      404,
    );
    const again = await second.logon('frank', 'frank-pw');
    assert.ok(![kept.logonId, gone.logonId].includes(again.logonId), 'a new LUID after the restart');
  } finally {
    await second.close();
  }
});

interface Logon {
  token: string;
  logonId: string;
  /** undefined: never closed; 'sent': close sent, no answer; 'acked': 204. */
  close?: 'sent' | 'acked';
}

async function eventsOf(
  url: string,
  token: string,
): Promise<{ seq: number; type: string; data: { logonId?: string } }[]> {
  const all: { seq: number; type: string; data: { logonId?: string } }[] = [];
  for (let after = 0; ; ) {
    const page = await callUrl(url, 'GET', `/v1/events/log?after=${after}&limit=1000&types=logon-session.`, {
      token,
    });
    all.push(...page.body.events);
    if (page.body.events.length < 1000) return all;
    after = page.body.events.at(-1).seq;
  }
}

test('kill -9 under load: every acknowledged change survives, no LUID twice, cascades resume', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'logond-crash-'));
  // A package that takes 300 ms per LsaApLogonTerminated keeps cascades under way at the kill.
  const env = { LOGOND_PACKAGES: new URL('./_slow-terminate-package.ts', import.meta.url).pathname };
  const first = await spawnDaemon(dataDir, env);
  const admin = (
    await callUrl(first.url, 'POST', '/v1/logon', {
      body: { userName: 'Administrator', password: ADMIN_PASSWORD },
    })
  ).body.token as string;
  assert.equal(
    (
      await callUrl(first.url, 'POST', '/v1/users', {
        token: admin,
        body: { userName: 'load', password: 'load-pw' },
      })
    ).status,
    201,
  );

  const logons: Logon[] = [];
  let failedRequests = 0;
  let stop = false;
  const worker = async (w: number) => {
    for (let i = 0; !stop; i++) {
      let logon: Logon;
      try {
        const a = await callUrl(first.url, 'POST', '/v1/logon', {
          body: { userName: 'load', password: 'load-pw' },
        });
        assert.equal(a.status, 201);
        logon = { token: a.body.token, logonId: a.body.logonId };
        logons.push(logon);
      } catch {
        failedRequests++;
        return;
      }
      if ((i + w) % 2 === 0) continue;
      logon.close = 'sent';
      try {
        const c = await callUrl(first.url, 'DELETE', '/v1/tokens/current', { token: logon.token });
        if (c.status === 204) logon.close = 'acked';
      } catch {
        failedRequests++;
        return;
      }
    }
  };
  const workers = Array.from({ length: 8 }, (_, w) => worker(w));
  // Kill once enough changes were acknowledged (however slow the machine is), mid-stream.
  for (const started = Date.now(); logons.length < 120 && Date.now() - started < 30_000; )
    await new Promise((r) => setTimeout(r, 10));
  first.kill('SIGKILL');
  stop = true;
  await Promise.all(workers);
  assert.equal(await first.exited, 'SIGKILL');
  assert.ok(logons.length >= 120, `${logons.length} logons acknowledged before the kill`);
  assert.ok(failedRequests > 0, 'the kill hit requests in flight');

  const second = await spawnDaemon(dataDir, env);
  try {
    const admin2 = (
      await callUrl(second.url, 'POST', '/v1/logon', {
        body: { userName: 'Administrator', password: ADMIN_PASSWORD },
      })
    ).body.token as string;
    const ids = logons.map((l) => l.logonId);
    assert.equal(new Set(ids).size, ids.length, 'no LUID was handed out twice before the crash');
    for (const l of logons) {
      const who = await callUrl(second.url, 'GET', '/v1/whoami', { token: l.token });
      if (l.close === undefined)
        assert.equal(who.status, 200, `logon ${l.logonId} was acknowledged and never closed`);
      if (l.close === 'acked') assert.equal(who.status, 401, `close of ${l.logonId} was acknowledged`);
      if (who.status === 200) assert.equal(who.body.logonId, l.logonId);
    }
    // Cascades of acknowledged closes (some interrupted by the kill) finish after the restart.
    const closed = new Set(logons.filter((l) => l.close === 'acked').map((l) => l.logonId));
    let events = await eventsOf(second.url, admin2);
    for (let waited = 0; waited < 10_000; waited += 100) {
      const terminated = new Set(
        events.filter((e) => e.type === 'logon-session.terminated').map((e) => e.data.logonId),
      );
      if ([...closed].every((id) => terminated.has(id))) break;
      await new Promise((r) => setTimeout(r, 100));
      events = await eventsOf(second.url, admin2);
    }
    const created = events.filter((e) => e.type === 'logon-session.created').map((e) => e.data.logonId);
    const terminated = new Set(
      events.filter((e) => e.type === 'logon-session.terminated').map((e) => e.data.logonId),
    );
    for (const l of logons) assert.ok(created.includes(l.logonId), `the created event of ${l.logonId}`);
    for (const id of closed) assert.ok(terminated.has(id), `the terminated event of ${id}`);
    assert.equal(new Set(created).size, created.length, 'one created event per LUID');
    assert.equal(
      terminated.size,
      events.filter((e) => e.type === 'logon-session.terminated').length,
      'one terminated event per LUID',
    );
    // Closes committed but not acknowledged before the kill resume their cascades too: give them
    // the same time to finish before looking for one left hanging.
    const listSessions = async () =>
      (await callUrl(second.url, 'GET', '/v1/logon-sessions', { token: admin2 })).body.sessions as {
        logonId: string;
        phase: string;
      }[];
    let sessions = await listSessions();
    for (let waited = 0; waited < 10_000 && sessions.some((s) => s.phase === 'terminating'); waited += 100) {
      await new Promise((r) => setTimeout(r, 100));
      sessions = await listSessions();
    }
    assert.ok(!sessions.some((s) => closed.has(s.logonId)), 'closed sessions are gone');
    assert.ok(!sessions.some((s) => s.phase === 'terminating'), 'no cascade is left hanging');
    const metrics = await (await fetch(`${second.url}/metrics`)).text();
    assert.match(
      metrics,
      /logond_cascades_started_total [1-9]/,
      'cascades under way at the kill were resumed',
    );
    const fresh = await callUrl(second.url, 'POST', '/v1/logon', {
      body: { userName: 'load', password: 'load-pw' },
    });
    assert.ok(!created.includes(fresh.body.logonId), 'a LUID after the crash is new');
  } finally {
    second.kill('SIGTERM');
    assert.equal(await second.exited, 0, 'SIGTERM stops the daemon gracefully');
  }
});
