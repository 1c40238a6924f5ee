/**
 * The cluster tests' harness: daemons as real child processes (`src/daemon/_main.ts`) on loopback,
 * each a session host of one cluster on one PostgreSQL schema; HTTP helpers; and a TCP proxy a
 * test can cut and restore between a daemon and PostgreSQL.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { PG_URL } from '../src/store/postgres/_test-pg.ts';
import { callUrl } from './_daemon-harness.ts';

/** The Administrator password every cluster test daemon is given. */
export const ADMIN_PASSWORD = 'Cluster-Adm1n-pw';

/** Heartbeat and down-after of test daemons: short, so a killed host goes Down quickly. */
export const HEARTBEAT_MS = 200;
export const DOWN_AFTER_MS = 1200;

/** A parsed answer. */
export interface Answer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the daemon answered
  body: any;
}

/** One request to a daemon. */
export const call: (...args: Parameters<typeof callUrl>) => Promise<Answer> = callUrl;

/** A daemon of the cluster in a child process. */
export interface ClusterNode {
  readonly name: string;
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything it wrote on stdout and stderr (the generated password would be on stdout). */
  readonly output: string[];
  /** Resolves with the exit code or signal once it has gone. */
  readonly exited: Promise<number | string>;
  call(method: string, path: string, options?: Parameters<typeof call>[3]): Promise<Answer>;
  /** Logs on over HTTP; throws unless 201. */
  logon(userName: string, password: string): Promise<{ token: string; handle: number; logonId: string }>;
  /** Logs on to a terminal session of this host; throws unless 201. */
  openSession(
    userName: string,
    password: string,
  ): Promise<{ sessionId: number; token: string; handle: number; logonId: string }>;
  /** SIGTERM, and waits for the exit. */
  stop(): Promise<void>;
}

/** Options of `startNode`. */
export interface NodeOptions {
  name: string;
  schema: string;
  /** The connection string (default: the test server; a proxy's for the lost-database test). */
  databaseUrl?: string;
  env?: Record<string, string>;
}

/**
 * Every daemon started in this test file and not yet exited. At the end of the file any left are
 * killed: a daemon whose start raced a failing one (`Promise.all`) would otherwise never be
 * stopped, and its pipes would keep the file, and `npm test`, from ever ending.
 */
const running = new Set<ChildProcess>();
after(async () => {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
});

/** Starts a daemon of the cluster and waits for its "listening" line. */
export async function startNode(options: NodeOptions): Promise<ClusterNode> {
  const main = new URL('../src/daemon/_main.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, [main], {
    env: {
      ...process.env,
      LOGOND_DATABASE_URL: options.databaseUrl ?? PG_URL,
      LOGOND_DATABASE_SCHEMA: options.schema,
      LOGOND_HOST_NAME: options.name,
      LOGOND_HEARTBEAT_MS: String(HEARTBEAT_MS),
      LOGOND_DOWN_AFTER_MS: String(DOWN_AFTER_MS),
      LOGOND_DATA_DIR: mkdtempSync(join(tmpdir(), 'logond-cluster-')),
      LOGOND_PORT: '0',
      LOGOND_TEST_FAST_KDF: '1',
      LOGOND_ADMIN_PASSWORD: ADMIN_PASSWORD,
      LOGOND_LOG_LEVEL: 'warn',
      LOGOND_WEB_ROOT: 'none',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const output: string[] = [];
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(signal ?? code ?? -1)),
  );
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output.push(text);
      buffer += text;
      const m = /^logond listening on (\S+)$/m.exec(buffer);
      if (m !== null) resolve(m[1]!);
    });
    void exited.then((code) =>
      reject(new Error(`daemon ${options.name} exited (${code}) before listening: ${output.join('')}`)),
    );
  });
  const node: ClusterNode = {
    name: options.name,
    url,
    child,
    output,
    exited,
    call: (method, path, o) => call(url, method, path, o),
    async logon(userName, password) {
      const a = await call(url, 'POST', '/v1/logon', { body: { userName, password } });
      if (a.status !== 201)
        throw new Error(`logon of ${userName} on ${options.name}: ${a.status} ${JSON.stringify(a.body)}`);
      return a.body;
    },
    async openSession(userName, password) {
      const a = await call(url, 'POST', '/v1/wts/sessions', { body: { userName, password } });
      if (a.status !== 201)
        throw new Error(`session of ${userName} on ${options.name}: ${a.status} ${JSON.stringify(a.body)}`);
      return a.body;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
  return node;
}

/** Polls `probe` until it returns a value other than undefined (or throws after `timeoutMs`). */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A TCP proxy in front of a server, whose connections a test cuts, stalls and restores. */
export interface TcpProxy {
  readonly port: number;
  /** Stops accepting (new connections are refused) and drops every open connection. */
  cut(): Promise<void>;
  /** Accepts and forwards again, on the same port. */
  restore(): Promise<void>;
  /**
   * A silent network: nothing more is forwarded either way and new connections get no answer, but
   * nothing is dropped (as TCP across a partition: bytes wait, and flow again on `resume`).
   */
  stall(): void;
  /** Ends a stall: what waited is forwarded, deferred connections go through. */
  resume(): void;
  close(): Promise<void>;
}

/** Starts a proxy on 127.0.0.1 forwarding to `target` (`host:port`). */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const pairs = new Set<{ client: Socket; upstream: Socket | undefined }>();
  let stalled = false;
  const link = (pair: { client: Socket; upstream: Socket | undefined }) => {
    pair.upstream ??= connect(target.port, target.host);
    const { client, upstream } = pair;
    sockets.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
      pairs.delete(pair);
    };
    upstream.on('error', drop).on('close', drop);
    client.on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  };
  const open = (): Promise<Server> =>
    new Promise((resolve, reject) => {
      const server = createServer((client) => {
        const pair = { client, upstream: undefined as Socket | undefined };
        sockets.add(client);
        pairs.add(pair);
        client.on('error', () => client.destroy());
        if (stalled) client.pause();
        else link(pair);
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve(server));
    });
  let port = 0;
  let server: Server | undefined = await open();
  const address = server.address();
  port = typeof address === 'object' && address !== null ? address.port : 0;
  const stop = async () => {
    const s = server;
    server = undefined;
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    pairs.clear();
    if (s !== undefined) await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  return {
    port,
    cut: stop,
    async restore() {
      server ??= await open();
    },
    stall() {
      stalled = true;
      for (const { client, upstream } of pairs) {
        if (upstream === undefined) continue;
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
    },
    resume() {
      stalled = false;
      for (const pair of pairs) {
        if (pair.upstream === undefined) link(pair);
        else {
          pair.client.pipe(pair.upstream);
          pair.upstream.pipe(pair.client);
        }
      }
    },
    close: stop,
  };
}
