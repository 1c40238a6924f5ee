/**
 * Cluster mode end to end (issue 6): three daemons as child processes on loopback, session hosts
 * hosta, hostb and hostc of one cluster on one PostgreSQL schema. Skipped, with the reason, when
 * PostgreSQL is not reachable (LOGOND_TEST_PG, default postgres://postgres@127.0.0.1:5432/test).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freshSchema, pgUnreachable } from '../src/store/postgres/_test-pg.ts';
import {
  ADMIN_PASSWORD,
  type ClusterNode,
  DOWN_AFTER_MS,
  eventually,
  startNode,
} from './_cluster-harness.ts';
import { openSse, type SseReader } from './_daemon-harness.ts';

const PASSWORD = 'Cluster-user-pw1';
const USERS = ['alice', 'bob', 'carol', 'dave', 'eve', 'frank'];
/** WTSDown (spec §1.7). */
const WTS_DOWN = 8;

if (pgUnreachable !== undefined) process.stdout.write(`# cluster tests skipped: ${pgUnreachable}\n`);

describe('a cluster of three daemons on one PostgreSQL', { skip: pgUnreachable ?? false }, () => {
  const schema = freshSchema();
  let a: ClusterNode;
  let b: ClusterNode;
  let c: ClusterNode;
  let admin: string;
  let seq0: number;
  const streams: SseReader[] = [];

  /** Events `logon-session.terminated` of `logonId` in the shared log. */
  async function terminations(logonId: string): Promise<number> {
    const page = await a.call(
      'GET',
      `/v1/events/log?after=${seq0}&limit=1000&types=logon-session.terminated`,
      {
        token: admin,
      },
    );
    assert.equal(page.status, 200);
    return (page.body.events as { data: { logonId: string } }[]).filter((e) => e.data.logonId === logonId)
      .length;
  }

  before(async () => {
    // The first daemon creates the Administrator; the others, started together, find it.
    a = await startNode({ name: 'hosta', schema });
    [b, c] = await Promise.all([startNode({ name: 'hostb', schema }), startNode({ name: 'hostc', schema })]);
    admin = (await a.logon('Administrator', ADMIN_PASSWORD)).token;
    for (const userName of USERS) {
      const r = await a.call('POST', '/v1/users', { token: admin, body: { userName, password: PASSWORD } });
      assert.equal(r.status, 201, JSON.stringify(r.body));
    }
    seq0 = (await a.call('GET', '/v1/events/log?limit=1', { token: admin })).body.last;
    // Every daemon's stream, from the same point, with the one admin token (a token of hosta).
    for (const node of [a, b, c]) streams.push(await openSse(`${node.url}/v1/events?after=${seq0}`, admin));
  });

  after(async () => {
    for (const s of streams) s.close();
    await Promise.all([a, b, c].filter((n) => n !== undefined).map((n) => n.stop()));
  });

  test('the Administrator password is generated once per cluster, not per daemon', () => {
    // A password is configured here, so none is printed; and no daemon failed on the race.
    for (const node of [a, b, c]) assert.doesNotMatch(node.output.join(''), /Administrator password:/);
  });

  test('GET /v1/hosts lists the three hosts, up', async () => {
    const r = await b.call('GET', '/v1/hosts', { token: admin });
    assert.equal(r.status, 200);
    assert.equal(r.body.self, 'hostb');
    assert.deepEqual((await c.call('GET', '/healthz')).body.cluster, { hosts: 3, up: 3 });
    assert.deepEqual(
      r.body.hosts.map((h: { name: string; up: boolean; self: boolean }) => [h.name, h.up, h.self]),
      [
        ['hosta', true, false],
        ['hostb', true, true],
        ['hostc', true, false],
      ],
    );
  });

  test('enumerate, query and log off sessions of other hosts through one daemon', async () => {
    const onB = await b.openSession('alice', PASSWORD);
    const onC = await c.openSession('bob', PASSWORD);
    const all = await a.call('GET', '/v1/wts/sessions?server=*', { token: admin });
    assert.equal(all.status, 200);
    assert.equal(all.body.server, '*');
    const find = (list: { host: string; userName: string }[], host: string, user: string) =>
      list.find((s) => s.host === host && s.userName === user);
    assert.ok(find(all.body.sessions, 'hostb', 'alice'), 'alice on hostb, listed by hosta');
    assert.ok(find(all.body.sessions, 'hostc', 'bob'), 'bob on hostc, listed by hosta');

    const listB = await a.call('GET', '/v1/wts/sessions?server=HOSTB', { token: admin });
    assert.equal(listB.status, 200);
    assert.equal(listB.body.server, 'hostb');
    assert.ok(find(listB.body.sessions, 'hostb', 'alice'));
    assert.equal(find(listB.body.sessions, 'hostc', 'bob'), undefined);

    const one = await a.call('GET', `/v1/wts/sessions/${onB.sessionId}?server=hostb`, { token: admin });
    assert.equal(one.status, 200);
    assert.deepEqual([one.body.userName, one.body.host, one.body.logonId], ['alice', 'hostb', onB.logonId]);

    const unknown = await a.call('GET', '/v1/wts/sessions?server=nosuchhost', { token: admin });
    assert.equal(unknown.status, 404);

    // Waiting: answered once hostb has torn the session down.
    const waited = await a.call('POST', `/v1/wts/sessions/${onB.sessionId}/logoff?server=hostb`, {
      token: admin,
      body: { wait: true },
    });
    assert.equal(waited.status, 200, JSON.stringify(waited.body));
    assert.equal(waited.body.completed, true);
    assert.equal((await b.call('GET', `/v1/wts/sessions/${onB.sessionId}`, { token: admin })).status, 404);

    // Not waiting: accepted, then gone.
    const accepted = await a.call('POST', `/v1/wts/sessions/${onC.sessionId}/logoff?server=hostc`, {
      token: admin,
      body: { wait: false },
    });
    assert.equal(accepted.status, 202, JSON.stringify(accepted.body));
    await eventually('bob’s session on hostc to go', async () =>
      (await c.call('GET', `/v1/wts/sessions/${onC.sessionId}`, { token: admin })).status === 404
        ? true
        : undefined,
    );
  });

  test('a token from one daemon works on every daemon, and a logoff on one is seen by the others at once', async () => {
    for (let i = 0; i < 5; i++) {
      const { token } = await a.logon('carol', PASSWORD);
      for (const node of [a, b, c, b, c])
        assert.equal((await node.call('GET', '/v1/whoami', { token })).status, 200, `whoami on ${node.name}`);
      assert.equal((await a.call('DELETE', '/v1/tokens/current', { token })).status, 204);
      assert.equal((await b.call('GET', '/v1/whoami', { token })).status, 401, 'hostb, right after');
      assert.equal((await c.call('GET', '/v1/whoami', { token })).status, 401, 'hostc, right after');
    }
  });

  test('closes racing on three daemons end a logon session with exactly one cascade', async () => {
    const ended: string[] = [];
    for (let i = 0; i < 4; i++) {
      const first = await a.logon('carol', PASSWORD);
      const dup = async (node: ClusterNode) => {
        const r = await node.call('POST', '/v1/tokens/duplicate', { token: first.token, body: {} });
        assert.equal(r.status, 201, JSON.stringify(r.body));
        return r.body.token as string;
      };
      const onB = await dup(b);
      const onC = await dup(c);
      const closes = await Promise.all([
        a.call('DELETE', '/v1/tokens/current', { token: first.token }),
        b.call('DELETE', '/v1/tokens/current', { token: onB }),
        c.call('DELETE', '/v1/tokens/current', { token: onC }),
      ]);
      assert.deepEqual(
        closes.map((r) => r.status),
        [204, 204, 204],
      );
      ended.push(first.logonId);
    }
    for (const logonId of ended)
      await eventually(`the cascade of ${logonId}`, async () =>
        (await terminations(logonId)) >= 1 ? true : undefined,
      );
    // Give a second cascade every chance to show up.
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const logonId of ended) assert.equal(await terminations(logonId), 1, `one cascade for ${logonId}`);
  });

  test('every daemon streams the same events in the same order, with catch-up after a reconnect', async () => {
    const [sa, sb, sc] = streams as [SseReader, SseReader, SseReader];
    const drain = async (s: SseReader, upTo: number, into: { id: number; type: string }[]) => {
      while ((into.at(-1)?.id ?? seq0) < upTo) {
        const e = await s.next(() => true, 5000);
        into.push({ id: Number(e.id), type: e.event });
      }
    };
    let last = (await a.call('GET', '/v1/events/log?limit=1', { token: admin })).body.last as number;
    const seen = {
      a: [] as { id: number; type: string }[],
      b: [] as { id: number; type: string }[],
      c: [] as { id: number; type: string }[],
    };
    await Promise.all([drain(sa, last, seen.a), drain(sb, last, seen.b), drain(sc, last, seen.c)]);
    // hostb's client drops; events happen meanwhile; it reconnects with Last-Event-ID.
    sb.close();
    const lastId = sb.lastEventId;
    const { token } = await c.logon('frank', PASSWORD);
    assert.equal((await b.call('DELETE', '/v1/tokens/current', { token })).status, 204);
    await eventually('frank’s cascade', async () => {
      const l = (await a.call('GET', '/v1/events/log?limit=1', { token: admin })).body.last as number;
      return l > last + 2 ? l : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    last = (await a.call('GET', '/v1/events/log?limit=1', { token: admin })).body.last as number;
    const again = await openSse(`${b.url}/v1/events`, admin, { 'last-event-id': lastId });
    streams[1] = again;
    await Promise.all([drain(sa, last, seen.a), drain(again, last, seen.b), drain(sc, last, seen.c)]);
    const expected = Array.from({ length: last - seq0 }, (_, i) => seq0 + 1 + i);
    assert.deepEqual(
      seen.a.map((e) => e.id),
      expected,
      'hosta: every event, in sequence order, none missing',
    );
    assert.deepEqual(seen.b, seen.a, 'hostb (after its reconnect) saw the same events in the same order');
    assert.deepEqual(seen.c, seen.a, 'hostc saw the same events in the same order');
    assert.ok(seen.a.some((e) => e.type === 'logon-session.terminated'));
  });

  test('the CLI reaches a session host through another daemon: --server NAME and /server:NAME', async () => {
    const session = await b.openSession('frank', PASSWORD);
    const bin = fileURLToPath(new URL('../bin/logond.js', import.meta.url));
    const run = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [bin, ...args], {
          env: {
            ...process.env,
            LOGOND_SERVER: a.url,
            LOGOND_TOKEN: admin,
            HOME: mkdtempSync(join(tmpdir(), 'logond-cluster-cli-')),
          },
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('exit', (code) => resolve({ code, stdout, stderr }));
      });
    const text = await run(['query', 'session', '--server', 'hostb']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, new RegExp(`rdp-tcp#\\d+ +frank +${session.sessionId} +active`));
    const json = await run(['query', 'session', '/server:hostb', '--json']);
    assert.equal(json.code, 0, json.stderr);
    const parsed = JSON.parse(json.stdout) as {
      server: string;
      sessions: { userName: string; host: string }[];
    };
    assert.equal(parsed.server, 'hostb');
    assert.ok(parsed.sessions.every((s) => s.host === 'hostb'));
    assert.ok(parsed.sessions.some((s) => s.userName === 'frank'));
    const every = await run(['qwinsta', '--server', '*']);
    assert.equal(every.code, 0, every.stderr);
    assert.match(every.stdout, /^Host hosta:\n/);
    assert.match(every.stdout, new RegExp(`\nHost hostb:\n(.*\n)*.*frank +${session.sessionId} +active`));
    const refused = await run(['whoami', '--server', 'hostb']);
    assert.equal(refused.code, 2, 'a session host is not a daemon for whoami');
    const hosts = await run(['hosts']);
    assert.equal(hosts.code, 0, hosts.stderr);
    assert.match(hosts.stdout, /hostb/);
  });

  test('a killed daemon’s sessions go Down; an admin resets them through another; a restart picks up its own', async () => {
    const dave = await c.openSession('dave', PASSWORD);
    const eve = await c.openSession('eve', PASSWORD);
    // Dave's client signs out on hosta and leaves his session running: the session's own token
    // handle is what keeps his logon session now.
    const daveWatch = await a.logon('dave', PASSWORD);
    assert.equal((await a.call('DELETE', '/v1/tokens/current', { token: dave.token })).status, 204);
    streams[2]?.close();
    c.child.kill('SIGKILL');
    await c.exited;
    const started = Date.now();
    const down = await eventually(
      'hostc’s sessions to show as Down on hosta',
      async () => {
        const r = await a.call('GET', '/v1/wts/sessions?server=*', { token: admin });
        const s = (r.body.sessions as { host: string; sessionId: number; state: number }[]).filter(
          (x) => x.host === 'hostc' && (x.sessionId === dave.sessionId || x.sessionId === eve.sessionId),
        );
        return s.length === 2 && s.every((x) => x.state === WTS_DOWN) ? s : undefined;
      },
      DOWN_AFTER_MS + 5000,
    );
    assert.equal(down.length, 2);
    assert.ok(Date.now() - started >= DOWN_AFTER_MS / 2, 'not before the timeout');
    const hosts = await b.call('GET', '/v1/hosts', { token: admin });
    assert.equal(hosts.body.hosts.find((h: { name: string }) => h.name === 'hostc').up, false);
    assert.deepEqual((await b.call('GET', '/healthz')).body.cluster, { hosts: 3, up: 2 });
    const metrics = await fetch(`${a.url}/metrics`).then((r) => r.text());
    assert.match(metrics, /logond_cluster_hosts\{state="down"\} 1/);

    // Other actions on a down host: unavailable.
    const refused = await a.call('POST', `/v1/wts/sessions/${eve.sessionId}/logoff?server=hostc`, {
      token: admin,
      body: { wait: true },
    });
    assert.equal(refused.status, 503);
    assert.equal(refused.body.ntstatus, '0xC0020017');

    const reset = await a.call('POST', `/v1/wts/sessions/${dave.sessionId}/reset?server=hostc`, {
      token: admin,
    });
    assert.equal(reset.status, 200, JSON.stringify(reset.body));
    assert.equal(
      (await a.call('GET', `/v1/wts/sessions/${dave.sessionId}?server=hostc`, { token: admin })).status,
      404,
    );
    // The session's token is closed: its logon session ends, with the cascade run here.
    await eventually('dave’s cascade', async () =>
      (await terminations(dave.logonId)) === 1 ? true : undefined,
    );
    assert.equal((await b.call('GET', `/v1/logon-sessions/${dave.logonId}`, { token: admin })).status, 404);
    assert.equal(
      (await b.call('GET', '/v1/whoami', { token: daveWatch.token })).status,
      200,
      'his other logon lives',
    );

    c = await startNode({ name: 'hostc', schema });
    const own = await c.call('GET', '/v1/wts/sessions', { token: admin });
    assert.equal(own.status, 200);
    const ids = (own.body.sessions as { sessionId: number; userName: string; state: number }[]).filter(
      (s) => s.userName !== '',
    );
    assert.ok(
      ids.some((s) => s.sessionId === eve.sessionId && s.state !== WTS_DOWN),
      'eve’s session is back',
    );
    assert.ok(!ids.some((s) => s.sessionId === dave.sessionId), 'dave’s session stays reset');
    assert.equal((await c.call('GET', '/v1/whoami', { token: eve.token })).status, 200);
    await eventually('hostc to be up again for hosta', async () => {
      const r = await a.call('GET', `/v1/wts/sessions/${eve.sessionId}?server=hostc`, { token: admin });
      return r.status === 200 && r.body.state !== WTS_DOWN ? true : undefined;
    });
  });
});
