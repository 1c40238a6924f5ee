/**
 * Cluster mode and its database (issue 6 "Failures", "Configuration"): the Administrator made once
 * per cluster, one live daemon per host name, and a daemon that loses PostgreSQL (a TCP proxy
 * between them, cut and restored: real sockets, real server) answering 503 STATUS_DEVICE_NOT_READY
 * without changing anything, then recovering by itself. Skipped, with the reason, when PostgreSQL
 * is not reachable.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { freshSchema, PG_URL, pgUnreachable } from '../src/store/postgres/_test-pg.ts';
import {
  type ClusterNode,
  call,
  eventually,
  startNode,
  startTcpProxy,
  type TcpProxy,
} from './_cluster-harness.ts';
import { openSse, type SseReader } from './_daemon-harness.ts';

if (pgUnreachable !== undefined) process.stdout.write(`# cluster database tests skipped: ${pgUnreachable}\n`);

describe('cluster daemons and their database', { skip: pgUnreachable ?? false }, () => {
  const schema = freshSchema();
  let proxy: TcpProxy;
  let x: ClusterNode;
  let y: ClusterNode;
  let password: string;

  before(async () => {
    const server = new URL(PG_URL);
    proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port || 5432) });
    const throughProxy = new URL(PG_URL);
    throughProxy.hostname = '127.0.0.1';
    throughProxy.port = String(proxy.port);
    // No configured password: the first daemon generates one and prints it, once for the cluster.
    [x, y] = await Promise.all([
      startNode({
        name: 'hostx',
        schema,
        databaseUrl: throughProxy.href,
        env: { LOGOND_ADMIN_PASSWORD: '' },
      }),
      startNode({ name: 'hosty', schema, env: { LOGOND_ADMIN_PASSWORD: '' } }),
    ]);
  });

  after(async () => {
    await Promise.all([x, y].filter((n) => n !== undefined).map((n) => n.stop()));
    await proxy?.close();
  });

  test('daemons started together print the generated Administrator password once, for the cluster', async () => {
    const printed = [x, y].flatMap((n) => [...n.output.join('').matchAll(/Administrator password: (\S+)/g)]);
    assert.equal(printed.length, 1, 'exactly one daemon printed it');
    password = printed[0]![1]!;
    assert.equal(
      (await y.call('POST', '/v1/logon', { body: { userName: 'Administrator', password } })).status,
      201,
    );
    const users = await x.call('GET', '/v1/users', {
      token: (await x.logon('Administrator', password)).token,
    });
    assert.equal(
      users.body.users.filter((u: { userName: string }) => u.userName === 'Administrator').length,
      1,
    );
  });

  test('a second daemon refuses a host name a live daemon heartbeats under', async () => {
    await assert.rejects(
      startNode({ name: 'hosty', schema }),
      /another live logond daemon already runs as session host "hosty"/,
    );
  });

  test('a lost database: 503 STATUS_DEVICE_NOT_READY, nothing changed, /healthz says so, and recovery by itself', async () => {
    const admin = (await x.logon('Administrator', password)).token;
    const watcher = (await y.logon('Administrator', password)).token;
    const count = async (node: ClusterNode, token: string) =>
      ((await node.call('GET', '/v1/logon-sessions', { token })).body.sessions as unknown[]).length;
    const before = await count(y, watcher);
    const stream: SseReader = await openSse(`${x.url}/v1/events?types=logon-session.created`, admin);
    try {
      await proxy.cut();
      const started = Date.now();
      const logon = await x.call('POST', '/v1/logon', { body: { userName: 'Administrator', password } });
      assert.equal(logon.status, 503);
      assert.match(logon.headers.get('content-type') ?? '', /application\/problem\+json/);
      assert.equal(logon.body.ntstatus, '0xC00000A3');
      assert.equal(logon.body.title, 'STATUS_DEVICE_NOT_READY');
      assert.equal(logon.body.win32, 21);
      assert.match(logon.body.detail, /database .* cannot be reached; nothing was changed/);
      assert.ok(logon.headers.get('retry-after') !== null);
      assert.ok(Date.now() - started < 10_000, 'answered, not hung');
      const write = await x.call('POST', '/v1/users', {
        token: admin,
        body: { userName: 'ghost', password: 'Ghost-pa55word' },
      });
      assert.equal(write.status, 503, 'a write with a cached token: refused, not half done');
      const health = await x.call('GET', '/healthz');
      assert.equal(health.status, 503);
      assert.equal(health.body.ntstatus, '0xC00000A3');
      const list = await x.call('GET', '/v1/wts/sessions', { token: admin });
      assert.ok(list.status === 503 || list.status === 200, `an answer, not a hang (${list.status})`);
      // The other daemon keeps its database and goes on.
      assert.equal((await y.call('GET', '/healthz')).status, 200);
      assert.equal(await count(y, watcher), before, 'the refused logon left nothing behind');
      assert.equal((await y.call('GET', '/v1/users/ghost', { token: watcher })).status, 404);

      await proxy.restore();
      await eventually(
        'hostx to reach its database again',
        async () => ((await x.call('GET', '/healthz')).status === 200 ? true : undefined),
        15_000,
      );
      assert.equal(
        (await x.call('POST', '/v1/logon', { body: { userName: 'Administrator', password } })).status,
        201,
      );
      // Events committed elsewhere reach hostx's stream again (its LISTEN connection came back).
      const elsewhere = await y.logon('Administrator', password);
      const seen = await stream.next(
        (e) => (e.data as { data: { logonId: string } }).data.logonId === elsewhere.logonId,
        10_000,
      );
      assert.equal(seen.event, 'logon-session.created');
    } finally {
      stream.close();
      await proxy.restore();
    }
  });

  test('a silent database (a network partition): refused at once after a few seconds, not hung; recovery when it answers', async () => {
    const admin = (await x.logon('Administrator', password)).token;
    proxy.stall();
    try {
      // Requests under way wait on TCP; within seconds the daemon notices and refuses at once.
      const refused = await eventually(
        'hostx to refuse while its database is silent',
        async () => {
          const r = await fetch(`${x.url}/healthz`, { signal: AbortSignal.timeout(1000) }).catch(
            () => undefined,
          );
          return r?.status === 503 ? r : undefined;
        },
        10_000,
      );
      assert.equal(((await refused.json()) as { ntstatus: string }).ntstatus, '0xC00000A3');
      const started = Date.now();
      const logon = await x.call('POST', '/v1/logon', { body: { userName: 'Administrator', password } });
      assert.equal(logon.status, 503);
      assert.ok(Date.now() - started < 1000, 'answered at once');
      assert.equal((await x.call('GET', '/v1/whoami', { token: admin })).status, 503);
      assert.equal((await y.call('GET', '/healthz')).status, 200, 'the other daemon is not affected');
    } finally {
      proxy.resume();
    }
    await eventually(
      'hostx to answer again',
      async () => ((await x.call('GET', '/healthz')).status === 200 ? true : undefined),
      15_000,
    );
    assert.equal((await x.call('GET', '/v1/whoami', { token: admin })).status, 200);
  });

  test('a bad database URL stops the start with a message that does not show the password', async () => {
    await assert.rejects(
      startNode({ name: 'hostz', schema, databaseUrl: 'postgres://logond:s3cret-pw@127.0.0.1:1/none' }),
      (error: Error) =>
        /cannot open the cluster database/.test(error.message) && !error.message.includes('s3cret-pw'),
    );
    const health = await call(y.url, 'GET', '/healthz');
    assert.equal(health.status, 200);
  });
});
