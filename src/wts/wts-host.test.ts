import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createSystem } from '../system.ts';
import { createFakeProcessHost } from './_fake-process-host.ts';
import { createWtsTestSystem } from './_test-wts.ts';
import { WTSConnected, WTSDisconnected, WTSDown, WTSListen } from './connect-state.ts';

/** A fresh SQLite file, so a second system on it is a real restart. */
function sqliteFile(t: { after: (fn: () => void) => void }): { sqlite: string } {
  const dir = mkdtempSync(join(tmpdir(), 'logond-wts-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return { sqlite: join(dir, 'state.db') };
}

describe('WTS host', () => {
  it('a fresh host has Services (0, disconnected), Console (1, connected) and the RDP-Tcp listener (65536) with nobody logged on', async () => {
    const t = await createWtsTestSystem();
    const rows = await t.rows();
    assert.deepEqual(
      rows.map((r) => [r.sessionId, r.winStationName, r.state, r.userName, r.userSid]),
      [
        [0, 'Services', WTSDisconnected, '', null],
        [1, 'Console', WTSConnected, '', null],
        [65536, 'RDP-Tcp', WTSListen, '', null],
      ],
    );
    assert.deepEqual(await t.wtsEvents(), [
      { type: 'wts.create', sessionId: 0 },
      { type: 'wts.create', sessionId: 1 },
      { type: 'wts.console-connect', sessionId: 1 },
    ]);
    const host = await t.system.store.read((tx) => tx.get('hosts', 'TESTHOST'));
    assert.equal(host?.name, 'TESTHOST');
    await t.system.close();
  });

  it('WTS host state survives a restart: sessions, programs and their tokens are found again', async (t) => {
    const store = sqliteFile(t);
    const processes = createFakeProcessHost();
    const options = {
      store,
      computerName: 'TESTHOST',
      passwordHashing: { N: 16, r: 1, p: 1 },
      wts: { processHost: processes },
    };
    const first = await createSystem(options);
    await first.accounts.createUser({ userName: 'alice', password: 'pw' });
    const r = await first.wts.logon({ userName: 'alice', password: 'pw' });
    const caller = (await first.kernel.identify(r.handle!))!;
    const started = await first.wts.startProgram(caller, 'current', 'sleep', ['60']);
    await first.close();
    const second = await createSystem(options);
    const sessions = await second.wts.listSessions(second.trustedCaller);
    assert.deepEqual(
      sessions.map((s) => s.sessionId),
      [0, 1, r.sessionId!, 65536],
    );
    const listed = await second.wts.listProcesses(second.trustedCaller, { sessionId: r.sessionId! });
    assert.deepEqual(
      listed.processes?.map((p) => p.pid),
      [started.pid],
    );
    // The adopted program is polled: when it ends, its token closes.
    processes.exit(started.pid!);
    await new Promise((resolve) => setTimeout(resolve, 120));
    const after = await second.wts.listProcesses(second.trustedCaller, { sessionId: r.sessionId! });
    assert.deepEqual(after.processes, []);
    const holders = await second.kernel.holdersOf(r.logonId!);
    assert.deepEqual(holders.flatMap((h) => h.handles.map((x) => x.holder)).sort(), [
      'client',
      `wts:${r.sessionId}`,
    ]);
    await second.close();
  });

  it('WTS host marks a session whose token is gone as WTSDown at start, and reset deletes it', async (t) => {
    const store = sqliteFile(t);
    const options = {
      store,
      computerName: 'TESTHOST',
      passwordHashing: { N: 16, r: 1, p: 1 },
      wts: { processHost: createFakeProcessHost() },
    };
    const first = await createSystem(options);
    await first.accounts.createUser({ userName: 'alice', password: 'pw' });
    const r = await first.wts.logon({ userName: 'alice', password: 'pw' });
    const row = await first.store.read((tx) => tx.get('wtsSessions', `TESTHOST/${r.sessionId}`));
    await first.kernel.closeHandle(row!.tokenHandle!);
    await first.close();
    const second = await createSystem(options);
    const s = await second.wts.getSession(second.trustedCaller, r.sessionId!);
    assert.equal(s.session?.state, WTSDown);
    assert.equal(await second.wts.reset(second.trustedCaller, r.sessionId!), 0);
    assert.equal((await second.wts.getSession(second.trustedCaller, r.sessionId!)).status, 0xc00a0015);
    await second.close();
  });
});
