import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitAccount } from './account-name.ts';

test('splitAccount reads DOMAIN\\user and a bare user name', () => {
  assert.deepEqual(splitAccount('alice'), { userName: 'alice' });
  assert.deepEqual(splitAccount(' alice '), { userName: 'alice' });
  assert.deepEqual(splitAccount('HOST\\alice'), { domain: 'HOST', userName: 'alice' });
  assert.deepEqual(splitAccount('\\alice'), { domain: '', userName: 'alice' });
});
