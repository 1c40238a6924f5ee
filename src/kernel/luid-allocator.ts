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

/** A block of ids reserved by one transaction: usable only by it until it has committed. */
export interface IdBlock {
  next: number;
  readonly end: number;
}

/** Where a transaction keeps the id blocks it reserved (created on the first reservation). */
export interface IdScratch {
  pendingIds: Map<IdAllocator, IdBlock> | undefined;
}

/**
 * Allocates small integer ids (token and handle ids) inside transactions. A new block is reserved
 * in the transaction that needs it and used only by that transaction until it commits; then
 * `adopt` makes the rest of the block available to everyone. So an id can never be handed out
 * twice, even when a transaction that reserved a block fails to commit and is retried while other
 * transactions commit in between (stores that overlap transactions, such as PostgreSQL).
 *
 * Given the store, the allocator also reserves the next block ahead, in a transaction of its own,
 * once three quarters of the current one are used: otherwise, on a store that overlaps
 * transactions, every transaction in flight when a block runs out reserves one of its own, all of
 * them contending for the counter's row while holding their other locks (on PostgreSQL that
 * deadlocked, each deadlock costing a second of `deadlock_timeout`).
 */
export class IdAllocator {
  readonly #name: string;
  readonly #blockSize: number;
  readonly #store: Store | undefined;
  #next = 0;
  #end = 0;
  /** A committed block reserved ahead, used when the current one runs out. */
  #spare: IdBlock | undefined;
  #reserving = false;

  constructor(name: string, blockSize = 1024, store?: Store) {
    this.#name = name;
    this.#blockSize = blockSize;
    this.#store = store;
  }

  /** The next id: from the committed block, else from this transaction's own block (`scratch`), reserved in `tx` when needed. */
  next(tx: Tx, scratch: IdScratch): number {
    if (this.#next >= this.#end && this.#spare !== undefined) {
      this.#next = this.#spare.next;
      this.#end = this.#spare.end;
      this.#spare = undefined;
    }
    if (this.#next < this.#end) {
      if (this.#end - this.#next <= this.#blockSize / 4) this.#reserveAhead();
      return this.#next++;
    }
    scratch.pendingIds ??= new Map();
    let block = scratch.pendingIds.get(this);
    if (block === undefined || block.next >= block.end) {
      const start = Number(reserveBlock(tx, this.#name, 1n, BigInt(this.#blockSize)));
      block = { next: start, end: start + this.#blockSize };
      scratch.pendingIds.set(this, block);
    }
    return block.next++;
  }

  /** After the transaction that reserved `block` committed: its unused ids serve every transaction. */
  adopt(block: IdBlock): void {
    if (this.#next >= this.#end && block.next < block.end) {
      this.#next = block.next;
      this.#end = block.end;
    }
  }

  /** Reserves the next block in a transaction of its own (after the current transaction function returns). */
  #reserveAhead(): void {
    const store = this.#store;
    if (store === undefined || this.#reserving || this.#spare !== undefined) return;
    this.#reserving = true;
    const size = this.#blockSize;
    // Not from inside the running transaction function: stores refuse nested transactions.
    queueMicrotask(() => {
      store
        .transact((tx) => Number(reserveBlock(tx, this.#name, 1n, BigInt(size))))
        .then(
          (start) => {
            this.#reserving = false;
            this.#spare = { next: start, end: start + size };
          },
          // A failed reservation leaves the in-transaction path, which reports its own errors.
          () => {
            this.#reserving = false;
          },
        );
    });
  }
}
