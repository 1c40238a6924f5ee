import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { test } from 'node:test';
import { reservePort, urlOf } from './cluster-start.ts';

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

test('reservePort holds its port until released: nobody else gets it meanwhile, the daemon gets it after', async () => {
  const reservations = await Promise.all(Array.from({ length: 20 }, () => reservePort('127.0.0.1')));
  const ports = reservations.map((r) => r.port);
  assert.ok(ports.every((p) => p > 0));
  assert.equal(new Set(ports).size, ports.length, 'reservations made together get different ports');
  const [first] = reservations;
  await assert.rejects(listen(first!.port), (e: NodeJS.ErrnoException) => e.code === 'EADDRINUSE');
  await first!.release();
  await first!.release(); // idempotent
  const daemon = await listen(first!.port);
  daemon.close();
  for (const r of reservations) await r.release();
});

test('a connection to a reserved port is cut, as a refused one would be', async () => {
  const r = await reservePort('127.0.0.1');
  try {
    const status = await fetch(`${urlOf('127.0.0.1', r.port)}/healthz`).then(
      (res) => res.status,
      () => 'failed',
    );
    assert.equal(status, 'failed');
  } finally {
    await r.release();
  }
});
