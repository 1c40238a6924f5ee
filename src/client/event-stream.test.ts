import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createClient } from './logond-client.ts';
import { LogondError } from './logond-error.ts';
import type { LogondEvent } from './types.ts';

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;

async function serve(handler: Handler): Promise<{ url: string; close: () => Promise<void> }> {
  let n = 0;
  const server = createServer((req, res) => handler(req, res, ++n));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function entry(seq: number, type: string): string {
  return `id: ${seq}\nevent: ${type}\ndata: ${JSON.stringify({ seq, type, time: '2025-01-01T00:00:00.000Z', data: { n: seq } })}\n\n`;
}

test('events() resumes with Last-Event-ID after a dropped connection and misses nothing', async () => {
  const seen: { lastEventId: string | undefined; url: string | undefined; auth: string | undefined }[] = [];
  const srv = await serve((req, res, n) => {
    seen.push({
      lastEventId: req.headers['last-event-id'] as string | undefined,
      url: req.url,
      auth: req.headers.authorization,
    });
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    if (n === 1) {
      // Split the first event inside a multi-byte character, then drop the connection mid-message.
      const bytes = Buffer.from(`retry: 5\n\n${entry(5, 'wts.logoff').replace('"n":5', '"n":5,"s":"é"')}`);
      const cut = bytes.indexOf(Buffer.from('é')) + 1;
      res.write(bytes.subarray(0, cut));
      setTimeout(() => {
        res.write(bytes.subarray(cut));
        res.write(entry(6, 'logon-session.terminated'));
        res.write('id: 7\nevent: wts.logon\ndata: {"seq":7,');
        setTimeout(() => res.socket?.destroy(), 20);
      }, 20);
    } else {
      res.end(entry(7, 'wts.logon'));
    }
  });
  const client = createClient({ baseUrl: `${srv.url}/`, token: 'lgd_1_secret' });
  const retries: (string | undefined)[] = [];
  const got: LogondEvent[] = [];
  for await (const e of client.events({
    after: 4,
    types: ['wts.', 'logon-session.terminated'],
    onRetry: (i) => retries.push(i.lastEventId),
  })) {
    got.push(e);
    if (got.length === 3) break;
  }
  await srv.close();
  assert.deepEqual(
    got.map((e) => [e.seq, e.type]),
    [
      [5, 'wts.logoff'],
      [6, 'logon-session.terminated'],
      [7, 'wts.logon'],
    ],
  );
  assert.deepEqual(got[0]?.data, { n: 5, s: 'é' });
  assert.equal(got[0]?.time, '2025-01-01T00:00:00.000Z');
  assert.equal(seen[0]?.url, '/v1/events?types=wts.%2Clogon-session.terminated&after=4');
  assert.equal(seen[0]?.lastEventId, undefined);
  assert.equal(seen[0]?.auth, 'Bearer lgd_1_secret');
  assert.equal(
    seen[1]?.url,
    '/v1/events?types=wts.%2Clogon-session.terminated',
    'resume uses the header, not ?after',
  );
  assert.equal(seen[1]?.lastEventId, '6');
  assert.deepEqual(retries, ['6']);
});

test('events() takes a bare data payload with the SSE id and event name', async () => {
  const srv = await serve((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('id: 12\nevent: account.created\ndata: {"userName":"alice"}\n\n');
  });
  const ac = new AbortController();
  const got: LogondEvent[] = [];
  for await (const e of createClient({ baseUrl: srv.url }).events({ signal: ac.signal })) {
    got.push(e);
    ac.abort();
  }
  await srv.close();
  assert.deepEqual(got, [{ seq: 12, type: 'account.created', time: '', data: { userName: 'alice' } }]);
});

test('events() throws a problem that retrying cannot fix (401), and retries a 503', async () => {
  const srv = await serve((_req, res, n) => {
    if (n === 1) {
      res.writeHead(503, { 'content-type': 'application/problem+json', 'retry-after': '0' });
      res.end(
        JSON.stringify({
          title: 'STATUS_TOO_MANY_SESSIONS',
          status: 503,
          ntstatus: '0xC00002FD',
          win32: 1380,
        }),
      );
      return;
    }
    res.writeHead(401, { 'content-type': 'application/problem+json' });
    res.end(
      JSON.stringify({
        title: 'STATUS_ACCESS_DENIED',
        status: 401,
        detail: 'The token is closed.',
        ntstatus: '0xC0000022',
        win32: 5,
      }),
    );
  });
  const retries: number[] = [];
  await assert.rejects(
    async () => {
      for await (const _ of createClient({ baseUrl: srv.url, token: 't' }).events({
        retryMs: 1,
        onRetry: (i) => retries.push(i.attempt),
      })) {
        // nothing arrives
      }
    },
    (e: unknown) => e instanceof LogondError && e.status === 401 && e.detail === 'The token is closed.',
  );
  await srv.close();
  assert.deepEqual(retries, [1]);
});

test('events() gives up after maxRetries when the daemon cannot be reached', async () => {
  const srv = await serve(() => {});
  const url = srv.url;
  await srv.close();
  await assert.rejects(
    async () => {
      for await (const _ of createClient({ baseUrl: url }).events({ retryMs: 1, maxRetries: 2 })) {
        // nothing arrives
      }
    },
    (e: unknown) => e instanceof LogondError && e.unreachable,
  );
});

test('events() ends quietly when its signal aborts while waiting', async () => {
  const srv = await serve((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(': connected\n\n');
  });
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 50);
  const got: LogondEvent[] = [];
  for await (const e of createClient({ baseUrl: srv.url }).events({ signal: ac.signal })) got.push(e);
  await srv.close();
  assert.deepEqual(got, []);
});

test('events() resumes from the opening id-only frame when the connection drops before any event', async () => {
  const ids: (string | undefined)[] = [];
  const srv = await serve((req, res, n) => {
    ids.push(req.headers['last-event-id'] as string | undefined);
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    if (n === 1) {
      res.write('retry: 1\nid: 40\n\n');
      setTimeout(() => res.socket?.destroy(), 20);
    } else res.write(entry(41, 'wts.logon'));
  });
  const got: number[] = [];
  for await (const e of createClient({ baseUrl: srv.url }).events({ retryMs: 1 })) {
    got.push(e.seq);
    break;
  }
  await srv.close();
  assert.deepEqual(ids, [undefined, '40']);
  assert.deepEqual(got, [41]);
});
