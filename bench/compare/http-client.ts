/**
 * A minimal HTTP/1.1 client for the load driver: one keep-alive `node:net` socket, one request in
 * flight (a closed loop, as wrk measures). A raw client rather than `fetch` or `node:http`, because
 * the driver must outrun a server on one core: a pre-serialised request over a socket does, at
 * tens of thousands of requests per second. It reads the status line, the headers the driver needs,
 * and a body framed by `content-length` or chunked transfer encoding (better-auth answers chunked).
 */
import { connect, type Socket } from 'node:net';

/** One answer: status, the lower-cased headers, and the body. */
export interface RawResponse {
  readonly status: number;
  readonly headers: ReadonlyMap<string, string>;
  readonly body: Buffer;
}

/** Where a server listens. */
export interface Target {
  readonly host: string;
  readonly port: number;
}

/** A keep-alive HTTP/1.1 connection with at most one request in flight. */
export class HttpConnection {
  readonly #socket: Socket;
  #buffer: Buffer = Buffer.alloc(0);
  #pending: { resolve(r: RawResponse): void; reject(e: Error): void } | undefined;
  #closed: Error | undefined;

  constructor(target: Target) {
    this.#socket = connect({ host: target.host, port: target.port, noDelay: true });
    this.#socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    const fail = (error: Error): void => {
      this.#closed ??= error;
      this.#pending?.reject(error);
      this.#pending = undefined;
    };
    this.#socket.on('error', fail);
    this.#socket.on('close', () => fail(new Error('connection closed')));
  }

  /** Whether the socket was closed (by either side); a closed connection must be replaced. */
  get closed(): boolean {
    return this.#closed !== undefined;
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
    const parsed = parseResponse(this.#buffer);
    if (parsed === undefined) return;
    this.#buffer = this.#buffer.subarray(parsed.used);
    const p = this.#pending;
    this.#pending = undefined;
    p?.resolve(parsed.response);
  }
}

/** A complete response at the start of `buffer` and the bytes it used, or undefined if incomplete. */
export function parseResponse(buffer: Buffer): { response: RawResponse; used: number } | undefined {
  const end = buffer.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const lines = buffer.toString('latin1', 0, end).split('\r\n');
  const status = Number(lines[0]?.slice(9, 12));
  const headers = new Map<string, string>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const start = end + 4;
  if (headers.get('transfer-encoding')?.toLowerCase().includes('chunked') === true) {
    const parts: Buffer[] = [];
    let at = start;
    for (;;) {
      const eol = buffer.indexOf('\r\n', at);
      if (eol < 0) return undefined;
      const size = Number.parseInt(buffer.toString('latin1', at, eol), 16);
      if (Number.isNaN(size)) throw new Error('malformed chunk size');
      if (size === 0) {
        // Last chunk, then (no trailers expected) the final CRLF.
        const done = buffer.indexOf('\r\n\r\n', eol);
        if (done < 0) return undefined;
        return { response: { status, headers, body: Buffer.concat(parts) }, used: done + 4 };
      }
      if (buffer.length < eol + 2 + size + 2) return undefined;
      parts.push(buffer.subarray(eol + 2, eol + 2 + size));
      at = eol + 2 + size + 2;
    }
  }
  const length = Number(headers.get('content-length') ?? 0);
  if (buffer.length < start + length) return undefined;
  return {
    response: { status, headers, body: buffer.subarray(start, start + length) },
    used: start + length,
  };
}

/** Serialises a request; `body` is sent as JSON, a POST or DELETE without a body says `content-length: 0`. */
export function rawRequest(
  method: string,
  path: string,
  options: { token?: string; body?: unknown } = {},
): Buffer {
  const body = options.body === undefined ? '' : JSON.stringify(options.body);
  let head = `${method} ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\n`;
  if (options.token !== undefined) head += `authorization: Bearer ${options.token}\r\n`;
  if (options.body !== undefined) head += 'content-type: application/json\r\n';
  if (options.body !== undefined || method !== 'GET')
    head += `content-length: ${Buffer.byteLength(body)}\r\n`;
  return Buffer.from(`${head}\r\n${body}`);
}
