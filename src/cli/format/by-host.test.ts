import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WtsSession } from '../../client/types.ts';
import { formatByHost } from './by-host.ts';

test('formatByHost prints one table per host, hosts in name order', () => {
  const s = (host: string, sessionId: number) => ({ host, sessionId }) as WtsSession;
  const text = formatByHost([s('hostb', 2), s('hosta', 2), s('hostb', 3)], (list) =>
    list.map((x) => String(x.sessionId)).join(','),
  );
  assert.equal(text, 'Host hosta:\n2\n\nHost hostb:\n2,3');
});
