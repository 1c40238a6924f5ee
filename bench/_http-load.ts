/**
 * The HTTP client of the load generator (`_load.ts`): HTTP/1.1 over plain `node:net` sockets, keep-alive,
 * one request in flight per connection (a closed loop, as wrk measures). A raw client is used
 * instead of `fetch` because the generator must outrun the daemon on a single core: undici's
 * `fetch` tops out below the rates measured here, a pre-serialised request over a socket does not.
 *
 * Only what the benchmark needs is parsed: the status line, `content-length` and the body.
 */
import { connect, type Socket } from 'node:net';

/** One answer. */
export interface RawResponse {
  readonly status: number;
  readonly body: Buffer;
}

/** A keep-alive HTTP/1.1 connection with at most one request in flight. */
export class HttpConnection {
  readonly #socket: Socket;
  #buffer: Buffer = Buffer.alloc(0);
  #pending: { resolve(r: RawResponse): void; reject(e: Error): void } | undefined;
  #closed: Error | undefined;

  constructor(host: string, port: number) {
    this.#socket = connect({ host, port, noDelay: true });
    this.#socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    const fail = (error: Error) => {
      this.#closed = error;
      this.#pending?.reject(error);
      this.#pending = undefined;
    };
    this.#socket.on('error', fail);
    this.#socket.on('close', () => fail(new Error('connection closed')));
  }

  /** Sends a complete request (head and body) and resolves with its answer. */
  request(raw: Buffer | string): Promise<RawResponse> {
    if (this.#closed !== undefined) return Promise.reject(this.#closed);
    if (this.#pending !== undefined) return Promise.reject(new Error('one request at a time'));
    const { promise, resolve, reject } = Promise.withResolvers<RawResponse>();
    this.#pending = { resolve, reject };
    this.#socket.write(raw);
    return promise;
  }

  close(): void {
    this.#socket.destroy();
  }

  #onData(chunk: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    const end = this.#buffer.indexOf('\r\n\r\n');
    if (end < 0) return;
    const head = this.#buffer.toString('latin1', 0, end);
    const status = Number(head.slice(9, 12));
    const m = /\r\ncontent-length: *([0-9]+)/i.exec(head);
    const length = m === null ? 0 : Number(m[1]);
    if (this.#buffer.length < end + 4 + length) return;
    const body = this.#buffer.subarray(end + 4, end + 4 + length);
    this.#buffer = this.#buffer.subarray(end + 4 + length);
    const p = this.#pending;
    this.#pending = undefined;
    p?.resolve({ status, body });
  }
}

/** Serialises a request; `body` is sent as JSON. */
export function rawRequest(
  method: string,
  path: string,
  options: { token?: string; body?: unknown } = {},
): Buffer {
  const body = options.body === undefined ? '' : JSON.stringify(options.body);
  let head = `${method} ${path} HTTP/1.1\r\nhost: bench\r\n`;
  if (options.token !== undefined) head += `authorization: Bearer ${options.token}\r\n`;
  if (options.body !== undefined)
    head += `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n`;
  return Buffer.from(`${head}\r\n${body}`);
}

/** Options of `runLoad`. */
export interface LoadOptions {
  host: string;
  port: number;
  connections: number;
  durationMs: number;
  /**
   * One unit of work on a connection (one request, or a logon + close cycle). Resolves with whether
   * it succeeded; the time it took is recorded as one latency sample.
   */
  work: (conn: HttpConnection, connIndex: number, iteration: number) => Promise<boolean>;
}

/** What `runLoad` measured. */
export interface LoadResult {
  readonly completed: number;
  readonly errors: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** Runs `work` in a closed loop on `connections` connections for `durationMs`. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const samples: number[] = [];
  let errors = 0;
  const start = performance.now();
  const deadline = start + options.durationMs;
  const loops = Array.from({ length: options.connections }, async (_, c) => {
    const conn = new HttpConnection(options.host, options.port);
    try {
      for (let i = 0; performance.now() < deadline; i++) {
        const t0 = performance.now();
        let ok = false;
        try {
          ok = await options.work(conn, c, i);
        } catch {
          ok = false;
        }
        if (ok) samples.push(performance.now() - t0);
        else errors++;
        if (!ok && errors > 1000) throw new Error('too many errors: is the daemon answering?');
      }
    } finally {
      conn.close();
    }
  });
  await Promise.all(loops);
  const seconds = (performance.now() - start) / 1000;
  samples.sort((a, b) => a - b);
  const at = (p: number) =>
    samples[Math.min(samples.length - 1, Math.max(0, Math.ceil((p / 100) * samples.length) - 1))] ??
    Number.NaN;
  return {
    completed: samples.length,
    errors,
    seconds,
    perSecond: samples.length / seconds,
    p50Ms: at(50),
    p99Ms: at(99),
    maxMs: samples[samples.length - 1] ?? Number.NaN,
  };
}
