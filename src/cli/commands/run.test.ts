import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startStubDaemon } from '../_stub-daemon.ts';
import { createTestIo } from '../_test-io.ts';
import { runCli } from '../main.ts';

test('run sends the program and its own options untouched, to the caller session or --session', async () => {
  const srv = await startStubDaemon((req) => {
    if (req.url === '/v1/wts/sessions') {
      return {
        status: 200,
        body: { server: 'H', sessions: [{ sessionId: 4, winStationName: 'RDP-Tcp#4', userName: 'bob' }] },
      };
    }
    return { status: 201, body: { pid: 4242, sessionId: req.url.includes('/4/') ? 4 : 2 } };
  });
  const env = { LOGOND_SERVER: srv.url, LOGOND_TOKEN: 't' };
  const own = createTestIo({ env });
  assert.equal(await runCli(['run', '/bin/ls', '-la', '--session', 'x'], own), 0, own.err());
  assert.equal(own.out(), 'Started ls (process 4242) in session 2.\n');
  const other = createTestIo({ env });
  assert.equal(await runCli(['run', '--session', 'rdp-tcp#4', 'sleep', '60'], other), 0, other.err());
  assert.deepEqual(
    srv.seen.map((r) => `${r.method} ${r.url} ${r.body}`),
    [
      'POST /v1/wts/sessions/current/processes {"program":"/bin/ls","args":["-la","--session","x"]}',
      'GET /v1/wts/sessions ',
      'POST /v1/wts/sessions/4/processes {"program":"sleep","args":["60"]}',
    ],
  );
  await srv.close();
});
