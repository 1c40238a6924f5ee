import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  STATUS_ACCESS_DENIED,
  STATUS_CTX_WINSTATION_NOT_FOUND,
  STATUS_NO_TOKEN,
  STATUS_NOT_FOUND,
  STATUS_SUCCESS,
} from '../nt/ntstatus.ts';
import { createWtsTestSystem } from './_test-wts.ts';

const tick = async (n = 8) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('WTS session programs', () => {
  it('a program holds its own duplicate of the user token (holder process:<pid>) and is listed', async () => {
    const t = await createWtsTestSystem();
    const alice = await t.logon('alice');
    const p = await t.system.wts.startProgram(alice.caller, 'current', '/usr/bin/editor', ['notes.txt']);
    assert.equal(p.status, STATUS_SUCCESS);
    const holders = await t.system.kernel.holdersOf(alice.logonId);
    const mine = holders.find((h) => h.handles.some((x) => x.holder === `process:${p.pid}`));
    assert.ok(mine, 'a token held by the process');
    assert.deepEqual(
      [mine.token.source, mine.token.type, mine.token.sessionId, mine.handles.length],
      ['process', 1, alice.sessionId, 1],
    );
    assert.notEqual(
      mine.token.id,
      holders.find((h) => h.token.source === 'logon')?.token.id,
      'a new token object',
    );
    const listed = await t.system.wts.listProcesses(alice.caller, { sessionId: 'current' });
    assert.deepEqual(
      listed.processes?.map((x) => [x.pid, x.sessionId, x.program, x.args, x.userSid]),
      [[p.pid, alice.sessionId, '/usr/bin/editor', ['notes.txt'], alice.caller.user]],
    );
    await t.system.close();
  });

  it('with an allow-list, ordinary users start only listed programs; administrators any; nothing spawns on refusal', async () => {
    const t = await createWtsTestSystem({ wts: { allowedPrograms: ['/usr/bin/editor'] } });
    const alice = await t.logon('alice');
    const carol = await t.logon('carol');
    assert.equal(
      (await t.system.wts.startProgram(alice.caller, 'current', '/usr/bin/editor')).status,
      STATUS_SUCCESS,
    );
    const before = (await t.system.wts.listProcesses(carol.caller)).processes?.length;
    assert.equal(
      (await t.system.wts.startProgram(alice.caller, 'current', '/bin/sh', ['-c', 'id'])).status,
      STATUS_ACCESS_DENIED,
    );
    assert.equal(
      (await t.system.wts.listProcesses(carol.caller)).processes?.length,
      before,
      'nothing was spawned',
    );
    assert.equal(
      (await t.system.wts.startProgram(carol.caller, 'current', '/bin/sh', ['-c', 'id'])).status,
      STATUS_SUCCESS,
    );
    await t.system.close();
  });

  it('a program that exits closes its token', async () => {
    const t = await createWtsTestSystem();
    const alice = await t.logon('alice');
    const p = await t.system.wts.startProgram(alice.caller, 'current', 'job');
    t.processes.exit(p.pid!);
    await tick();
    assert.equal((await t.system.kernel.holdersOf(alice.logonId)).length, 1);
    assert.deepEqual(
      (await t.system.wts.listProcesses(alice.caller, { sessionId: 'current' })).processes,
      [],
    );
    await t.system.close();
  });

  it("programs start in one's own session, or in any with SeTcbPrivilege", async () => {
    const t = await createWtsTestSystem();
    const alice = await t.logon('alice');
    const carol = await t.logon('carol');
    assert.equal(
      (await t.system.wts.startProgram(carol.caller, alice.sessionId, 'x')).status,
      STATUS_ACCESS_DENIED,
      'administrators lack SeTcb',
    );
    assert.equal(
      (await t.system.wts.startProgram(t.system.trustedCaller, alice.sessionId, 'x')).status,
      STATUS_SUCCESS,
    );
    assert.equal((await t.system.wts.startProgram(t.system.trustedCaller, 1, 'x')).status, STATUS_NO_TOKEN);
    assert.equal(
      (await t.system.wts.startProgram(t.system.trustedCaller, 42, 'x')).status,
      STATUS_CTX_WINSTATION_NOT_FOUND,
    );
    await t.system.close();
  });

  it('a program that cannot be started leaves no row and no token', async () => {
    const t = await createWtsTestSystem();
    const alice = await t.logon('alice');
    const r = await t.system.wts.startProgram(alice.caller, 'current', 'missing');
    assert.deepEqual([r.status, r.error], [STATUS_NOT_FOUND, 'ENOENT']);
    assert.equal((await t.system.kernel.holdersOf(alice.logonId)).length, 1);
    await t.system.close();
  });

  it('the host process is listed in session 0; other users see names but neither arguments nor user', async () => {
    const t = await createWtsTestSystem();
    const alice = await t.logon('alice');
    const bob = await t.logon('bob');
    await t.system.wts.startProgram(alice.caller, 'current', 'secret-tool', ['--token', 'x']);
    const seen = (await t.system.wts.listProcesses(bob.caller)).processes!;
    assert.deepEqual(
      seen.map((p) => [p.sessionId, p.program, p.args, p.userSid]),
      [
        [0, 'node', [], null],
        [alice.sessionId, 'secret-tool', [], null],
      ],
    );
    assert.equal(
      (await t.system.wts.listProcesses(bob.caller, { sessionId: alice.sessionId })).status,
      STATUS_ACCESS_DENIED,
    );
    await t.system.close();
  });
});
