import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { LOCK_FILE, lockDataDir } from './data-dir-lock.ts';

test('lockDataDir admits one holder at a time and releases on demand', () => {
  const dir = mkdtempSync(join(tmpdir(), 'logond-lock-'));
  const release = lockDataDir(dir);
  assert.equal(readFileSync(join(dir, LOCK_FILE), 'utf8').trim(), String(process.pid));
  assert.throws(() => lockDataDir(dir), /another logond daemon \(pid \d+\) uses the data directory/);
  release();
  assert.equal(existsSync(join(dir, LOCK_FILE)), false);
  lockDataDir(dir)();
});

test('lockDataDir takes over a lock left by a process that is gone', () => {
  const dir = mkdtempSync(join(tmpdir(), 'logond-lock-'));
  // The largest pid Linux hands out is 4,194,304; this one cannot be running.
  writeFileSync(join(dir, LOCK_FILE), '2147483646\n');
  const release = lockDataDir(dir);
  assert.equal(readFileSync(join(dir, LOCK_FILE), 'utf8').trim(), String(process.pid));
  release();
});
