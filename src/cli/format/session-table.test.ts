import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HOST_SESSIONS, wtsSession } from './_fixtures.ts';
import { formatSessionTable, matchesSession } from './session-table.ts';

test('qwinsta table has the Windows columns at the Windows positions and > on the caller (test 96)', () => {
  assert.equal(
    formatSessionTable(HOST_SESSIONS),
    [
      ' SESSIONNAME       USERNAME                 ID  STATE   TYPE        DEVICE',
      ' services                                    0  disc',
      ' console                                     1  conn    wdcon',
      '>rdp-tcp#2         alice                     2  active  rdpwd',
      ' rdp-tcp#3         Bob                       3  disc    rdpwd',
      ' rdp-tcp                                 65536  listen  rdpwd',
    ].join('\n'),
  );
});

test('qwinsta prints every state word and keeps columns aligned with long names', () => {
  const words = ['active', 'conn', 'connQ', 'shadow', 'disc', 'idle', 'listen', 'reset', 'down', 'init'];
  for (const [state, word] of words.entries()) {
    const line = formatSessionTable([wtsSession({ sessionId: 7, winStationName: 'X', state })]).split(
      '\n',
    )[1];
    assert.equal(line?.slice(48).trimEnd(), word);
  }
  const long = wtsSession({
    sessionId: 12,
    winStationName: 'A-very-long-station-name',
    userName: 'twenty-chars-user-nm',
    state: 0,
  });
  const line = formatSessionTable([long]).split('\n')[1] ?? '';
  assert.equal(line.slice(0, 19), ' a-very-long-stati ');
  assert.equal(line.slice(19, 39), 'twenty-chars-user-nm');
  assert.equal(line.slice(39, 46), '     12');
});

test('qwinsta selector matches a session name, a user name or an id', () => {
  const names = (sel: string) => HOST_SESSIONS.filter((s) => matchesSession(s, sel)).map((s) => s.sessionId);
  assert.deepEqual(names('rdp-tcp#2'), [2]);
  assert.deepEqual(names('BOB'), [3]);
  assert.deepEqual(names('65536'), [65536]);
  assert.deepEqual(names('nobody'), []);
});
