import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MetaRow } from '../store/rows.ts';
import type { Tx } from '../store/store.ts';
import { IdAllocator, type IdScratch } from './luid-allocator.ts';

/** A transaction over a copy of the committed meta rows; `commit()` publishes its writes. */
function openTx(committed: Map<string, MetaRow>): { tx: Tx; writes: number; commit(): void } {
  const rows = new Map(committed);
  const state = {
    writes: 0,
    tx: {
      get: (_table: string, key: string) => rows.get(key),
      put: (_table: string, row: MetaRow) => {
        state.writes++;
        rows.set(row.name, row);
      },
    } as unknown as Tx,
    commit() {
      for (const [k, v] of rows) committed.set(k, v);
    },
  };
  return state;
}

describe('IdAllocator', () => {
  it('a block reserved by an uncommitted transaction serves no other transaction', () => {
    const committed = new Map<string, MetaRow>();
    const ids = new IdAllocator('tokenIds', 10);
    const a = openTx(committed);
    const scratchA: IdScratch = { pendingIds: undefined };
    assert.equal(ids.next(a.tx, scratchA), 1);
    // B runs while A is open: it must reserve for itself, not take from A's block.
    const b = openTx(committed);
    const scratchB: IdScratch = { pendingIds: undefined };
    const idB = ids.next(b.tx, scratchB);
    assert.equal(b.writes, 1, 'B reserved its own block');
    // A fails to commit (never published); B commits and its block is adopted.
    b.commit();
    ids.adopt(scratchB.pendingIds!.get(ids)!);
    // A retries with a fresh scratch: it gets an id B has not used.
    const retry = openTx(committed);
    const again = ids.next(retry.tx, { pendingIds: undefined });
    assert.notEqual(again, idB);
    assert.equal(retry.writes, 0, 'the adopted block serves the retry without a new reservation');
  });

  it('ids never repeat across blocks, and a new allocator continues after the high-water mark', () => {
    const committed = new Map<string, MetaRow>();
    const ids = new IdAllocator('handleIds', 3);
    const seen = new Set<number>();
    for (let i = 0; i < 10; i++) {
      const t = openTx(committed);
      const scratch: IdScratch = { pendingIds: undefined };
      const id = ids.next(t.tx, scratch);
      assert.ok(!seen.has(id));
      seen.add(id);
      t.commit();
      for (const [alloc, block] of scratch.pendingIds ?? []) alloc.adopt(block);
    }
    const restarted = new IdAllocator('handleIds', 3);
    const t = openTx(committed);
    assert.ok(!seen.has(restarted.next(t.tx, { pendingIds: undefined })));
  });
});

describe('IdAllocator with its store', () => {
  it('reserves the next block ahead in a transaction of its own, so a running out block costs no transaction a reservation', async () => {
    const { MemoryStore } = await import('../store/memory/memory-store.ts');
    const store = new MemoryStore();
    const ids = new IdAllocator('tokenIds', 8, store);
    const seen: number[] = [];
    let reservedInside = 0;
    for (let i = 0; i < 40; i++) {
      const scratch: IdScratch = { pendingIds: undefined };
      await store.transact((tx) => {
        seen.push(ids.next(tx, scratch));
        if (scratch.pendingIds !== undefined) reservedInside++;
      });
      for (const block of scratch.pendingIds?.values() ?? []) ids.adopt(block);
      // Let a reservation ahead commit before the next transaction.
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.deepEqual(
      seen,
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    // Only the very first block is reserved inside a transaction; every later one ahead of need.
    assert.equal(reservedInside, 1);
    const high = await store.read((tx) => tx.get('meta', 'tokenIds')?.value);
    assert.ok(Number(high) > 41, `high-water mark ${String(high)} is past every id handed out`);
  });
});
