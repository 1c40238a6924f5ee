/**
 * The checkpoint thread of the SQLite adapter (see _checkpointer.ts): its own connection to the
 * database, running `PRAGMA wal_checkpoint(PASSIVE)` each time it is asked, so that copying the
 * WAL into the database file and the fsyncs that go with it never block the event loop.
 *
 * After a checkpoint that copied the whole WAL, it also makes the one write that starts the WAL
 * over (rewriting `user_version` unchanged, in its own transaction): SQLite restarts the WAL in
 * the first write transaction that begins on a fully copied WAL, and syncs the new WAL header
 * there, so that sync too happens on this thread rather than in the store's next COMMIT. The store
 * holds its transactions meanwhile (see GroupCommit.hold).
 */
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';

const port = parentPort;
if (port === null) throw new Error('_checkpoint-worker.ts runs as a worker thread');
const { path, busyTimeoutMs } = workerData as { path: string; busyTimeoutMs: number };
const db = new DatabaseSync(path, { timeout: busyTimeoutMs });
// This connection never writes rows; it must never checkpoint on its own either.
db.exec('PRAGMA wal_autocheckpoint = 0');
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
const userVersion = db.prepare('PRAGMA user_version');

/** Starts the WAL over (see the module comment). */
function restartWal(): void {
  db.exec('BEGIN IMMEDIATE');
  try {
    const { user_version: v } = userVersion.get() as { user_version: number };
    db.exec(`PRAGMA user_version = ${Number(v)}`);
    db.exec('COMMIT');
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
port.postMessage('ready');

port.on('message', (message: unknown) => {
  if (message === 'close') {
    db.close();
    port.close();
    return;
  }
  try {
    const row = checkpoint.get() as { busy: number; log: number; checkpointed: number };
    if (row.busy === 0 && row.log > 0 && row.checkpointed === row.log) restartWal();
    port.postMessage({ busy: row.busy, log: row.log, checkpointed: row.checkpointed });
  } catch (error) {
    port.postMessage({ error: (error as Error).message });
  }
});
