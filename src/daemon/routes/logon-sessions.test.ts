/** `GET /v1/logon-sessions` over real HTTP: the cached JSON is the session's current view. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createUser, startTestDaemon, type TestDaemon } from '../../../test/_daemon-harness.ts';

let t: TestDaemon;
before(async () => {
  t = await startTestDaemon();
  await createUser(t, 'carol', 'carol-pw');
  await createUser(t, 'dave', 'dave-pw');
});
after(() => t.close());

const logon = async (userName: string) =>
  (
    await t.call('POST', '/v1/logon', {
      body: { userName, password: `${userName}-pw`, logonType: 'Interactive' },
    })
  ).body as { token: string; logonId: string };

test('the list answers each session as GET /v1/logon-sessions/:luid does, following changes', async () => {
  const first = await logon('carol');
  const second = await logon('carol');
  const other = await logon('dave');
  const list = async () => {
    const answer = await t.call('GET', '/v1/logon-sessions', { token: first.token });
    assert.equal(answer.status, 200);
    assert.match(String(answer.headers.get('content-type')), /^application\/json/);
    return answer.body.sessions as { logonId: string; referenceCount: number; userName: string }[];
  };
  const before = await list();
  assert.deepEqual(
    before.map((s) => s.logonId),
    [first.logonId, second.logonId],
  );
  for (const s of before) {
    const one = await t.call('GET', `/v1/logon-sessions/${s.logonId}`, { token: first.token });
    assert.deepEqual(s, one.body);
  }
  assert.deepEqual(await list(), before, 'the same answer again (from the kept JSON)');

  // A second token on the first session: its reference count changes in the list at once.
  const dup = await t.call('POST', '/v1/tokens/duplicate', {
    token: first.token,
    body: { tokenType: 'impersonation', impersonationLevel: 2 },
  });
  assert.equal(dup.status, 201);
  const after = await list();
  assert.equal(after[0]!.referenceCount, before[0]!.referenceCount + 1);
  assert.deepEqual(after[1], before[1]);

  // Logoff: the session leaves the list.
  assert.equal((await t.call('DELETE', '/v1/tokens/current', { token: second.token })).status, 204);
  const deadline = Date.now() + 5000;
  while ((await list()).some((s) => s.logonId === second.logonId)) {
    assert.ok(Date.now() < deadline, 'the logged-off session is still listed');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.ok(!(await list()).some((s) => s.logonId === other.logonId));
});
