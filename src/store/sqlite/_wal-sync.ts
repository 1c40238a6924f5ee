/**
 * Makes what COMMIT wrote to the `-wal` file durable without blocking the event loop: `fdatasync`
 * on libuv's thread pool. Private to the SQLite adapter.
 *
 * The connection runs WAL with `synchronous = NORMAL`, so a COMMIT writes its frames to the WAL
 * (into the page cache) and returns without syncing; the group commit acknowledges a batch only
 * once `sync` has called back, which keeps an acknowledged commit as durable as with
 * `synchronous = FULL`. The WAL is one file for the connection's life (SQLite rewinds it after a
 * checkpoint rather than replacing it), but a file that was recreated (another process deleted it
 * as the last connection to close) is noticed by its inode and reopened, and a new WAL file's
 * directory entry is synced once, as SQLite itself does for the WAL it creates.
 */
import * as nodeFs from 'node:fs';
import { dirname } from 'node:path';

/** The file-system calls `WalSync` makes: `node:fs`, or a wrapper of it in tests. */
export interface WalSyncFs {
  statSync(path: string): { ino: number | bigint; size: number | bigint };
  openSync(path: string, flags: string): number;
  closeSync(fd: number): void;
  fdatasync(fd: number, callback: (error: NodeJS.ErrnoException | null) => void): void;
  fsync(fd: number, callback: (error: NodeJS.ErrnoException | null) => void): void;
}

/** What `sync` reports besides success: the WAL's size when the sync began, in bytes. */
export type WalSyncCallback = (error: Error | null, walBytes: number) => void;

/** Syncs one database's `-wal` file; see the module comment. */
export class WalSync {
  readonly #walPath: string;
  readonly #dir: string;
  readonly #fs: WalSyncFs;
  #fd = -1;
  #ino: number | bigint = -1;
  /** Descriptors of a replaced WAL file, closed once the syncs using them are done. */
  readonly #stale: number[] = [];
  /** Syncs begun and not yet called back: the fd stays open until they finish. */
  #inFlight = 0;
  #closed = false;

  constructor(dbPath: string, fs: WalSyncFs = nodeFs) {
    this.#walPath = `${dbPath}-wal`;
    this.#dir = dirname(dbPath);
    this.#fs = fs;
  }

  /**
   * Syncs every write made to the WAL before this call; `callback` runs on the event loop once the
   * data is on stable storage, or with the error.
   */
  sync(callback: WalSyncCallback): void {
    if (this.#closed) {
      callback(new Error('WAL sync after close'), 0);
      return;
    }
    let size: number;
    let newFile = false;
    try {
      const st = this.#fs.statSync(this.#walPath);
      size = Number(st.size);
      if (st.ino !== this.#ino || this.#fd < 0) {
        const fd = this.#fs.openSync(this.#walPath, 'r');
        if (this.#fd >= 0) this.#stale.push(this.#fd);
        this.#fd = fd;
        this.#ino = st.ino;
        newFile = true;
      }
    } catch (error) {
      callback(error as Error, 0);
      return;
    }
    const fd = this.#fd;
    this.#inFlight++;
    this.#fs.fdatasync(fd, (error) => {
      if (error !== null || !newFile) {
        this.#done();
        callback(error, size);
        return;
      }
      this.#syncDir((dirError) => {
        this.#done();
        callback(dirError, size);
      });
    });
  }

  /** Closes the file once no sync is in flight (the caller waits for its syncs first). */
  close(): void {
    this.#closed = true;
    if (this.#inFlight > 0) return;
    for (const fd of this.#stale.splice(0)) this.#closeQuietly(fd);
    this.#closeFd();
  }

  #done(): void {
    this.#inFlight--;
    if (this.#inFlight > 0) return;
    for (const fd of this.#stale.splice(0)) this.#closeQuietly(fd);
    if (this.#closed) this.#closeFd();
  }

  #closeFd(): void {
    if (this.#fd < 0) return;
    this.#closeQuietly(this.#fd);
    this.#fd = -1;
  }

  #closeQuietly(fd: number): void {
    try {
      this.#fs.closeSync(fd);
    } catch {
      // Closing a read-only descriptor cannot lose data.
    }
  }

  /** fsyncs the directory, so a newly created WAL file's name survives a power loss. */
  #syncDir(callback: (error: Error | null) => void): void {
    let dirFd: number;
    try {
      dirFd = this.#fs.openSync(this.#dir, 'r');
    } catch (error) {
      callback(error as Error);
      return;
    }
    this.#fs.fsync(dirFd, (error) => {
      this.#closeQuietly(dirFd);
      callback(error);
    });
  }
}
