/** Crash and throughput tests of the SQLite store: slower than the rest, and on real files. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createSqliteStore } from './sqlite-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'logond-sqlite-durability-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the crash child until it has acknowledged `count` transactions, then SIGKILLs it. */
function ackThenKill(path: string, count: number): Promise<number[]> {
  const child = spawn(process.execPath, [join(import.meta.dirname, '_crash-child.ts'), path], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const acked: number[] = [];
  let partial = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdout.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) acked.push(Number(line));
    if (acked.length >= count && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal === 'SIGKILL') resolve(acked);
      else reject(new Error(`crash child exited with ${code} before it was killed: ${stderr}`));
    });
  });
}

describe('SqliteStore durability', () => {
  it('SqliteStore keeps every acknowledged transaction when its process is killed mid-stream', async () => {
    const path = join(dir, 'crash.db');
    const acked = await ackThenKill(path, 500);
    assert.ok(acked.length >= 500, `the child acknowledged ${acked.length} transactions`);
    const store = createSqliteStore({ path });
    try {
      const rows = await store.read((tx) => acked.map((id) => tx.get('meta', `ack-${id}`)));
      const missing = acked.filter((id, i) => rows[i]?.value !== BigInt(id) << 33n);
      assert.deepEqual(missing, [], 'acknowledged rows lost in the crash');
      const events = await store.readEvents({ after: 0, limit: 1_000_000, types: ['crash.ack'] });
      const eventIds = new Set(events.map((e) => e.data['id']));
      assert.deepEqual(
        acked.filter((id) => !eventIds.has(id)),
        [],
        'acknowledged events lost in the crash',
      );
      const last = await store.lastEventSeq();
      assert.equal(last, events.at(-1)!.seq);
      const next = await store.transact((tx) => tx.appendEvent('after.crash', {}, 0));
      assert.equal(next, last + 1, 'sequence numbers continue after the crash');
      console.log(
        `# crash: ${acked.length} acknowledged, ${events.length} found after SIGKILL, next seq ${next}`,
      );
    } finally {
      await store.close();
    }
  });

  it('SqliteStore throughput of concurrent small transactions (printed, loosely asserted)', async () => {
    const store = createSqliteStore({ path: join(dir, 'throughput.db') });
    try {
      const rounds = 20;
      const perRound = 1000;
      const started = performance.now();
      for (let r = 0; r < rounds; r++) {
        await Promise.all(
          Array.from({ length: perRound }, (_, i) =>
            store.transact((tx) => {
              const id = r * perRound + i;
              tx.put('handles', {
                id,
                tokenId: id % 97,
                holder: `client-${id}`,
                secretHash: null,
                createdAt: id,
              });
              tx.appendEvent('handle.opened', { id, logonId: BigInt(id) }, id);
            }),
          ),
        );
      }
      const concurrentMs = performance.now() - started;
      const { commits, transactions } = store.stats();
      const serialStart = performance.now();
      for (let i = 0; i < 200; i++)
        await store.transact((tx) => tx.put('meta', { name: 'serial', value: i }));
      const serialMs = performance.now() - serialStart;
      const total = rounds * perRound;
      console.log(
        `# sqlite store: ${total} concurrent transactions in ${concurrentMs.toFixed(0)} ms = ` +
          `${Math.round((total / concurrentMs) * 1000)} tx/s, ${commits} commits (${(transactions / commits).toFixed(0)} tx per commit); ` +
          `200 awaited one by one: ${Math.round((200 / serialMs) * 1000)} tx/s (one fsync each)`,
      );
      assert.equal(transactions, total);
      assert.ok(
        commits <= total / 100,
        `group commit should batch: ${commits} commits for ${total} transactions`,
      );
      assert.equal(await store.read((tx) => tx.count('handles')), total);
    } finally {
      await store.close();
    }
  });
});
