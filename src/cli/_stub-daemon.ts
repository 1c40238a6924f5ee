/**
 * A stand-in daemon for CLI unit tests: an HTTP server on a free port whose answers the test
 * writes, recording every request (method, URL, bearer token, body).
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One recorded request. */
export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly auth: string | undefined;
  readonly body: string;
}

/** The test's answer: a status and a JSON body (problem+json for 4xx and 5xx). */
export type StubRoute = (req: SeenRequest, raw: IncomingMessage) => { status: number; body?: unknown };

/** A running stub. */
export interface StubDaemon {
  readonly url: string;
  readonly seen: SeenRequest[];
  close(): Promise<void>;
}

/** Starts a stub daemon on 127.0.0.1 and a free port. */
export async function startStubDaemon(route: StubRoute): Promise<StubDaemon> {
  const seen: SeenRequest[] = [];
  const server = createServer((raw, res) => {
    let body = '';
    raw.on('data', (c: Buffer) => {
      body += c.toString();
    });
    raw.on('end', () => {
      const req = { method: raw.method ?? '', url: raw.url ?? '', auth: raw.headers.authorization, body };
      seen.push(req);
      const a = route(req, raw);
      res.writeHead(a.status, {
        'content-type': a.status >= 400 ? 'application/problem+json' : 'application/json',
      });
      res.end(a.body === undefined ? undefined : JSON.stringify(a.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A problem answer. */
export function problem(status: number, title: string, ntstatus: string, win32: number, detail: string) {
  return { status, body: { type: 'about:blank', title, status, detail, ntstatus, win32 } };
}
