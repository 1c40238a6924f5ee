import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError, DAEMON_DEFAULTS, loadDaemonConfig, TEST_FAST_KDF } from './config.ts';

function file(content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'logond-config-'));
  const path = join(dir, 'logond.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

test('loadDaemonConfig gives the defaults with nothing set', () => {
  const c = loadDaemonConfig({ env: {}, cwd: '/srv' });
  assert.equal(c.port, 7390);
  assert.equal(c.host, '127.0.0.1');
  assert.equal(c.dataDir, '/srv/.logond');
  assert.deepEqual(c.packages, []);
  assert.equal(c.logLevel, 'info');
  assert.deepEqual(c.rateLimit, DAEMON_DEFAULTS.rateLimit);
  assert.equal(c.passwordHashing, undefined);
  assert.equal(c.adminPassword, undefined);
});

test('loadDaemonConfig takes flags over environment over file over defaults', () => {
  const path = file({
    port: 1111,
    host: '0.0.0.0',
    dataDir: 'data',
    logLevel: 'warn',
    packages: ['./pkg.ts'],
    rateLimit: { perUser: 3 },
  });
  const dir = join(path, '..');
  const fromFile = loadDaemonConfig({ env: { LOGOND_CONFIG: path }, cwd: '/elsewhere' });
  assert.equal(fromFile.port, 1111);
  assert.equal(fromFile.dataDir, join(dir, 'data'), 'paths in the file are relative to the file');
  assert.deepEqual(fromFile.packages, [join(dir, 'pkg.ts')]);
  assert.deepEqual(fromFile.rateLimit, { ...DAEMON_DEFAULTS.rateLimit, perUser: 3 });
  const env = {
    LOGOND_CONFIG: path,
    LOGOND_PORT: '2222',
    LOGOND_PACKAGES: 'a-package, ./b.ts',
    LOGOND_LOG_LEVEL: 'debug',
  };
  const fromEnv = loadDaemonConfig({ env, cwd: '/work' });
  assert.equal(fromEnv.port, 2222);
  assert.equal(fromEnv.host, '0.0.0.0');
  assert.deepEqual(fromEnv.packages, ['a-package', '/work/b.ts']);
  assert.equal(fromEnv.logLevel, 'debug');
  assert.deepEqual(
    loadDaemonConfig({ env: { LOGOND_ALLOWED_PROGRAMS: 'sleep,/usr/bin/bash' } }).allowedPrograms,
    ['sleep', '/usr/bin/bash'],
  );
  assert.deepEqual(loadDaemonConfig({ env: { LOGOND_TRUST_PROXY: '10.0.0.1, 192.168.0.0/16' } }).trustProxy, [
    '10.0.0.1',
    '192.168.0.0/16',
  ]);
  const fromFlags = loadDaemonConfig({ env, cwd: '/work', flags: { port: 0, dataDir: 'd' } });
  assert.equal(fromFlags.port, 0);
  assert.equal(fromFlags.dataDir, '/work/d');
  assert.equal(fromFlags.logLevel, 'debug');
  assert.equal(
    loadDaemonConfig({ env: {}, flags: { config: path } }).port,
    1111,
    'the file can come from a flag',
  );
});

test('loadDaemonConfig rejects bad values with a message naming the key and the source', () => {
  const bad: [Parameters<typeof loadDaemonConfig>[0], RegExp][] = [
    [{ env: { LOGOND_PORT: 'eighty' } }, /port must be an integer from 0 to 65535.*environment/],
    [{ env: { LOGOND_PORT: '70000' } }, /port/],
    [{ env: { LOGOND_LOG_LEVEL: 'loud' } }, /logLevel must be one of debug, info, warn, error, silent/],
    [{ env: { LOGOND_TEST_FAST_KDF: 'yes' } }, /LOGOND_TEST_FAST_KDF must be 1 or 0/],
    [{ env: {}, flags: { host: '' } }, /host must be a non-empty string.*command line/],
    [{ env: { LOGOND_CONFIG: file({ prot: 1 }) } }, /unknown key "prot"/],
    [{ env: { LOGOND_CONFIG: file('{ not json') } }, /not valid JSON/],
    [{ env: { LOGOND_CONFIG: file({ port: '80' }) } }, /port must be an integer/],
    [{ env: { LOGOND_CONFIG: file({ rateLimit: { perUser: 0 } }) } }, /rateLimit.perUser/],
    [{ env: { LOGOND_CONFIG: '/nonexistent/logond.json' } }, /cannot read the configuration file/],
    [{ env: { LOGOND_TRUST_PROXY: 'proxy.example' } }, /trustProxy\[0\] must be an IP address/],
  ];
  for (const [sources, message] of bad)
    assert.throws(
      () => loadDaemonConfig(sources),
      (e: unknown) => e instanceof ConfigError && message.test(e.message),
    );
});

test('LOGOND_TEST_FAST_KDF=1 selects the test-only scrypt cost', () => {
  assert.deepEqual(loadDaemonConfig({ env: { LOGOND_TEST_FAST_KDF: '1' } }).passwordHashing, TEST_FAST_KDF);
  assert.equal(loadDaemonConfig({ env: { LOGOND_TEST_FAST_KDF: '0' } }).passwordHashing, undefined);
});

test('loadDaemonConfig reads the cluster settings from flags, environment and file', () => {
  const none = loadDaemonConfig({ env: {} });
  assert.equal(none.database, undefined, 'SQLite unless a database URL is given');
  assert.equal(none.hostHeartbeatMs, DAEMON_DEFAULTS.hostHeartbeatMs);
  const path = file({
    databaseUrl: 'postgres://logond@db:5432/logond',
    hostName: 'hosta',
    downAfterMs: 9000,
  });
  const c = loadDaemonConfig({
    env: { LOGOND_CONFIG: path, LOGOND_HEARTBEAT_MS: '500', LOGOND_ADVERTISE_URL: 'http://10.0.0.5:7391/' },
    flags: { databaseSchema: 'cluster_one' },
  });
  assert.deepEqual(c.database, { url: 'postgres://logond@db:5432/logond', schema: 'cluster_one' });
  assert.equal(c.hostName, 'hosta');
  assert.equal(c.advertiseUrl, 'http://10.0.0.5:7391', 'the trailing slash goes');
  assert.deepEqual([c.hostHeartbeatMs, c.downAfterMs], [500, 9000]);
  assert.equal(c.tokenRevocation, 'pushed');
  assert.equal(
    loadDaemonConfig({ env: { LOGOND_TOKEN_REVOCATION: 'notified' } }).tokenRevocation,
    'notified',
  );
  assert.equal(
    loadDaemonConfig({ env: { LOGOND_DATABASE_URL: 'postgresql://u@h/d' } }).database?.schema,
    DAEMON_DEFAULTS.databaseSchema,
  );
});

test('loadDaemonConfig refuses bad cluster settings, never repeating a database password', () => {
  const bad = (env: Record<string, string>, pattern: RegExp) =>
    assert.throws(
      () => loadDaemonConfig({ env }),
      (e: unknown) => e instanceof ConfigError && pattern.test(e.message) && !e.message.includes('s3cret-pw'),
    );
  bad({ LOGOND_DATABASE_URL: 'mysql://u:s3cret-pw@h/d' }, /postgres:\/\/.*\*\*\*/);
  bad({ LOGOND_DATABASE_URL: 'not a url s3cret-pw' }, /databaseUrl is not a valid URL/);
  bad({ LOGOND_DATABASE_SCHEMA: 'Bad-Schema' }, /databaseSchema/);
  bad({ LOGOND_HOST_NAME: 'localhost' }, /hostName/);
  bad({ LOGOND_HOST_NAME: 'a b' }, /hostName/);
  bad({ LOGOND_ADVERTISE_URL: 'ftp://x' }, /advertiseUrl/);
  bad(
    { LOGOND_TOKEN_REVOCATION: 'eventually' },
    /tokenRevocation must be one of immediate, pushed, notified/,
  );
  bad({ LOGOND_HEARTBEAT_MS: '5000', LOGOND_DOWN_AFTER_MS: '4000' }, /downAfterMs .* longer/);
  bad({ LOGOND_DATABASE_URL: 'postgres://u:s3cret-pw@h/d', LOGOND_HOST: '0.0.0.0' }, /set advertiseUrl/);
});
