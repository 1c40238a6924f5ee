/**
 * Bad input on every route (issue 4): wrong types, unknown fields, huge bodies, bad LUIDs,
 * missing, malformed, forged and closed tokens. Each answer is a 4xx problem+json with the
 * NTSTATUS, its Win32 error and a sentence, and the store is exactly as it was before.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type CallOptions, createUser, startTestDaemon, type TestDaemon } from './_daemon-harness.ts';

let t: TestDaemon;
let admin: string;
let alice: { token: string; handle: number; logonId: string };
let bob: { token: string; handle: number; logonId: string };
let closed: string;

before(async () => {
  t = await startTestDaemon();
  admin = await t.adminToken();
  await createUser(t, 'alice', 'alice-pw');
  await createUser(t, 'bob', 'bob-pw');
  alice = await t.logon('alice', 'alice-pw');
  bob = await t.logon('bob', 'bob-pw');
  const c = await t.logon('alice', 'alice-pw');
  await t.call('DELETE', '/v1/tokens/current', { token: c.token });
  closed = c.token;
});
after(() => t.close());

const HUGE = JSON.stringify({ userName: 'x'.repeat(70 * 1024), password: 'y' });

/** [method, path, options, expected HTTP status]. Tokens are filled in when the cases run. */
type Case = [
  string,
  string,
  (CallOptions & { as?: 'admin' | 'alice' | 'none' | 'closed' | 'forged' | 'malformed' })?,
  number?,
];

function cases(): Case[] {
  const forgedOfAlice = alice.token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
  const luids = [
    'zzz',
    '0x1:0x2:0x3',
    '0x:0x1',
    '0x123456789:0x1',
    '99999999999999999999999',
    '-',
    '0x0:0x3e9;drop',
  ];
  const out: Case[] = [
    // POST /v1/logon
    ['POST', '/v1/logon', { body: { userName: 5, password: 'x' } }],
    ['POST', '/v1/logon', { body: { userName: 'alice', password: 'alice-pw', admin: true } }],
    ['POST', '/v1/logon', { body: { userName: 'alice' } }],
    ['POST', '/v1/logon', { body: { userName: 'alice', password: 'alice-pw', logonType: 'Sorcery' } }],
    ['POST', '/v1/logon', { body: { userName: 'alice', password: 'alice-pw', logonType: 99 } }],
    ['POST', '/v1/logon', { body: { userName: 'alice', password: 'alice-pw', logonType: 3.5 } }],
    [
      'POST',
      '/v1/logon',
      { body: { userName: 'alice', password: 'alice-pw', authenticationInformation: {} } },
    ],
    ['POST', '/v1/logon', { body: { userName: 'alice', password: 'alice-pw', package: 'Kerberos' } }, 404],
    ['POST', '/v1/logon', { body: ['alice', 'alice-pw'] }],
    ['POST', '/v1/logon', { raw: HUGE }, 413],
    ['POST', '/v1/logon', { raw: '{"userName": "alice", "password": ' }],
    [
      'POST',
      '/v1/logon',
      { raw: '{"__proto__": {"admin": true}, "userName": "alice", "password": "alice-pw"}' },
    ],
    [
      'POST',
      '/v1/logon',
      { raw: 'userName=alice', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      415,
    ],
    ['POST', '/v1/logon', { raw: 'alice', headers: { 'content-type': 'text/plain' } }],
    ['POST', '/v1/logon', {}],
    // tokens
    ['GET', '/v1/whoami', { as: 'none' }, 401],
    ['GET', '/v1/whoami', { as: 'malformed' }, 401],
    ['GET', '/v1/whoami', { as: 'forged' }, 401],
    ['GET', '/v1/whoami', { as: 'closed' }, 401],
    [
      'GET',
      '/v1/whoami',
      { as: 'none', headers: { authorization: `Basic ${Buffer.from('alice:alice-pw').toString('base64')}` } },
      401,
    ],
    ['GET', '/v1/whoami', { as: 'none', headers: { authorization: `Bearer ${forgedOfAlice}` } }, 401],
    ['POST', '/v1/tokens/duplicate', { as: 'alice', body: { tokenType: 'delegation' } }],
    ['POST', '/v1/tokens/duplicate', { as: 'alice', body: { impersonationLevel: 7 } }],
    ['POST', '/v1/tokens/duplicate', { as: 'alice', body: { impersonationLevel: '2' } }],
    ['POST', '/v1/tokens/duplicate', { as: 'alice', body: { tokenType: 'primary', copies: 2 } }],
    ['POST', '/v1/tokens/duplicate', { as: 'alice', raw: HUGE }, 413],
    ['POST', '/v1/tokens/duplicate', { as: 'closed', body: {} }, 401],
    ['DELETE', '/v1/tokens/current', { as: 'forged' }, 401],
    ['DELETE', '/v1/tokens/current', { as: 'closed' }, 401],
    ['DELETE', '/v1/tokens/abc', { as: 'alice' }],
    ['DELETE', '/v1/tokens/-1', { as: 'alice' }],
    ['DELETE', '/v1/tokens/999999', { as: 'admin' }],
    ['DELETE', `/v1/tokens/${bob.handle}`, { as: 'alice' }, 403],
    ['DELETE', `/v1/tokens/${bob.handle}`, { as: 'none' }, 401],
    // logon sessions
    ['GET', '/v1/logon-sessions', { as: 'none' }, 401],
    ['GET', '/v1/logon-sessions', { as: 'forged' }, 401],
    ['GET', '/v1/logon-sessions/0x0:0x99999', { as: 'admin' }, 404],
    ['GET', `/v1/logon-sessions/${bob.logonId}`, { as: 'alice' }, 403],
    ['GET', '/v1/logon-sessions/0x0:0x99999/holders', { as: 'admin' }, 404],
    ['GET', `/v1/logon-sessions/${bob.logonId}/holders`, { as: 'closed' }, 401],
    // users
    ['GET', '/v1/users', { as: 'none' }, 401],
    ['POST', '/v1/users', { as: 'admin', body: { userName: 'eve', password: 'x', role: 'admin' } }],
    [
      'POST',
      '/v1/users',
      { as: 'admin', body: { userName: 'eve', password: 'x', groups: 'Administrators' } },
    ],
    ['POST', '/v1/users', { as: 'admin', body: { userName: 'eve', password: 42 } }],
    ['POST', '/v1/users', { as: 'admin', body: { userName: 'eve' } }],
    ['POST', '/v1/users', { as: 'admin', body: { userName: 'eve', password: 'x', disabled: 'no' } }],
    ['POST', '/v1/users', { as: 'admin', body: { userName: 'a/b\\c', password: 'x' } }],
    [
      'POST',
      '/v1/users',
      { as: 'admin', body: { userName: 'eve', password: 'x', groups: ['No Such Group'] } },
      404,
    ],
    ['POST', '/v1/users', { as: 'admin', body: { userName: 'Alice', password: 'x' } }, 409],
    ['POST', '/v1/users', { as: 'admin', raw: HUGE }, 413],
    ['GET', '/v1/users/nobody', { as: 'admin' }, 404],
    ['PATCH', '/v1/users/alice', { as: 'admin', body: { disabled: 'yes' } }],
    ['PATCH', '/v1/users/alice', { as: 'admin', body: { passwordExpires: 'tomorrow' } }],
    ['PATCH', '/v1/users/alice', { as: 'admin', body: { logonHours: 'zz' } }],
    ['PATCH', '/v1/users/alice', { as: 'admin', body: { workstations: 'PC1' } }],
    ['PATCH', '/v1/users/alice', { as: 'admin', body: { password: 'new' } }],
    ['PATCH', '/v1/users/nobody', { as: 'admin', body: { disabled: true } }, 404],
    ['POST', '/v1/users/alice/password', { as: 'admin', body: { password: 5 } }],
    ['POST', '/v1/users/alice/password', { as: 'admin', body: { password: 'x', old: 'y' } }],
    ['POST', '/v1/users/alice/password', { as: 'admin', body: {} }],
    ['POST', '/v1/users/nobody/password', { as: 'admin', body: { password: 'x' } }, 404],
    ['DELETE', '/v1/users/nobody', { as: 'admin' }, 404],
    // groups
    ['GET', '/v1/groups', { as: 'closed' }, 401],
    ['POST', '/v1/groups', { as: 'admin', body: { name: 'Crew', members: [] } }],
    ['POST', '/v1/groups', { as: 'admin', body: { name: 7 } }],
    ['POST', '/v1/groups', { as: 'admin', body: { name: 'Users' } }, 409],
    ['POST', '/v1/groups/Users/members', { as: 'admin', body: { userName: 'nobody' } }, 404],
    ['POST', '/v1/groups/NoGroup/members', { as: 'admin', body: { userName: 'alice' } }, 404],
    ['POST', '/v1/groups/Users/members', { as: 'admin', body: { user: 'alice' } }],
    ['DELETE', '/v1/groups/NoGroup/members/alice', { as: 'admin' }, 404],
    // events and the rest
    ['GET', '/v1/termination-routines', { as: 'none' }, 401],
    ['GET', '/v1/events', { as: 'none' }, 401],
    ['GET', '/v1/events?after=abc', { as: 'alice' }],
    ['GET', '/v1/events?follow=1', { as: 'alice' }],
    ['GET', '/v1/events?types=a%20b', { as: 'alice' }],
    ['GET', '/v1/events', { as: 'alice', headers: { 'last-event-id': 'yesterday' } }],
    ['GET', '/v1/events/log?limit=0', { as: 'alice' }],
    ['GET', '/v1/events/log?limit=5000', { as: 'alice' }],
    ['GET', '/v1/events/log?after=-1', { as: 'alice' }],
    ['GET', '/v1/events/log?after=1&after=2', { as: 'alice' }],
    ['GET', '/v1/events/log', { as: 'forged' }, 401],
    ['GET', '/v1/nothing-here', {}, 404],
    ['GET', '/v1/users/%E0%A4%A', { as: 'admin' }, 400],
    ['PUT', '/v1/whoami', { as: 'alice', body: {} }, 404],
    ['GET', '/', {}, 404],
    ['POST', '/healthz', { body: {} }, 404],
    ['DELETE', '/metrics', {}, 404],
    ['POST', '/openapi.json', { body: {} }, 404],
  ];
  for (const luid of luids) {
    out.push(['GET', `/v1/logon-sessions/${encodeURIComponent(luid)}`, { as: 'admin' }]);
    out.push(['GET', `/v1/logon-sessions/${encodeURIComponent(luid)}/holders`, { as: 'admin' }]);
  }
  return out;
}

function tokenFor(as: string | undefined): string | undefined {
  switch (as) {
    case 'admin':
      return admin;
    case 'alice':
      return alice.token;
    case 'closed':
      return closed;
    case 'forged':
      return `lgd_${alice.handle.toString(36)}_${'A'.repeat(32)}`;
    case 'malformed':
      return 'not-a-token';
    default:
      return undefined;
  }
}

test('bad input on every route: a 4xx problem, and no state change', async () => {
  const before = await t.snapshot();
  for (const [method, path, options = {}, expected = 400] of cases()) {
    const { as, ...rest } = options;
    const token = tokenFor(as);
    const a = await t.call(method, path, { ...rest, ...(token === undefined ? {} : { token }) });
    const what = `${method} ${path} ${JSON.stringify(options).slice(0, 120)}`;
    assert.equal(a.status, expected, `${what}: ${a.text.slice(0, 300)}`);
    assert.match(a.headers.get('content-type') ?? '', /^application\/problem\+json/, what);
    assert.match(a.body.ntstatus, /^0x[0-9A-F]{8}$/, what);
    assert.equal(typeof a.body.win32, 'number', what);
    assert.ok(typeof a.body.detail === 'string' && a.body.detail.length > 10, what);
    assert.equal(a.body.status, a.status, what);
    if (a.status === 401) assert.equal(a.headers.get('www-authenticate'), 'Bearer', what);
    const now = await t.snapshot();
    assert.equal(now.lastSeq, before.lastSeq, `${what} appended an event`);
    assert.equal(now.tables, before.tables, `${what} changed the store`);
  }
});

test('bad input: a refused logon type is audited but creates nothing', async () => {
  const before = await t.snapshot();
  const a = await t.call('POST', '/v1/logon', {
    body: { userName: 'alice', password: 'alice-pw', logonType: 'Proxy' },
  });
  assert.equal(a.status, 400);
  assert.equal(a.body.title, 'STATUS_INVALID_LOGON_TYPE');
  const now = await t.snapshot();
  assert.equal(now.tables, before.tables);
  const log = await t.call('GET', `/v1/events/log?after=${before.lastSeq}`, { token: admin });
  assert.deepEqual(
    log.body.events.map((e: { type: string }) => e.type),
    ['logon.failed'],
  );
});

test('bad input: errors never echo the values sent', async () => {
  const a = await t.call('POST', '/v1/logon', {
    body: { userName: 'alice', password: { secret: 'Hunter2-echo' } },
  });
  assert.equal(a.status, 400);
  assert.ok(!a.text.includes('Hunter2-echo'));
});
