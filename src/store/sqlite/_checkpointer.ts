/**
 * Checkpoints of the SQLite adapter, off the event loop. Private to the SQLite adapter.
 *
 * SQLite checkpoints on its own inside a COMMIT once the WAL passes 1,000 pages, syncing the WAL
 * and the database file there: an fsync on the event loop again. The store turns that off
 * (`wal_autocheckpoint = 0`) and, after each WAL sync, checks how much of the WAL is in use; past
 * `thresholdBytes` it asks a worker thread holding a second connection for a PASSIVE checkpoint.
 * Meanwhile the store holds its commits (transactions still run and join the open batch; the event
 * loop is free), so that the commit after it finds the whole WAL copied and SQLite starts the WAL
 * over instead of growing it. The thread starts the first time it is needed (commits are held only
 * once it is ready), so stores that stay small never have one.
 *
 * The WAL in use is read from the wal-index header at the start of the `-shm` file (mxFrame, the
 * frames since the WAL last started over; https://www.sqlite.org/walformat.html), since the WAL
 * file itself keeps its largest size. Without a readable header, the file size stands in.
 */

import { once } from 'node:events';
import { closeSync, openSync, readSync } from 'node:fs';
import { endianness } from 'node:os';
import { Worker } from 'node:worker_threads';

/** `iVersion` of the wal-index header SQLite 3.7.0 and later write. */
const WAL_INDEX_VERSION = 3007000;

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
  readonly #shmPath: string;
  #shmFd = -1;
  readonly #header = Buffer.alloc(48);
  #worker: Worker | undefined;
  #ready = false;
  /** A checkpoint is wanted as soon as the thread is ready. */
  #wanted = false;
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
    this.#shmPath = `${path}-shm`;
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

  /** Starts a checkpoint if the WAL in use (its file holding `walFileBytes`) is past the threshold. */
  maybeCheckpoint(walFileBytes: number): void {
    if (this.#closed || this.#running || this.#wanted) return;
    if (this.walInUse(walFileBytes) < this.#thresholdBytes) return;
    this.#wanted = true;
    this.#ensureWorker();
    if (this.#ready) this.#start();
  }

  /** Bytes of the WAL in use: header and frames since it last started over (see module comment). */
  walInUse(walFileBytes: number): number {
    try {
      if (this.#shmFd < 0) this.#shmFd = openSync(this.#shmPath, 'r');
      const h = this.#header;
      if (readSync(this.#shmFd, h, 0, 48, 0) < 48) return walFileBytes;
      const le = endianness() === 'LE';
      if ((le ? h.readUInt32LE(0) : h.readUInt32BE(0)) !== WAL_INDEX_VERSION) return walFileBytes;
      const szPage = le ? h.readUInt16LE(14) : h.readUInt16BE(14);
      const mxFrame = le ? h.readUInt32LE(16) : h.readUInt32BE(16);
      return 32 + mxFrame * ((szPage === 1 ? 65536 : szPage) + 24);
    } catch {
      return walFileBytes;
    }
  }

  #start(): void {
    this.#wanted = false;
    this.#running = true;
    this.#hold();
    this.#worker?.postMessage('checkpoint');
  }

  /** Stops the thread (after the checkpoint it may be running). */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#shmFd >= 0) closeSync(this.#shmFd);
    this.#shmFd = -1;
    const worker = this.#worker;
    if (worker === undefined) return;
    this.#worker = undefined;
    const exited = once(worker, 'exit');
    // Until it has exited, the thread keeps the process alive: the store closes completely.
    worker.ref();
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
    worker.on('message', (m: 'ready' | CheckpointResult | { error: string }) => {
      if (m === 'ready') {
        this.#ready = true;
        if (this.#wanted && !this.#closed) this.#start();
        return;
      }
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
      this.#wanted = false;
      this.#ready = false;
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
