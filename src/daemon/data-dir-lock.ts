/**
 * One daemon per data directory: `<dataDir>/logond.pid` names the process that owns it. The SQLite
 * store lets a second process open the same file, but the daemon keeps state in memory that is
 * only right if it is the store's only writer (cascades under way, the token cache that learns of
 * closed handles from its own commits). A second daemon refuses to start; a file left by a process
 * that is gone (`kill -9`) is taken over.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The lock file's name in the data directory. */
export const LOCK_FILE = 'logond.pid';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the data directory for this process; throws if a live process holds it. Returns the release. */
export function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      return () => {
        try {
          if (readFileSync(path, 'utf8').trim() === String(process.pid)) rmSync(path);
        } catch {
          // Already gone.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    if (Number.isSafeInteger(holder) && holder > 0 && isAlive(holder)) {
      throw new Error(
        `another logond daemon (pid ${holder}) uses the data directory ${dataDir}; stop it first, or remove ${path} if that process is not logond`,
      );
    }
    // Left by a process that is gone: take it over.
    rmSync(path, { force: true });
  }
  throw new Error(`cannot take the data directory ${dataDir} (${path} keeps coming back)`);
}
