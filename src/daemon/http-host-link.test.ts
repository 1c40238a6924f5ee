import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { test } from 'node:test';
import { isNtError } from '../nt/nt-error.ts';
import { RPC_NT_SERVER_UNAVAILABLE, STATUS_ACCESS_DENIED } from '../nt/ntstatus.ts';
import { createHttpHostLink, FORWARD_PATH } from './http-host-link.ts';

const KEY = 'k'.repeat(43);

async function serve(
  handler: Parameters<typeof createServer>[1],
): Promise<{ server: Server; address: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const a = server.address();
  return { server, address: `http://127.0.0.1:${typeof a === 'object' && a !== null ? a.port : 0}` };
}

const unavailable = (e: unknown) =>
  isNtError(e) && e.status === RPC_NT_SERVER_UNAVAILABLE && /hostb/.test(e.message);

test('HttpHostLink sends the call with the host key and returns the owner’s answer', async () => {
  let seen: { url?: string; auth?: string; body?: unknown } = {};
  const { server, address } = await serve((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      seen = { url: req.url!, auth: req.headers.authorization!, body: JSON.parse(body) };
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ status: 0, value: [1, 2] }));
    });
  });
  const link = createHttpHostLink({ fromHost: 'hosta', hostKey: KEY });
  const answer = await link.call({ name: 'hostb', address }, 7, { op: 'listProcesses', session: 2 });
  assert.deepEqual(answer, { status: 0, value: [1, 2] });
  assert.deepEqual(seen, {
    url: FORWARD_PATH,
    auth: `LogondHost hosta ${KEY}`,
    body: { callerHandle: 7, call: { op: 'listProcesses', session: 2 } },
  });
  server.close();
});

test('HttpHostLink: a problem answer gives its NTSTATUS; no answer, a refused connection or a foreign answer is RPC_NT_SERVER_UNAVAILABLE', async () => {
  const problem = await serve((_req, res) => {
    res.statusCode = 403;
    res.setHeader('content-type', 'application/problem+json');
    res.end(JSON.stringify({ ntstatus: '0xC0000022', title: 'STATUS_ACCESS_DENIED' }));
  });
  const link = createHttpHostLink({ fromHost: 'hosta', hostKey: KEY, timeoutMs: 200 });
  assert.deepEqual(
    await link.call({ name: 'hostb', address: problem.address }, 0, { op: 'reset', session: 3 }),
    {
      status: STATUS_ACCESS_DENIED,
    },
  );
  problem.server.close();

  const silent = await serve(() => {});
  await assert.rejects(
    link.call({ name: 'hostb', address: silent.address }, 0, { op: 'reset', session: 3 }),
    unavailable,
  );
  silent.server.closeAllConnections();
  silent.server.close();

  const foreign = await serve((_req, res) => res.end('<html>not logond</html>'));
  await assert.rejects(
    link.call({ name: 'hostb', address: foreign.address }, 0, { op: 'reset', session: 3 }),
    unavailable,
  );
  foreign.server.close();

  await assert.rejects(
    link.call({ name: 'hostb', address: 'http://127.0.0.1:1' }, 0, { op: 'disconnect', session: 3 }),
    unavailable,
  );
});
