/**
 * Checkpoints of the SQLite adapter, off the event loop. Private to the SQLite adapter.
 *
 * SQLite checkpoints on its own inside a COMMIT once the WAL passes 1,000 pages, syncing the WAL
 * and the database file there: an fsync on the event loop again. The store turns that off
 * (`wal_autocheckpoint = 0`) and, when a WAL sync reports the WAL past `thresholdBytes`, asks a
 * worker thread holding a second connection for a PASSIVE checkpoint (which never blocks the
 * store's writers). SQLite rewinds the WAL at the next write once a checkpoint has copied all of
 * it. The thread starts the first time it is needed, so stores that stay small never have one.
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

/** The WAL size that calls for a checkpoint: SQLite's own default (1,000 pages of 4 KiB). */
export const CHECKPOINT_WAL_BYTES = 4 * 1024 * 1024;

/** The outcome of one checkpoint, in pages (as `PRAGMA wal_checkpoint` reports it). */
export interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

/** Runs checkpoints of one database file in a worker thread, one at a time. */
export class Checkpointer {
  readonly #path: string;
  readonly #busyTimeoutMs: number;
  readonly #thresholdBytes: number;
  readonly #onError: (error: Error) => void;
  readonly #hold: () => void;
  readonly #release: () => void;
  #worker: Worker | undefined;
  #running = false;
  #closed = false;
  /** Checkpoints completed (for tests and monitoring). */
  completed = 0;
  /** The last checkpoint's outcome. */
  last: CheckpointResult | undefined;

  constructor(
    path: string,
    options: {
      busyTimeoutMs: number;
      thresholdBytes?: number;
      onError?: (error: Error) => void;
      /** Called as a checkpoint starts and as it ends: the store holds its commits meanwhile. */
      hold?: () => void;
      release?: () => void;
    },
  ) {
    this.#path = path;
    this.#hold = options.hold ?? (() => {});
    this.#release = options.release ?? (() => {});
    this.#busyTimeoutMs = options.busyTimeoutMs;
    this.#thresholdBytes = options.thresholdBytes ?? CHECKPOINT_WAL_BYTES;
    this.#onError = options.onError ?? (() => {});
  }

  /** Whether the thread has been started (and not closed). */
  get started(): boolean {
    return this.#worker !== undefined;
  }

  /** Starts a checkpoint if the WAL holds `walBytes` or more and none is running. */
  maybeCheckpoint(walBytes: number): void {
    if (this.#closed || this.#running || walBytes < this.#thresholdBytes) return;
    this.#running = true;
    this.#hold();
    this.#ensureWorker().postMessage('checkpoint');
  }

  /** Stops the thread (after the checkpoint it may be running). */
  async close(): Promise<void> {
    this.#closed = true;
    const worker = this.#worker;
    if (worker === undefined) return;
    this.#worker = undefined;
    const exited = once(worker, 'exit');
    worker.postMessage('close');
    await exited;
  }

  #ensureWorker(): Worker {
    if (this.#worker !== undefined) return this.#worker;
    const worker = new Worker(new URL('./_checkpoint-worker.ts', import.meta.url), {
      workerData: { path: this.#path, busyTimeoutMs: this.#busyTimeoutMs },
    });
    // The thread must not keep a process alive that has nothing else to do.
    worker.unref();
    worker.on('message', (m: CheckpointResult | { error: string }) => {
      this.#finished();
      if ('error' in m) this.#onError(new Error(`SQLite checkpoint of ${this.#path} failed: ${m.error}`));
      else {
        this.completed++;
        this.last = m;
      }
    });
    worker.on('error', (error) => {
      this.#finished();
      this.#onError(error);
    });
    worker.on('exit', () => {
      this.#finished();
      if (this.#worker === worker) this.#worker = undefined;
    });
    this.#worker = worker;
    return worker;
  }

  #finished(): void {
    if (!this.#running) return;
    this.#running = false;
    this.#release();
  }
}
