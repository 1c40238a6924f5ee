import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { describe, it } from 'node:test';
import { GroupCommit } from './_group-commit.ts';

describe('GroupCommit', () => {
  it('GroupCommit rejects the whole batch when SQLite abandons its transaction (disk full)', async () => {
    const db = new DatabaseSync(':memory:');
    db.exec('CREATE TABLE t (x TEXT) STRICT; PRAGMA max_page_count = 20;');
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    const commits = new GroupCommit(db, 'small.db', () => {});
    let hooks = 0;
    const results = await Promise.allSettled([
      commits.run(() => insert.run('before'), [() => hooks++]),
      commits.run(() => {
        for (let i = 0; i < 200; i++) insert.run('y'.repeat(4000));
      }, []),
      commits.run(() => insert.run('after'), []),
    ]);
    assert.deepEqual(
      results.map((r) => (r.status === 'rejected' ? String(r.reason) : r.status)),
      [
        'Error: SQLite store small.db: SQLite abandoned the transaction batch, transaction rolled back: database or disk is full',
        'Error: database or disk is full',
        'fulfilled',
      ],
    );
    assert.equal(hooks, 1, 'the abandoned transaction heard its rollback');
    assert.deepEqual(
      db
        .prepare('SELECT x FROM t')
        .all()
        .map((r) => r['x']),
      ['after'],
    );
    assert.deepEqual(commits.stats(), {
      commits: 1,
      syncs: 0,
      transactions: 1,
      rollbacks: 2,
      largestBatch: 1,
    });
    assert.equal(db.isTransaction, false);
    db.close();
  });

  it('GroupCommit.hold commits the open batch and runs later transactions, in order, only at release', async () => {
    const db = new DatabaseSync(':memory:');
    db.exec('CREATE TABLE t (x TEXT) STRICT;');
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    const commits = new GroupCommit(db, 'held.db', () => {});
    const first = commits.run(() => insert.run('open batch'), []);
    commits.hold();
    assert.equal(db.isTransaction, false, 'the open batch committed at once');
    const ran: string[] = [];
    const later = ['a', 'b'].map((x) =>
      commits.run(() => {
        ran.push(x);
        insert.run(x);
        return x;
      }, []),
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    assert.deepEqual(ran, [], 'nothing runs while held');
    await first;
    commits.release();
    assert.deepEqual(await Promise.all(later), ['a', 'b']);
    assert.deepEqual(ran, ['a', 'b']);
    assert.equal(commits.stats().largestBatch, 2, 'the waiting transactions share one batch');
    db.close();
  });
});
