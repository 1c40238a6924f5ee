/** The SQLite store acknowledges a commit only after the WAL's fdatasync, which runs off the loop. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, describe, it } from 'node:test';
import type { WalSyncFs } from './_wal-sync.ts';
import { createSqliteStore } from './sqlite-store.ts';

const dir = fs.mkdtempSync(join(tmpdir(), 'logond-wal-sync-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
let files = 0;
const freshPath = () => join(dir, `store-${++files}.db`);

type Callback = (error: NodeJS.ErrnoException | null) => void;

/** `node:fs` with fdatasync held until released, each call's file recorded. */
function heldFs() {
  const held: { fd: number; ino: number; run: () => void }[] = [];
  const wrapped: WalSyncFs = {
    statSync: (p) => fs.statSync(p),
    openSync: (p, flags) => fs.openSync(p, flags),
    closeSync: (fd) => fs.closeSync(fd),
    fsync: (fd, cb) => fs.fsync(fd, cb),
    fdatasync: (fd: number, cb: Callback) => {
      held.push({ fd, ino: fs.fstatSync(fd).ino, run: () => fs.fdatasync(fd, cb) });
    },
  };
  return { fs: wrapped, held };
}

/** Lets the event loop turn a few times (the COMMIT runs on setImmediate). */
async function turns(n = 5): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('SqliteStore WAL sync', () => {
  it('runs COMMIT without syncing, and acknowledges only once the fdatasync of the -wal file returned', async () => {
    const path = freshPath();
    const { fs: walSyncFs, held } = heldFs();
    const store = createSqliteStore({ path, walSyncFs });
    const events: number[] = [];
    store.onEvents((seq) => events.push(seq));
    const db = new DatabaseSync(path);
    try {
      let acked = false;
      const first = store
        .transact((tx) => {
          tx.put('meta', { name: 'a', value: 1 });
          return tx.appendEvent('a', {}, 1);
        })
        .then((seq) => {
          acked = true;
          return seq;
        });
      await turns();
      assert.equal(
        (db.prepare(`SELECT count(*) AS n FROM meta WHERE name = 'a'`).get() as { n: number }).n,
        1,
        'the COMMIT ran',
      );
      assert.equal(held.length, 1, 'one fdatasync asked for');
      assert.equal(held[0]!.ino, fs.statSync(`${path}-wal`).ino, 'of the -wal file');
      assert.equal(acked, false, 'not acknowledged before the fdatasync returned');
      assert.equal(await store.lastEventSeq(), 0, 'its events not published either');
      assert.deepEqual(events, []);

      // While a sync runs, new transactions run at once into one open batch, committed when it returns.
      const more = [1, 2, 3].map((i) =>
        store.transact((tx) => tx.put('meta', { name: `b${i}`, value: i })).then(() => i),
      );
      await turns();
      const later = store.transact((tx) => tx.appendEvent('c', {}, 2));
      await turns();
      const committedElsewhere = () =>
        (db.prepare(`SELECT count(*) AS n FROM meta WHERE name LIKE 'b%'`).get() as { n: number }).n;
      assert.equal(await store.read((tx) => tx.count('meta')), 4, 'the store reads its open batch');
      assert.equal(committedElsewhere(), 0, 'not committed while the sync runs');
      assert.equal(held.length, 1, 'one sync at a time');
      held[0]!.run();
      assert.equal(await first, 1);
      assert.deepEqual(events, [1]);
      await turns();
      assert.equal(committedElsewhere(), 3, 'committed once the sync returned');
      assert.equal(held.length, 2, 'and synced');
      assert.equal(store.stats().commits, 2, 'one COMMIT for the four transactions');
      held[1]!.run();
      assert.deepEqual(await Promise.all(more), [1, 2, 3]);
      assert.equal(await later, 2);
      assert.equal(await store.lastEventSeq(), 2);
      assert.deepEqual(store.stats().syncs, 2);
    } finally {
      db.close();
      const closing = store.close();
      for (const h of held.slice(2)) h.run();
      await closing;
    }
  });

  it('a failed fdatasync rejects its transactions and every later one', async () => {
    const path = freshPath();
    const failing: WalSyncFs = {
      ...heldFs().fs,
      fdatasync: (_fd: number, cb: Callback) =>
        setImmediate(() => cb(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }))),
    };
    const store = createSqliteStore({ path, walSyncFs: failing });
    try {
      await assert.rejects(
        store.transact((tx) => tx.put('meta', { name: 'a', value: 1 })),
        /syncing the WAL failed, so committed transactions may not be durable.*EIO/,
      );
      await assert.rejects(
        store.transact((tx) => tx.put('meta', { name: 'b', value: 1 })),
        /syncing the WAL failed/,
      );
    } finally {
      await store.close();
    }
  });

  it('COMMIT never checkpoints on its own (no fsync of the database file on the event loop)', async () => {
    const path = freshPath();
    const store = createSqliteStore({ path, checkpointWalBytes: 1024 ** 3 });
    try {
      const blob = 'y'.repeat(3000);
      for (let round = 0; round < 30; round++)
        await store.transact((tx) => {
          for (let i = 0; i < 60; i++) tx.put('meta', { name: `r${round}-${i}`, value: blob });
        });
      // SQLite's automatic checkpoint would have copied the WAL into the file at 1,000 pages (4 MiB).
      assert.ok(fs.statSync(`${path}-wal`).size > 5 * 1024 * 1024, 'the WAL holds every commit');
      assert.ok(fs.statSync(path).size < 1024 * 1024, 'nothing was checkpointed into the database file');
      assert.equal(store.checkpoints(), 0);
    } finally {
      await store.close();
    }
    assert.ok(fs.statSync(path).size > 5 * 1024 * 1024, 'close checkpoints everything');
  });

  it('checkpoints in a worker thread once the WAL passes its threshold, never inside a COMMIT', async () => {
    const path = freshPath();
    const store = createSqliteStore({ path, checkpointWalBytes: 64 * 1024 });
    try {
      const blob = 'x'.repeat(2000);
      for (let round = 0; round < 40 && store.checkpoints() === 0; round++) {
        await store.transact((tx) => {
          for (let i = 0; i < 20; i++) tx.put('meta', { name: `r${round}-${i}`, value: blob });
        });
        await turns(2);
      }
      const deadline = Date.now() + 5000;
      while (store.checkpoints() === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      assert.ok(store.checkpoints() >= 1, 'a checkpoint ran');
      // SQLite rewinds the WAL after a complete checkpoint: it stops growing past the threshold.
      const sizes: number[] = [];
      for (let round = 0; round < 60; round++) {
        await store.transact((tx) => {
          for (let i = 0; i < 20; i++) tx.put('meta', { name: `s${round}-${i}`, value: blob });
        });
        await new Promise((r) => setTimeout(r, 2));
        sizes.push(fs.statSync(`${path}-wal`).size);
      }
      assert.ok(store.checkpoints() >= 2, `checkpoints keep running (${store.checkpoints()})`);
      // The file keeps its largest size; reused, it stops growing although every round adds ~80 KB.
      assert.ok(
        sizes.at(-1)! <= sizes.at(-31)!,
        `the WAL is reused, not grown without bound: ${sizes.at(-31)} then ${sizes.at(-1)} bytes`,
      );
      assert.equal(
        await store.read((tx) => tx.count('meta')),
        (await store.read((tx) => tx.scan('meta'))).length,
      );
    } finally {
      await store.close();
    }
    const reopened = createSqliteStore({ path });
    try {
      assert.equal((await reopened.read((tx) => tx.get('meta', 's59-19')))?.value, 'x'.repeat(2000));
    } finally {
      await reopened.close();
    }
  });
});
