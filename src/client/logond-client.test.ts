import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createClient } from './logond-client.ts';
import { LogondError } from './logond-error.ts';

interface Seen {
  method: string | undefined;
  url: string | undefined;
  auth: string | undefined;
  type: string | undefined;
  body: string;
}

async function stub(answer: (s: Seen) => { status: number; body?: unknown; type?: string }) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      const s: Seen = {
        method: req.method,
        url: req.url,
        auth: req.headers.authorization,
        type: req.headers['content-type'],
        body,
      };
      seen.push(s);
      const a = answer(s);
      res.writeHead(a.status, { 'content-type': a.type ?? 'application/json' });
      res.end(
        a.body === undefined ? undefined : typeof a.body === 'string' ? a.body : JSON.stringify(a.body),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

test('LogondClient sends each route with its method, path, bearer token and JSON body', async () => {
  const srv = await stub((s) => {
    if (s.method === 'DELETE' || s.url?.endsWith('/password') || s.url?.endsWith('/members'))
      return { status: 204 };
    if (s.url === '/v1/wts/sessions/current/logoff') return { status: 202, body: { sessionId: 3 } };
    if (s.url === '/v1/logon-sessions')
      return { status: 200, body: { sessions: [{ logonId: '0x0:0x3e9' }] } };
    if (s.url === '/v1/users') return { status: 200, body: { users: [] } };
    if (s.url === '/metrics') return { status: 200, body: 'logond_up 1\n', type: 'text/plain' };
    return { status: 200, body: { ok: true } };
  });
  const c = createClient({ baseUrl: srv.url, token: 'lgd_7_x' });
  assert.deepEqual(await c.listLogonSessions(), [{ logonId: '0x0:0x3e9' }]);
  await c.getLogonSessionHolders('0x0:0x3e9');
  assert.deepEqual(await c.logoff('current', { wait: false }), { sessionId: 3, completed: false });
  await c.startProcess(4, { program: 'sleep', args: ['5'] });
  await c.setPassword('al ice', 'pw');
  await c.removeGroupMember('Administrators', 'bob');
  await c.closeCurrentToken();
  assert.deepEqual(await c.listUsers(), []);
  assert.equal(await c.metrics(), 'logond_up 1\n');
  await c.eventLog({ after: 3, limit: 10, types: ['wts.'] });
  await c.withToken(undefined).logon({ userName: 'bob', password: 'pw' });
  await srv.close();
  assert.deepEqual(
    srv.seen.map((s) => `${s.method} ${s.url} ${s.body}`),
    [
      'GET /v1/logon-sessions ',
      'GET /v1/logon-sessions/0x0%3A0x3e9/holders ',
      'POST /v1/wts/sessions/current/logoff {"wait":false}',
      'POST /v1/wts/sessions/4/processes {"program":"sleep","args":["5"]}',
      'POST /v1/users/al%20ice/password {"password":"pw"}',
      'DELETE /v1/groups/Administrators/members/bob ',
      'DELETE /v1/tokens/current ',
      'GET /v1/users ',
      'GET /metrics ',
      'GET /v1/events/log?after=3&limit=10&types=wts. ',
      'POST /v1/logon {"userName":"bob","password":"pw"}',
    ],
  );
  assert.ok(srv.seen.slice(0, -1).every((s) => s.auth === 'Bearer lgd_7_x'));
  assert.equal(srv.seen.at(-1)?.auth, undefined, 'withToken(undefined) is anonymous');
  assert.equal(srv.seen[2]?.type, 'application/json');
});

test('LogondClient throws the problem of a failed request as a LogondError', async () => {
  const srv = await stub(() => ({
    status: 403,
    type: 'application/problem+json',
    body: {
      type: 'about:blank',
      title: 'STATUS_ACCESS_DENIED',
      status: 403,
      detail: 'You may not log off session 2.',
      ntstatus: '0xC0000022',
      win32: 5,
    },
  }));
  await assert.rejects(createClient({ baseUrl: srv.url, token: 't' }).logoff(2), (e: unknown) => {
    assert.ok(e instanceof LogondError);
    assert.equal(e.status, 403);
    assert.equal(e.ntstatus, 0xc0000022);
    assert.equal(e.win32, 5);
    assert.equal(e.detail, 'You may not log off session 2.');
    return true;
  });
  await srv.close();
});

test('LogondClient names a session host of the cluster with ?server= on every WTS call, and lists hosts', async () => {
  const srv = await stub((s) => {
    if (s.url === '/v1/hosts') return { status: 200, body: { self: 'hosta', hosts: [] } };
    if (s.url?.includes('/processes') && s.method === 'GET') return { status: 200, body: { processes: [] } };
    return { status: 200, body: { sessionId: 3, completed: true, sessions: [], server: 'hostb' } };
  });
  const c = createClient({ baseUrl: srv.url, token: 'lgd_1_x' });
  await c.listWtsSessions({ server: '*' });
  await c.getWtsSession(3, { server: 'hostb' });
  await c.logoff(3, { wait: false, server: 'hostb' });
  await c.disconnect(3, { server: 'hostb' });
  await c.reset(3, { server: 'hostb' });
  await c.listProcesses(3, { server: 'hostb' });
  await c.startProcess(3, { program: 'sleep' }, { server: 'hostb' });
  await c.getWtsSession(3);
  assert.deepEqual((await c.hosts()).self, 'hosta');
  assert.deepEqual(
    srv.seen.map((s) => `${s.method} ${s.url}`),
    [
      'GET /v1/wts/sessions?server=*',
      'GET /v1/wts/sessions/3?server=hostb',
      'POST /v1/wts/sessions/3/logoff?server=hostb',
      'POST /v1/wts/sessions/3/disconnect?server=hostb',
      'POST /v1/wts/sessions/3/reset?server=hostb',
      'GET /v1/wts/sessions/3/processes?server=hostb',
      'POST /v1/wts/sessions/3/processes?server=hostb',
      'GET /v1/wts/sessions/3',
      'GET /v1/hosts',
    ],
  );
  assert.equal(srv.seen[2]?.body, '{"wait":false}');
  await srv.close();
});
