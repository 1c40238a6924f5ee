/**
 * The cascade of spec §3 with real processes: logoff → programs end (SIGTERM, then SIGKILL after
 * the grace period for one that ignores it) → their tokens and the session's close → the logon
 * session terminates once the caller's handle closes → routines and packages see the LUID once.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { createScriptedPackage } from '../src/lsa/_test-package.ts';
import { STATUS_CTX_WINSTATION_NOT_FOUND, STATUS_SUCCESS } from '../src/nt/ntstatus.ts';
import { createSystem, type SystemOptions } from '../src/system.ts';
import { readProcessStat } from '../src/wts/node-process-host.ts';

const PROGRAMS: [string, string[]][] = [
  ['sleep', ['60']],
  ['sh', ['-c', 'trap "" TERM; sleep 60 & wait']],
  ['sleep', ['61']],
];

/** Live (non-zombie) pids of process group `pgrp`. */
function groupMembers(pgrp: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const stat = readProcessStat(pid);
    if (stat !== undefined && stat.pgrp === pgrp && stat.state !== 'Z' && stat.state !== 'X') out.push(pid);
  }
  return out;
}

async function until(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(10);
  }
}

async function setUp(t: TestContext, extra: Partial<SystemOptions> = {}) {
  const probe = createScriptedPackage('Probe');
  const system = await createSystem({
    computerName: 'TESTHOST',
    passwordHashing: { N: 16, r: 1, p: 1 },
    packages: [probe],
    logger: { warn() {} },
    wts: { gracePeriodMs: 300, pollMs: 20 },
    ...extra,
  });
  const groups: number[] = [];
  t.after(() => {
    for (const g of groups) {
      try {
        process.kill(-g, 'SIGKILL');
      } catch {}
    }
  });
  const routine: bigint[] = [];
  system.kernel.registerTerminationRoutine((luid) => void routine.push(luid));
  await system.accounts.createUser({ userName: 'alice', password: 'pw' });
  const logon = await system.wts.logon({ userName: 'alice', password: 'pw' });
  assert.equal(logon.status, STATUS_SUCCESS);
  const caller = (await system.kernel.identify(logon.handle!))!;
  const pids: number[] = [];
  for (const [program, args] of PROGRAMS) {
    const p = await system.wts.startProgram(caller, 'current', program, args);
    assert.equal(p.status, STATUS_SUCCESS);
    pids.push(p.pid!);
    groups.push(p.pid!);
  }
  // The shell's own child is in its group too.
  await until(() => groupMembers(pids[1]!).length === 2);
  return { system, probe, routine, caller, logon, pids, groups };
}

function leftOver(groups: readonly number[]): number[] {
  return groups.flatMap(groupMembers);
}

describe('WTS logoff with real processes (spec §3)', {
  skip: readProcessStat(process.pid) === undefined ? 'needs /proc' : false,
}, () => {
  it('logoff with wait returns once the session is gone and no process is left; the cascade runs once', async (t) => {
    const s = await setUp(t);
    assert.equal((await s.system.kernel.holdersOf(s.logon.logonId!)).length, 4);
    const started = performance.now();
    assert.equal(await s.system.wts.logoff(s.caller, 'current', { wait: true }), STATUS_SUCCESS);
    const took = performance.now() - started;
    assert.ok(took >= 290, `the program ignoring SIGTERM holds the logoff for the grace period (${took} ms)`);
    assert.deepEqual(leftOver(s.groups), []);
    assert.equal(
      (await s.system.wts.getSession(s.system.trustedCaller, s.logon.sessionId!)).status,
      STATUS_CTX_WINSTATION_NOT_FOUND,
    );
    // The caller's handle still holds the logon session (spec §3.3).
    await s.system.settled();
    assert.deepEqual([s.routine, s.probe.terminated], [[], []]);
    assert.ok((await s.system.lsa.enumerateLogonSessions()).includes(s.logon.logonId!));
    await s.system.kernel.closeHandle(s.logon.handle!);
    await s.system.settled();
    assert.deepEqual(s.routine, [s.logon.logonId]);
    assert.deepEqual(s.probe.terminated, [s.logon.logonId]);
    assert.equal((await s.system.lsa.enumerateLogonSessions()).includes(s.logon.logonId!), false);
    await s.system.close();
  });

  it('logoff without wait returns at once; the session goes away in the background and no process is left', async (t) => {
    const s = await setUp(t);
    await s.system.kernel.closeHandle(s.logon.handle!);
    const started = performance.now();
    assert.equal(await s.system.wts.logoff(s.caller, s.logon.sessionId!, { wait: false }), STATUS_SUCCESS);
    assert.ok(performance.now() - started < 250, 'well inside the grace period');
    assert.ok(
      (await s.system.wts.listSessions(s.system.trustedCaller)).some(
        (x) => x.sessionId === s.logon.sessionId,
      ),
    );
    await until(
      async () =>
        (await s.system.wts.getSession(s.system.trustedCaller, s.logon.sessionId!)).status ===
        STATUS_CTX_WINSTATION_NOT_FOUND,
    );
    assert.deepEqual(leftOver(s.groups), []);
    await s.system.settled();
    assert.deepEqual(s.routine, [s.logon.logonId]);
    assert.deepEqual(s.probe.terminated, [s.logon.logonId]);
    await s.system.close();
  });

  it('a restarted logond recognises the programs of a session by pid and start time, and its logoff ends them', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'logond-wts-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const store = { sqlite: join(dir, 'state.db') };
    const s = await setUp(t, { store });
    await s.system.close();
    assert.equal(leftOver(s.groups).length, 4, 'closing logond leaves the programs running');
    const again = await createSystem({
      store,
      computerName: 'TESTHOST',
      passwordHashing: { N: 16, r: 1, p: 1 },
      packages: [createScriptedPackage('Probe')],
      logger: { warn() {} },
      wts: { gracePeriodMs: 300, pollMs: 20 },
    });
    const listed = await again.wts.listProcesses(again.trustedCaller, { sessionId: s.logon.sessionId! });
    assert.deepEqual(listed.processes?.map((p) => p.pid).sort(), [...s.pids].sort());
    assert.equal(
      await again.wts.logoff(again.trustedCaller, s.logon.sessionId!, { wait: true }),
      STATUS_SUCCESS,
    );
    assert.deepEqual(leftOver(s.groups), []);
    await again.close();
  });

  it('a script awaiting a logoff is not cut short: signalled programs keep the event loop alive until they exit', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'logond-wts-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const root = pathToFileURL(join(import.meta.dirname, '..', 'src')).href;
    const script = join(dir, 'logoff.ts');
    writeFileSync(
      script,
      `import { createSystem } from '${root}/system.ts';
import { createScriptedPackage } from '${root}/lsa/_test-package.ts';
const system = await createSystem({ packages: [createScriptedPackage('Fast')], logger: { warn() {} }, wts: { gracePeriodMs: 200 } });
const r = await system.wts.logon({ userName: 'x', password: '', package: 'Fast' });
const caller = await system.kernel.identify(r.handle);
const p = await system.wts.startProgram(caller, 'current', 'sh', ['-c', 'trap "" TERM; sleep 30']);
const status = await system.wts.logoff(caller, 'current', { wait: true });
console.log(JSON.stringify({ status, pid: p.pid }));
`,
    );
    const out = execFileSync(process.execPath, [script], { encoding: 'utf8', timeout: 20_000 });
    const { status, pid } = JSON.parse(out.trim()) as { status: number; pid: number };
    assert.equal(status, STATUS_SUCCESS);
    assert.deepEqual(groupMembers(pid), []);
  });
});
