import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitArgs } from './split-args.ts';

test('splitArgs splits on blanks and keeps quoted blanks', () => {
  assert.deepEqual(splitArgs('  -c   "echo hi there"  x '), { ok: true, args: ['-c', 'echo hi there', 'x'] });
  assert.deepEqual(splitArgs(''), { ok: true, args: [] });
});

test('splitArgs keeps \'…\' literal and honours escapes in "…" and outside quotes', () => {
  assert.deepEqual(splitArgs(`'a "b" \\c'`), { ok: true, args: ['a "b" \\c'] });
  assert.deepEqual(splitArgs(`"say \\"hi\\" \\\\ \\n"`), { ok: true, args: ['say "hi" \\ \\n'] });
  assert.deepEqual(splitArgs('a\\ b'), { ok: true, args: ['a b'] });
  assert.deepEqual(splitArgs(`'' ""`), { ok: true, args: ['', ''] });
  assert.deepEqual(splitArgs(`pre"fix"'ed'`), { ok: true, args: ['prefixed'] });
});

test('splitArgs refuses an unclosed quote with a sentence', () => {
  const r = splitArgs('"oops');
  assert.equal(r.ok, false);
  assert.match(r.ok ? '' : r.error, /unclosed " quote/);
});
