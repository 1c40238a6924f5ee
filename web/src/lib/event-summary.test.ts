import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LogondEvent } from '../../../src/client/index.ts';
import {
  auditId,
  type EventCategory,
  eventCategory,
  matchesFilter,
  summarizeEvent,
} from './event-summary.ts';

function ev(type: string, data: Record<string, unknown>, seq = 1): LogondEvent {
  return { seq, type, time: '2024-05-30T09:14:05.000Z', data };
}

test('eventCategory reads the part before the first dot', () => {
  assert.equal(eventCategory('logon-session.created'), 'logon-session');
  assert.equal(eventCategory('logon.failed'), 'logon');
  assert.equal(eventCategory('wts.logon'), 'wts');
  assert.equal(eventCategory('account.created'), 'account');
  assert.equal(eventCategory('cascade'), 'other');
  assert.equal(eventCategory('wtsx.thing'), 'other');
});

test('summarizeEvent writes a sentence for a created and a terminated logon session', () => {
  const created = ev('logon-session.created', {
    logonId: '0x0:0x3e9',
    userName: 'alice',
    logonDomain: 'HOST',
    authenticationPackage: 'MSV1_0',
    logonType: 3,
    audit: 4624,
  });
  assert.equal(summarizeEvent(created), 'Logon session 0x0:0x3e9 created for HOST\\alice (MSV1_0, Network).');
  assert.equal(auditId(created), 4624);
  assert.equal(
    summarizeEvent(ev('logon-session.terminated', { logonId: '0x0:0x3e9' })),
    'Logon session 0x0:0x3e9 terminated.',
  );
});

test('summarizeEvent names the status and sub-status of a failed logon', () => {
  const failed = ev('logon.failed', {
    status: 0xc000006e,
    subStatus: 0xc0000072,
    accountName: 'bob',
    clientAddress: '10.0.0.9',
  });
  assert.equal(
    summarizeEvent(failed),
    'Logon failed for bob from 10.0.0.9: STATUS_ACCOUNT_RESTRICTION (0xC000006E), sub-status STATUS_ACCOUNT_DISABLED (0xC0000072).',
  );
});

test('summarizeEvent writes WTS notifications with the session, station and user', () => {
  const base = { sessionId: 3, winStationName: 'RDP-Tcp#3', userName: 'alice', domain: 'HOST' };
  assert.equal(summarizeEvent(ev('wts.logon', base)), 'HOST\\alice logged on to session 3 (RDP-Tcp#3).');
  assert.equal(summarizeEvent(ev('wts.logoff', base)), 'HOST\\alice logged off session 3 (RDP-Tcp#3).');
  assert.equal(summarizeEvent(ev('wts.terminate', base)), 'Session 3 (RDP-Tcp#3) ended.');
  assert.equal(
    summarizeEvent(ev('wts.remote-disconnect', base)),
    'The client of session 3 (RDP-Tcp#3) disconnected.',
  );
  assert.equal(summarizeEvent(ev('wts.desktop-ready', { sessionId: 4 })), 'Session 4: desktop ready.');
});

test('summarizeEvent writes account changes', () => {
  assert.equal(summarizeEvent(ev('account.user-created', { userName: 'carol' })), 'User carol created.');
  assert.equal(
    summarizeEvent(ev('account.user-changed', { userName: 'carol', changed: ['disabled'] })),
    'User carol changed (disabled).',
  );
  assert.equal(
    summarizeEvent(ev('account.group-member-added', { userName: 'carol', group: 'Administrators' })),
    'carol added to Administrators.',
  );
  assert.equal(
    summarizeEvent(ev('account.something-new', { userName: 'carol' })),
    'Account something new: carol.',
  );
});

test('summarizeEvent still says something for an unknown type', () => {
  assert.equal(summarizeEvent(ev('cascade', { logonId: '0x0:0x3ea' })), 'cascade: logonId=0x0:0x3ea');
  assert.equal(summarizeEvent(ev('ping', {})), 'ping');
  assert.equal(auditId(ev('ping', { audit: '4624' })), undefined);
});

test('matchesFilter applies the categories and the text to the type and the sentence', () => {
  const all = new Set<EventCategory>(['logon-session', 'logon', 'wts', 'account', 'other']);
  const e = ev('logon-session.created', { logonId: '0x0:0x3e9', userName: 'alice' });
  assert.equal(matchesFilter(e, { categories: all, text: '' }), true);
  assert.equal(matchesFilter(e, { categories: new Set(['wts']), text: '' }), false);
  assert.equal(matchesFilter(e, { categories: all, text: 'ALICE' }), true);
  assert.equal(matchesFilter(e, { categories: all, text: ' created ' }), true);
  assert.equal(matchesFilter(e, { categories: all, text: 'bob' }), false);
});
