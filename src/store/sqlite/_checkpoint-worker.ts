/**
 * The checkpoint thread of the SQLite adapter (see _checkpointer.ts): its own connection to the
 * database, running `PRAGMA wal_checkpoint(PASSIVE)` each time it is asked, so that copying the
 * WAL into the database file and the two fsyncs that go with it never block the event loop.
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

port.on('message', (message: unknown) => {
  if (message === 'close') {
    db.close();
    port.close();
    return;
  }
  try {
    const row = checkpoint.get() as { busy: number; log: number; checkpointed: number };
    port.postMessage({ busy: row.busy, log: row.log, checkpointed: row.checkpointed });
  } catch (error) {
    port.postMessage({ error: (error as Error).message });
  }
});
