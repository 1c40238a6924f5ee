/**
 * The credentials file: bearer tokens saved by `logond logon`, keyed by server URL, so later
 * commands act as that user. It holds secrets, so it is written with mode 0600 in a 0700 directory,
 * through a temporary file renamed into place (never half-written).
 *
 * Location: `$LOGOND_CREDENTIALS`, else `$XDG_CONFIG_HOME/logond/credentials.json`, else
 * `~/.config/logond/credentials.json`.
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** What is saved for one server. */
export interface SavedCredential {
  readonly token: string;
  readonly userName?: string;
  readonly domain?: string;
  readonly logonId?: string;
  readonly sessionId?: number;
  readonly handle?: number;
  readonly savedAt: string;
}

interface FileShape {
  version: 1;
  servers: Record<string, SavedCredential>;
}

/** Where the credentials file lives for this environment. */
export function credentialsPath(env: Readonly<Record<string, string | undefined>>, home: string): string {
  if (env['LOGOND_CREDENTIALS']) return env['LOGOND_CREDENTIALS'];
  const config = env['XDG_CONFIG_HOME'] || join(home, '.config');
  return join(config, 'logond', 'credentials.json');
}

/** Reads and writes the credentials file. */
export class CredentialStore {
  /** The file's path. */
  readonly path: string;

  constructor(path: string) {
    this.path = path;
  }

  /** The credential saved for `server`, if any. */
  get(server: string): SavedCredential | undefined {
    const entry = this.#read().servers[server];
    return typeof entry?.token === 'string' ? entry : undefined;
  }

  /** Saves the credential for `server`, replacing any earlier one. */
  set(server: string, credential: SavedCredential): void {
    const file = this.#read();
    file.servers[server] = credential;
    this.#write(file);
  }

  /** Forgets `server`'s credential; returns whether there was one. The file goes when it is empty. */
  delete(server: string): boolean {
    const file = this.#read();
    if (!(server in file.servers)) return false;
    delete file.servers[server];
    if (Object.keys(file.servers).length === 0) rmSync(this.path, { force: true });
    else this.#write(file);
    return true;
  }

  #read(): FileShape {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, servers: {} };
      throw err;
    }
    try {
      const parsed = JSON.parse(text) as Partial<FileShape>;
      const servers = typeof parsed.servers === 'object' && parsed.servers !== null ? parsed.servers : {};
      return { version: 1, servers: { ...servers } };
    } catch {
      throw new Error(`the credentials file ${this.path} is not valid JSON; fix or delete it`);
    }
  }

  #write(file: FileShape): void {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.path);
  }
}
