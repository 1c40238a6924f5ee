import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatHostTable } from './host-table.ts';

test('formatHostTable prints one line per host, > on the answering daemon’s, up or down', () => {
  const text = formatHostTable(
    [
      {
        name: 'hosta',
        address: 'http://127.0.0.1:7391',
        startedAt: '2026-12-05T20:00:00.000Z',
        heartbeatAt: '2026-12-05T20:40:00.000Z',
        up: true,
        self: true,
      },
      {
        name: 'hostc',
        address: 'http://127.0.0.1:7393',
        startedAt: '2026-12-05T20:00:00.000Z',
        heartbeatAt: '2026-12-05T20:39:00.000Z',
        up: false,
        self: false,
      },
    ],
    { timeZone: 'UTC' },
  );
  assert.equal(
    text,
    [
      ' NAME      STATE  ADDRESS                LAST HEARTBEAT',
      '>hosta     up     http://127.0.0.1:7391  12/5/2026 8:40 PM',
      ' hostc     down   http://127.0.0.1:7393  12/5/2026 8:39 PM',
    ].join('\n'),
  );
});
