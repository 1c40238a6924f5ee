/**
 * The web console hook (issue 4): a `webRoot` directory is served at `/`, single-page paths get
 * its index, nothing outside it is reachable, and API paths keep their problem answers.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CONSOLE_WEB_ROOT, loadDaemonConfig } from '../src/daemon/config.ts';
import { startTestDaemon } from './_daemon-harness.ts';

test('static files: webRoot is served at /, with index.html for app paths and nothing outside it', async () => {
  const root = mkdtempSync(join(tmpdir(), 'logond-web-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(root, '..', 'logond-web-secret.txt'), 'outside');
  const t = await startTestDaemon({ config: { webRoot: root } });
  try {
    const index = await t.call('GET', '/');
    assert.equal(index.status, 200);
    assert.match(index.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(index.text, /<title>console<\/title>/);
    const js = await t.call('GET', '/assets/app.js');
    assert.equal(js.status, 200);
    assert.match(js.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.equal((await t.call('GET', '/sessions')).text, index.text, 'an app path gets the index');
    for (const path of [
      '/..%2flogond-web-secret.txt',
      '/assets/..%2f..%2flogond-web-secret.txt',
      '/%E0%A4%A',
      '/missing.js',
      '/v1/nothing',
    ]) {
      const a = await t.call('GET', path);
      assert.ok(a.status === 404 || a.status === 400, `${path}: ${a.status}`);
      assert.match(a.headers.get('content-type') ?? '', /^application\/problem\+json/, path);
      assert.ok(!a.text.includes('outside'));
    }
    assert.equal((await t.call('GET', '/healthz')).status, 200, 'API routes come first');
  } finally {
    await t.close();
  }
});

test('static files: the built-in console is the default webRoot; "none" turns it off', () => {
  assert.equal(loadDaemonConfig({ env: {} }).webRoot, CONSOLE_WEB_ROOT);
  assert.equal(loadDaemonConfig({ env: { LOGOND_WEB_ROOT: 'none' } }).webRoot, undefined);
  assert.equal(loadDaemonConfig({ env: { LOGOND_WEB_ROOT: 'site' }, cwd: '/srv' }).webRoot, '/srv/site');
});
