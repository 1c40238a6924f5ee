import { FIRST_DYNAMIC_LUID, type Luid } from '../nt/luid.ts';
import type { Store, Tx } from '../store/store.ts';

const META_KEY = 'luidHighWater';

/**
 * The LUID allocator (spec §1.1): one counter starting at 0x3E9, never repeating. Values are
 * reserved through the Store in blocks: the high-water mark is committed before any value of a
 * block is handed out, so a crash can waste the rest of a block but never hand a LUID out twice.
 */
export class LuidAllocator {
  readonly #store: Store;
  readonly #blockSize: bigint;
  #next = 0n;
  #end = 0n;
  #refill: Promise<void> | undefined;

  constructor(store: Store, blockSize = 4096) {
    this.#store = store;
    this.#blockSize = BigInt(blockSize);
  }

  /** Returns a fresh LUID; waits for a durable block reservation only when the block is used up. */
  allocate(): Promise<Luid> {
    if (this.#next < this.#end) return Promise.resolve(this.#next++);
    return this.#allocateAfterRefill();
  }

  async #allocateAfterRefill(): Promise<Luid> {
    while (this.#next >= this.#end) {
      this.#refill ??= this.#reserve().finally(() => {
        this.#refill = undefined;
      });
      await this.#refill;
    }
    return this.#next++;
  }

  async #reserve(): Promise<void> {
    const size = this.#blockSize;
    const start = await this.#store.transact((tx) => reserveBlock(tx, META_KEY, FIRST_DYNAMIC_LUID, size));
    this.#next = start;
    this.#end = start + size;
  }
}

/** Reserves `size` values of the counter `name` inside `tx`; returns the first one. */
export function reserveBlock(tx: Tx, name: string, first: bigint, size: bigint): bigint {
  const row = tx.get('meta', name);
  const start = row === undefined ? first : BigInt(row.value as bigint | number);
  tx.put('meta', { name, value: start + size });
  return start;
}

/**
 * Allocates small integer ids (token and handle ids) inside a transaction, reserving blocks in the
 * same transaction that uses them: if that transaction rolls back, the block is forgotten too.
 */
export class IdAllocator {
  readonly #name: string;
  readonly #blockSize: number;
  #next = 0;
  #end = 0;

  constructor(name: string, blockSize = 1024) {
    this.#name = name;
    this.#blockSize = blockSize;
  }

  /** The next id; reserves a new block in `tx` when needed. */
  next(tx: Tx): number {
    if (this.#next >= this.#end) {
      const start = Number(reserveBlock(tx, this.#name, 1n, BigInt(this.#blockSize)));
      this.#next = start;
      this.#end = start + this.#blockSize;
      tx.onRollback(() => {
        this.#next = 0;
        this.#end = 0;
      });
    }
    return this.#next++;
  }
}
