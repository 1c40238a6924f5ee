import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger } from './logger.ts';

test('createLogger writes one JSON object per line, batched, at or above its level', async () => {
  const writes: string[] = [];
  const log = createLogger({ level: 'info', write: (t) => writes.push(t) });
  log.debug('hidden');
  log.info('request', { method: 'GET', route: '/v1/whoami', status: 200, ms: 0.5 });
  log.warn('odd', { luid: 5n, error: new Error('boom'), nested: { a: 1n } });
  log.error('bare');
  log.request('GET', '/v1/whoami', 401, 0.25);
  assert.equal(writes.length, 0, 'nothing is written in the same turn');
  await new Promise((r) => setImmediate(r));
  assert.equal(writes.length, 1);
  const lines = writes[0]!
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    lines.map((l) => [l.level, l.msg]),
    [
      ['info', 'request'],
      ['warn', 'odd'],
      ['error', 'bare'],
      ['info', 'request'],
    ],
  );
  assert.deepEqual(lines[3], {
    level: 'info',
    time: lines[3].time,
    msg: 'request',
    method: 'GET',
    route: '/v1/whoami',
    status: 401,
    ms: 0.25,
  });
  assert.equal(lines[0].route, '/v1/whoami');
  assert.match(lines[0].time, /^\d{4}-\d{2}-\d{2}T/);
  assert.equal(lines[1].luid, '5');
  assert.equal(lines[1].error.message, 'boom');
  assert.deepEqual(lines[1].nested, { a: '1' });
  assert.equal(log.enabled('debug'), false);
  const silent = createLogger({ level: 'silent', write: (t) => writes.push(t) });
  silent.error('x');
  silent.flush();
  assert.equal(writes.length, 1);
});
