import assert from 'node:assert/strict';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { problem, startStubDaemon } from '../_stub-daemon.ts';
import { createTestIo } from '../_test-io.ts';
import { CredentialStore } from '../credentials.ts';
import { runCli } from '../main.ts';

test('logout closes the token and forgets it; an already closed token is forgotten too', async () => {
  let closed = false;
  const srv = await startStubDaemon((req) => {
    if (req.method === 'DELETE' && req.url === '/v1/tokens/current') {
      if (closed) return problem(401, 'STATUS_ACCESS_DENIED', '0xC0000022', 5, 'The token is closed.');
      closed = true;
      return { status: 204 };
    }
    return problem(404, 'STATUS_NOT_FOUND', '0xC0000225', 1168, 'No route.');
  });
  const cred = join(mkdtempSync(join(tmpdir(), 'logond-logout-')), 'c.json');
  const env = { LOGOND_SERVER: srv.url, LOGOND_CREDENTIALS: cred };
  new CredentialStore(cred).set(srv.url, { token: 'lgd_3_abc', savedAt: 'x' });
  const io = createTestIo({ env });
  assert.equal(await runCli(['logout'], io), 0, io.err());
  assert.equal(io.out(), `Signed out of ${srv.url}: token closed.\nRemoved it from ${cred}.\n`);
  assert.throws(() => statSync(cred), { code: 'ENOENT' });
  assert.equal(srv.seen[0]?.auth, 'Bearer lgd_3_abc');
  new CredentialStore(cred).set(srv.url, { token: 'lgd_3_abc', savedAt: 'x' });
  const again = createTestIo({ env });
  assert.equal(await runCli(['logout'], again), 0);
  assert.match(again.out(), /^The token was already closed; signed out of/);
  assert.equal(new CredentialStore(cred).get(srv.url), undefined);
  await srv.close();
});
