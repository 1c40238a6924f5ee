import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createNodeProcessHost, readProcessStat } from './node-process-host.ts';
import type { ProcessExit } from './process-host.ts';

const host = createNodeProcessHost();

/** Waits until `check` holds (real processes take a few milliseconds to die). */
async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(5);
  }
}

describe('Node process host', {
  skip: readProcessStat(process.pid) === undefined ? 'needs /proc' : false,
}, () => {
  it('spawns a program as the leader of its own process group with its /proc start time', async (t) => {
    const p = await host.spawn('sleep', ['30']);
    t.after(() => void host.signalGroup(p.pid, 'SIGKILL'));
    const stat = readProcessStat(p.pid)!;
    assert.equal(stat.pgrp, p.pid);
    assert.equal(stat.startTime, p.startTime);
    assert.ok(host.isAlive(p.pid, p.startTime));
    assert.equal(host.isAlive(p.pid, `${p.startTime}1`), false, 'another start time is another process');
    const exited = new Promise<ProcessExit>((resolve) => p.onExit(resolve));
    assert.equal(host.signalGroup(p.pid, 'SIGTERM'), true);
    assert.deepEqual(await exited, { code: null, signal: 'SIGTERM' });
    await until(() => !host.isAlive(p.pid, p.startTime));
    assert.equal(host.signalGroup(p.pid, 0), false);
  });

  it('a signal to the group reaches the programs it started; a zombie does not count as alive', async (t) => {
    const p = await host.spawn('sh', ['-c', 'trap "" TERM; sleep 30 & wait']);
    t.after(() => void host.signalGroup(p.pid, 'SIGKILL'));
    await until(() => readdirChildren(p.pid).length > 0);
    const [child] = readdirChildren(p.pid);
    host.signalGroup(p.pid, 'SIGTERM');
    await sleep(50);
    assert.ok(host.isAlive(p.pid, p.startTime), 'the shell ignores SIGTERM');
    assert.equal(host.signalGroup(p.pid, 'SIGKILL'), true);
    await until(() => !host.isAlive(p.pid, '') && !host.isAlive(child!, ''));
    await until(() => !host.signalGroup(p.pid, 0));
  });

  it('a program that does not exist is refused with ENOENT', async () => {
    await assert.rejects(
      host.spawn('/nonexistent/program', []),
      (e: NodeJS.ErrnoException) => e.code === 'ENOENT',
    );
  });

  it("names logond's own process", () => {
    const self = host.self();
    assert.equal(self.pid, process.pid);
    assert.equal(self.startTime, readProcessStat(process.pid)?.startTime);
  });
});

/** Pids whose process group is `pgrp`, other than `pgrp` itself. */
function readdirChildren(pgrp: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === pgrp) continue;
    const stat = readProcessStat(pid);
    if (stat?.pgrp === pgrp && stat.state !== 'Z') out.push(pid);
  }
  return out;
}
