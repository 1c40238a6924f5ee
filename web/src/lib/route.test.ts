import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hrefOf, parseRoute, viewsFor } from './route.ts';

test('parseRoute reads the view from the hash and defaults to sessions', () => {
  assert.equal(parseRoute('#/users'), 'users');
  assert.equal(parseRoute('#logon-sessions'), 'logon-sessions');
  assert.equal(parseRoute('#/events?x=1'), 'events');
  assert.equal(parseRoute(''), 'sessions');
  assert.equal(parseRoute('#/nope'), 'sessions');
  assert.equal(parseRoute(hrefOf('events')), 'events');
});

test('viewsFor hides the Users view from ordinary users', () => {
  assert.deepEqual(
    viewsFor(false).map((v) => v.id),
    ['sessions', 'logon-sessions', 'events'],
  );
  assert.equal(viewsFor(true).length, 4);
});
