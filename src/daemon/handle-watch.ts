/**
 * A Store wrapper that reports, once each transaction has committed, the token handles it deleted
 * (handles are deleted only by CloseHandle, `KernelTx.closeHandle`). The token cache uses it to
 * drop a closed token at once without reading the store on every request.
 *
 * It sees only this process's closes: on a store other processes share (cluster mode), closes made
 * elsewhere arrive through the event log instead.
 */
import type { Store, Tx } from '../store/store.ts';

/**
 * `store`, reporting deleted handle ids to `onClosed` after each commit that deleted some. When
 * `onClosed` returns a promise, the transaction's promise waits for it (cluster mode: the other
 * daemons are told before the close is answered).
 */
export function watchHandleDeletions(
  store: Store,
  onClosed: (handleIds: readonly number[]) => void | Promise<void>,
): Store {
  // Handles deleted by the transaction function running now (functions are synchronous and
  // transactions do not nest, so there is one at a time).
  let deleting: number[] | undefined;
  // One wrapper per transaction object the store hands out (adapters reuse theirs).
  const wrappers = new WeakMap<Tx, Tx>();
  const wrap = (tx: Tx): Tx => {
    let wrapped = wrappers.get(tx);
    if (wrapped === undefined) {
      wrapped = Object.create(tx, {
        delete: {
          value: (table: Parameters<Tx['delete']>[0], key: never) => {
            if (table === 'handles' && typeof key === 'number') {
              if (deleting === undefined) deleting = [key];
              else deleting.push(key);
            }
            return tx.delete(table, key);
          },
        },
      }) as Tx;
      wrappers.set(tx, wrapped);
    }
    return wrapped;
  };
  const watched: Store = {
    kind: store.kind,
    durable: store.durable,
    transact<R>(fn: (tx: Tx) => R): Promise<R> {
      let closed: number[] | undefined;
      let ran = false;
      const done = store.transact((tx) => {
        ran = true;
        // A store may run `fn` again (optimistic retries): only the last run counts.
        deleting = undefined;
        try {
          return fn(wrap(tx));
        } finally {
          closed = deleting;
          deleting = undefined;
        }
      });
      // The common case (the function ran at once and closed nothing) adds no promise step.
      if (ran && closed === undefined) return done;
      return done.then(async (result) => {
        if (closed !== undefined) await onClosed(closed);
        return result;
      });
    },
    read: (fn) => store.read(fn),
    readEvents: (options) => store.readEvents(options),
    lastEventSeq: () => store.lastEventSeq(),
    onEvents: (listener) => store.onEvents(listener),
    close: () => store.close(),
  };
  // Keep the adapter's counters (`SqliteStore.stats()`) reachable for /metrics.
  const stats = (store as { stats?: () => unknown }).stats;
  if (typeof stats === 'function') Object.assign(watched, { stats: () => stats.call(store) });
  return watched;
}
