import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CredentialStore, credentialsPath } from './credentials.ts';

function tempFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'logond-cred-')), 'sub', 'credentials.json');
}

test('credentials file is written with mode 0600, keyed by server, and removed when empty', () => {
  const path = tempFile();
  const store = new CredentialStore(path);
  assert.equal(store.get('http://a:1'), undefined);
  store.set('http://a:1', { token: 'lgd_1_aaa', userName: 'alice', savedAt: '2025-01-01T00:00:00.000Z' });
  store.set('http://b:2', { token: 'lgd_2_bbb', savedAt: '2025-01-01T00:00:00.000Z' });
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.equal(statSync(join(path, '..')).mode & 0o777, 0o700);
  assert.equal(store.get('http://a:1')?.token, 'lgd_1_aaa');
  assert.equal(new CredentialStore(path).get('http://b:2')?.token, 'lgd_2_bbb');
  assert.deepEqual(Object.keys(JSON.parse(readFileSync(path, 'utf8')).servers), ['http://a:1', 'http://b:2']);
  assert.equal(store.delete('http://a:1'), true);
  assert.equal(store.delete('http://a:1'), false);
  assert.equal(store.get('http://b:2')?.token, 'lgd_2_bbb');
  store.delete('http://b:2');
  assert.throws(() => statSync(path), { code: 'ENOENT' });
});

test('credentials file tightens a file that was readable by others when it rewrites it', () => {
  const path = tempFile();
  const store = new CredentialStore(path);
  store.set('http://a:1', { token: 't1', savedAt: 'x' });
  writeFileSync(path, readFileSync(path), { mode: 0o644 });
  store.set('http://a:1', { token: 't2', savedAt: 'y' });
  assert.equal(statSync(path).mode & 0o777, 0o600);
});

test('credentials file refuses to overwrite a corrupt file', () => {
  const path = tempFile();
  new CredentialStore(path).set('s', { token: 't', savedAt: 'x' });
  writeFileSync(path, '{not json');
  assert.throws(() => new CredentialStore(path).get('s'), /not valid JSON/);
});

test('credentials path: LOGOND_CREDENTIALS, then XDG_CONFIG_HOME, then ~/.config', () => {
  assert.equal(
    credentialsPath({ LOGOND_CREDENTIALS: '/x/c.json', XDG_CONFIG_HOME: '/y' }, '/home/u'),
    '/x/c.json',
  );
  assert.equal(credentialsPath({ XDG_CONFIG_HOME: '/y' }, '/home/u'), '/y/logond/credentials.json');
  assert.equal(credentialsPath({}, '/home/u'), '/home/u/.config/logond/credentials.json');
});
