/**
 * A daemon on port 0 over a temporary data directory, and small HTTP helpers, for the daemon's
 * end-to-end tests. Requests go over real HTTP with `fetch`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DaemonConfig, loadDaemonConfig } from '../src/daemon/config.ts';
import { createDaemon, type Daemon } from '../src/daemon/daemon.ts';
import { TABLE_NAMES } from '../src/store/tables.ts';

/** The Administrator password every test daemon is given. */
export const ADMIN_PASSWORD = 'Admin-Pa55word!';

/** An answer, parsed. */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the daemon answered
  readonly body: any;
  readonly text: string;
}

/** Options of one request. */
export interface CallOptions {
  body?: unknown;
  /** Sent as is (not JSON-encoded). */
  raw?: string;
  token?: string;
  headers?: Record<string, string>;
}

/** A daemon under test. */
export interface TestDaemon {
  readonly daemon: Daemon;
  readonly url: string;
  readonly dataDir: string;
  readonly config: DaemonConfig;
  /** Every log line written so far. */
  readonly logs: string[];
  /** Everything printed on the daemon's output (the generated password). */
  readonly printed: string[];
  call(method: string, path: string, options?: CallOptions): Promise<Answer>;
  /** Logs on with MSV1_0 and returns the answer's body (throws unless 201). */
  logon(userName: string, password: string): Promise<{ token: string; handle: number; logonId: string }>;
  /** A token of the Administrator. */
  adminToken(): Promise<string>;
  /** Every row of every table and the newest event sequence number, as JSON text, once cascades settled. */
  snapshot(): Promise<{ tables: string; lastSeq: number }>;
  close(): Promise<void>;
}

/** Starts a daemon; `dataDir` reuses a directory (restart), `config` overrides settings. */
export async function startTestDaemon(
  options: { dataDir?: string; env?: Record<string, string>; config?: Partial<DaemonConfig> } = {},
): Promise<TestDaemon> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'logond-daemon-'));
  const config: DaemonConfig = {
    ...loadDaemonConfig({
      env: {
        LOGOND_DATA_DIR: dataDir,
        LOGOND_PORT: '0',
        LOGOND_TEST_FAST_KDF: '1',
        LOGOND_ADMIN_PASSWORD: ADMIN_PASSWORD,
        // No web console unless a test asks for one (building it costs every daemon a moment).
        LOGOND_WEB_ROOT: 'none',
        ...options.env,
      },
    }),
    ...options.config,
  };
  const logs: string[] = [];
  const printed: string[] = [];
  const daemon = await createDaemon(config, {
    logWrite: (text) => logs.push(...text.split('\n').filter((l) => l !== '')),
    print: (text) => printed.push(text),
  });
  const call = async (method: string, path: string, o: CallOptions = {}): Promise<Answer> => {
    const headers: Record<string, string> = { ...o.headers };
    if (o.token !== undefined) headers['authorization'] = `Bearer ${o.token}`;
    let body: string | undefined;
    if (o.raw !== undefined) body = o.raw;
    else if (o.body !== undefined) body = JSON.stringify(o.body);
    if (body !== undefined && headers['content-type'] === undefined)
      headers['content-type'] = 'application/json';
    const res = await fetch(`${daemon.url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {}
    return { status: res.status, headers: res.headers, body: parsed, text };
  };
  let admin: string | undefined;
  const t: TestDaemon = {
    daemon,
    url: daemon.url,
    dataDir,
    config,
    logs,
    printed,
    call,
    async logon(userName, password) {
      const a = await call('POST', '/v1/logon', { body: { userName, password } });
      if (a.status !== 201) throw new Error(`logon of ${userName} answered ${a.status}: ${a.text}`);
      return a.body;
    },
    async adminToken() {
      admin ??= (await t.logon('Administrator', ADMIN_PASSWORD)).token;
      return admin;
    },
    async snapshot() {
      // Cascades run after the close that started them was answered: let them finish first.
      await daemon.system.settled();
      const store = daemon.system.store;
      const tables = await store.read((tx) =>
        Object.fromEntries(TABLE_NAMES.map((name) => [name, tx.scan(name)])),
      );
      return {
        tables: JSON.stringify(tables, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)),
        lastSeq: await store.lastEventSeq(),
      };
    },
    close: () => daemon.close(),
  };
  return t;
}

/** Creates a user through the API as the Administrator. */
export async function createUser(
  t: TestDaemon,
  userName: string,
  password: string,
  groups: string[] = [],
): Promise<void> {
  const a = await t.call('POST', '/v1/users', {
    token: await t.adminToken(),
    body: { userName, password, groups },
  });
  if (a.status !== 201) throw new Error(`creating ${userName} answered ${a.status}: ${a.text}`);
}

/** A Server-Sent Events reader over `fetch`. */
export interface SseReader {
  /** Resolves with the next event whose type and data pass `predicate` (waits up to `timeoutMs`). */
  next(
    predicate?: (e: { id: string; event: string; data: unknown }) => boolean,
    timeoutMs?: number,
  ): Promise<{ id: string; event: string; data: unknown }>;
  /** Comments seen so far (heartbeats). */
  readonly comments: string[];
  /** The last `id:` received, from an event or an id-only frame. */
  readonly lastEventId: string;
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  close(): void;
}

/** Opens `GET path` as an event stream. */
export async function openSse(
  url: string,
  token: string,
  headers: Record<string, string> = {},
): Promise<SseReader> {
  const controller = new AbortController();
  const res = await fetch(url, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream', ...headers },
    signal: controller.signal,
  });
  if (res.status !== 200 || res.body === null)
    throw new Error(`event stream answered ${res.status}: ${await res.text()}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const queue: { id: string; event: string; data: unknown }[] = [];
  const comments: string[] = [];
  let buffer = '';
  let waiting: (() => void) | undefined;
  let done = false;
  let lastEventId = '';
  const ended = (async () => {
    try {
      for (;;) {
        const { value, done: end } = await reader.read();
        if (end) break;
        buffer += decoder.decode(value, { stream: true });
        let cut = buffer.indexOf('\n\n');
        while (cut >= 0) {
          const frame = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const fields: Record<string, string> = {};
          for (const line of frame.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            const colon = line.indexOf(': ');
            if (colon > 0) fields[line.slice(0, colon)] = line.slice(colon + 2);
          }
          if (fields['id'] !== undefined) lastEventId = fields['id'];
          if (fields['data'] !== undefined)
            queue.push({
              id: fields['id'] ?? '',
              event: fields['event'] ?? 'message',
              data: JSON.parse(fields['data']),
            });
          cut = buffer.indexOf('\n\n');
        }
        waiting?.();
      }
    } catch {}
    done = true;
    waiting?.();
  })();
  return {
    comments,
    get lastEventId() {
      return lastEventId;
    },
    ended,
    async next(predicate = () => true, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const i = queue.findIndex(predicate);
        if (i >= 0) return queue.splice(0, i + 1).pop()!;
        if (done) throw new Error('the event stream ended');
        const left = deadline - Date.now();
        if (left <= 0) throw new Error('no matching event in time');
        await new Promise<void>((resolve) => {
          waiting = resolve;
          setTimeout(resolve, Math.min(left, 100));
        });
      }
    },
    close: () => controller.abort(),
  };
}

/** A daemon in a child process (`src/daemon/_main.ts`), as `logond serve` runs it. */
export interface ChildDaemon {
  readonly url: string;
  readonly pid: number;
  /** Resolves with the exit code or signal once the process has gone. */
  readonly exited: Promise<number | string>;
  kill(signal: NodeJS.Signals): void;
}

/** Spawns the daemon on `dataDir` and waits for its "listening" line. */
export async function spawnDaemon(dataDir: string, env: Record<string, string> = {}): Promise<ChildDaemon> {
  const { spawn } = await import('node:child_process');
  const main = new URL('../src/daemon/_main.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, [main], {
    env: {
      ...process.env,
      LOGOND_DATA_DIR: dataDir,
      LOGOND_PORT: '0',
      LOGOND_TEST_FAST_KDF: '1',
      LOGOND_ADMIN_PASSWORD: ADMIN_PASSWORD,
      LOGOND_LOG_LEVEL: 'info',
      LOGOND_WEB_ROOT: 'none',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(signal ?? code ?? -1)),
  );
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const m = /^logond listening on (\S+)$/m.exec(buffer);
      if (m !== null) {
        child.stdout.off('data', onData);
        child.stdout.resume();
        resolve(m[1]!);
      }
    };
    child.stdout.on('data', onData);
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => {
      errors = (errors + chunk.toString('utf8')).slice(-4000);
    });
    void exited.then((code) => reject(new Error(`the daemon exited (${code}) before listening: ${errors}`)));
  });
  return { url, pid: child.pid!, exited, kill: (signal) => child.kill(signal) };
}

/** `fetch` + JSON against a base URL (for child daemons); a body that is not JSON stays text. */
export async function callUrl(
  base: string,
  method: string,
  path: string,
  options: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the daemon answered
): Promise<{ status: number; headers: Headers; body: any }> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {}
  return { status: res.status, headers: res.headers, body };
}
