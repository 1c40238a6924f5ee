import assert from 'node:assert/strict';
import { test } from 'node:test';
import { groupNameProblem, isUserName, toAccountKey, userNameProblem } from './account-name.ts';

test('userNameProblem accepts Windows-valid user names', () => {
  for (const name of [
    'alice',
    'Bob Smith',
    'a',
    'x'.repeat(20),
    'jean-luc',
    'o.neil',
    'user_1',
    'Ünïcødé',
    '.hidden',
    'S-1-5-18',
  ]) {
    assert.equal(userNameProblem(name), undefined, name);
    assert.equal(isUserName(name), true, name);
  }
});

test('userNameProblem rejects bad user names with a sentence', () => {
  for (const name of [
    '',
    'x'.repeat(21),
    '...',
    ' . ',
    '   ',
    ' alice',
    'alice ',
    'tab\there',
    'nul\u0000',
  ]) {
    assert.equal(typeof userNameProblem(name), 'string', JSON.stringify(name));
  }
  for (const c of '"/\\[]:;|=,+*?<>@') {
    const problem = userNameProblem(`a${c}b`);
    assert.match(problem ?? '', /not allowed/, c);
  }
  assert.match(userNameProblem(42) ?? '', /string/);
  assert.equal(isUserName(undefined), false);
});

test('groupNameProblem allows up to 256 characters', () => {
  assert.equal(groupNameProblem('Remote Desktop Users'), undefined);
  assert.equal(groupNameProblem('g'.repeat(256)), undefined);
  assert.match(groupNameProblem('g'.repeat(257)) ?? '', /longer than 256/);
  assert.match(groupNameProblem('a,b') ?? '', /not allowed/);
});

test('toAccountKey makes names case-insensitive', () => {
  assert.equal(toAccountKey('Alice'), toAccountKey('ALICE'));
  assert.equal(toAccountKey('Remote Desktop Users'), 'remote desktop users');
});
