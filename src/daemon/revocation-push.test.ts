import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { RevocationPush } from './revocation-push.ts';

/** A peer daemon stand-in that records revocations and answers after `delayMs` (or never). */
async function peer(delayMs: number | 'never') {
  const seen: { authorization: string | undefined; body: unknown }[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let text = '';
    req.on('data', (c) => {
      text += c;
    });
    req.on('end', () => {
      seen.push({ authorization: req.headers.authorization, body: JSON.parse(text) });
      if (delayMs === 'never') return;
      setTimeout(
        () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"revoked":1}'),
        delayMs,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    seen,
    address,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

test('RevocationPush answers a close only after every other live host confirmed it', async () => {
  const slow = await peer(150);
  const warnings: string[] = [];
  const push = new RevocationPush({
    fromHost: 'a',
    hostKey: 'k'.repeat(32),
    hosts: async () => [
      { name: 'a', address: 'http://127.0.0.1:1', up: true, self: true },
      { name: 'b', address: slow.address, up: true, self: false },
      { name: 'c', address: 'http://127.0.0.1:1', up: false, self: false },
    ],
    refreshMs: 60_000,
    warn: (m) => warnings.push(m),
  });
  await push.start();
  const started = performance.now();
  await push.push([7, 9]);
  const ms = performance.now() - started;
  assert.ok(ms >= 140, `waited for the slow host (${ms.toFixed(0)} ms)`);
  assert.deepEqual(slow.seen, [
    { authorization: `LogondHost a ${'k'.repeat(32)}`, body: { handles: [7, 9] } },
  ]);
  assert.deepEqual([push.sent, push.failed, warnings.length], [1, 0, 0], 'only the live other host');
  push.close();
  await push.push([8]);
  assert.equal(slow.seen.length, 1, 'nobody is told after close');
  await slow.close();
});

test('RevocationPush gives up on a host that does not answer, logs it and never rejects', async () => {
  const silent = await peer('never');
  const warnings: Record<string, unknown>[] = [];
  const push = new RevocationPush({
    fromHost: 'a',
    hostKey: 'k'.repeat(32),
    hosts: async () => [{ name: 'b', address: silent.address, up: true, self: false }],
    refreshMs: 60_000,
    timeoutMs: 100,
    warn: (_m, fields) => warnings.push(fields),
  });
  await push.start();
  await push.push([1]);
  assert.equal(push.failed, 1);
  assert.equal(warnings[0]?.['host'], 'b');
  assert.ok(!JSON.stringify(warnings).includes('k'.repeat(32)), 'the key is never logged');
  push.close();
  await silent.close();
});
