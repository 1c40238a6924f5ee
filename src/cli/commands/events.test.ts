import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startStubDaemon } from '../_stub-daemon.ts';
import { createTestIo } from '../_test-io.ts';
import { runCli } from '../main.ts';

const entry = (seq: number) => ({
  seq,
  type: 'account.user-created',
  time: '2025-05-30T09:00:00.000Z',
  data: { userName: `u${seq}` },
});

test('events pages through the log from --after and stops at --limit', async () => {
  const srv = await startStubDaemon((req) => {
    const q = new URL(req.url, 'http://x').searchParams;
    const after = Number(q.get('after'));
    const limit = Number(q.get('limit'));
    const events = [];
    for (let s = after + 1; s <= Math.min(250, after + limit); s++) events.push(entry(s));
    return { status: 200, body: { events, last: 250 } };
  });
  const env = { LOGOND_SERVER: srv.url, LOGOND_TOKEN: 't' };
  const all = createTestIo({ env });
  assert.equal(await runCli(['events', '--after', '20'], all), 0, all.err());
  const lines = all.out().trimEnd().split('\n');
  assert.equal(lines.length, 230);
  assert.equal(lines[0], '21 2025-05-30T09:00:00.000Z account.user-created userName=u21');
  assert.deepEqual(
    srv.seen.map((r) => r.url),
    [
      '/v1/events/log?after=20&limit=100',
      '/v1/events/log?after=120&limit=100',
      '/v1/events/log?after=220&limit=100',
    ],
  );
  const some = createTestIo({ env });
  assert.equal(await runCli(['events', '--limit', '3', '--types', 'account.', '--json'], some), 0);
  const page = JSON.parse(some.out());
  assert.deepEqual(
    page.events.map((e: { seq: number }) => e.seq),
    [1, 2, 3],
  );
  assert.equal(page.last, 250);
  assert.equal(srv.seen.at(-1)?.url, '/v1/events/log?after=0&limit=3&types=account.');
  await srv.close();
});
