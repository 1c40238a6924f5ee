/**
 * One HTTP exchange with the daemon: JSON in, JSON (or text) out, problems thrown as LogondError,
 * a request that got no answer thrown as an unreachable LogondError.
 */
import { fromProblem, unreachable } from './_problem.ts';

/** Where requests go and how they are sent. */
export interface Transport {
  /** The daemon's base URL without a trailing slash (`http://127.0.0.1:7390`). */
  readonly baseUrl: string;
  readonly token: string | undefined;
  readonly fetch: typeof fetch;
  /** Extra headers on every request (a user agent, a proxy's). */
  readonly headers: Readonly<Record<string, string>>;
}

/** One request's options. */
export interface RequestOptions {
  body?: unknown;
  query?: Readonly<Record<string, string | number | undefined>>;
  /** `json` (default) parses the answer; `text` returns it as a string. */
  accept?: 'json' | 'text';
  signal?: AbortSignal;
}

/** An answer: its HTTP status and parsed body (`undefined` for 204). */
export interface Answer<T> {
  readonly status: number;
  readonly body: T;
}

/** Builds the URL of `path` (which starts with `/`) with `query` (undefined values left out). */
export function urlOf(transport: Transport, path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) params.set(k, String(v));
  const qs = params.toString();
  return `${transport.baseUrl}${path}${qs === '' ? '' : `?${qs}`}`;
}

/** The headers of a request: bearer token, accept, content type, extras. */
export function headersOf(transport: Transport, accept: string, hasBody: boolean): Record<string, string> {
  const h: Record<string, string> = { accept, ...transport.headers };
  if (transport.token !== undefined) h['authorization'] = `Bearer ${transport.token}`;
  if (hasBody) h['content-type'] = 'application/json';
  return h;
}

/** Sends one request; throws LogondError for a problem answer or no answer. */
export async function request<T>(
  transport: Transport,
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<Answer<T>> {
  const hasBody = options.body !== undefined;
  const init: RequestInit = {
    method,
    headers: headersOf(
      transport,
      options.accept === 'text' ? 'text/plain, */*' : 'application/json',
      hasBody,
    ),
  };
  if (hasBody) init.body = JSON.stringify(options.body);
  if (options.signal !== undefined) init.signal = options.signal;
  let res: Response;
  try {
    res = await transport.fetch(urlOf(transport, path, options.query), init);
  } catch (err) {
    if (options.signal?.aborted) throw err;
    throw unreachable(transport.baseUrl, err);
  }
  const body = await readBody(res, options.accept ?? 'json');
  if (!res.ok) throw fromProblem(res.status, body, retryAfterOf(res));
  return { status: res.status, body: body as T };
}

async function readBody(res: Response, accept: 'json' | 'text'): Promise<unknown> {
  if (res.status === 204) return undefined;
  const text = await res.text();
  if (accept === 'text' && res.ok) return text;
  const type = res.headers.get('content-type') ?? '';
  if (/json/i.test(type) || (text.startsWith('{') && text.endsWith('}'))) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text === '' ? undefined : text;
}

/** Seconds from a `Retry-After` header given as a number of seconds or an HTTP date. */
export function retryAfterOf(res: Response): number | undefined {
  const v = res.headers.get('retry-after');
  if (v === null) return undefined;
  if (/^[0-9]+$/.test(v.trim())) return Number(v.trim());
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}
