/**
 * `GET /v1/events` as an async iterator: Server-Sent Events over the event log, resumed with
 * `Last-Event-ID` after a dropped connection, so no event is missed or seen twice across reconnects.
 */
import { fromProblem, unreachable } from './_problem.ts';
import { headersOf, retryAfterOf, type Transport, urlOf } from './_request.ts';
import { LogondError } from './logond-error.ts';
import { type SseMessage, SseParser } from './sse-parser.ts';
import type { LogondEvent } from './types.ts';

/** What a retry is about to do, for callers that show or log it. */
export interface RetryInfo {
  /** 1 for the first reconnect after a success. */
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: unknown;
  /** The id the next connection resumes after, if any. */
  readonly lastEventId: string | undefined;
}

/** Options of `events()`. */
export interface EventStreamOptions {
  /** Event types to receive; a type ending in `.` is a prefix (`wts.`). Default: all. */
  types?: readonly string[];
  /** Start after this sequence number (replays the log from there); default: only new events. */
  after?: number;
  /** Ends the iteration (quietly) when aborted. */
  signal?: AbortSignal;
  /** Reconnect after a dropped connection or a 5xx/429/503 (default true). */
  reconnect?: boolean;
  /** First reconnect delay in ms (default 500, or the server's `retry:`); doubles up to `maxDelayMs`. */
  retryMs?: number;
  /** Longest reconnect delay in ms (default 30,000). */
  maxDelayMs?: number;
  /** Reconnect attempts in a row without success before the error is thrown (default unlimited). */
  maxRetries?: number;
  /** Called before each reconnect. */
  onRetry?: (info: RetryInfo) => void;
}

/** Follows the event stream; see `EventStreamOptions`. Problems other than 429/5xx are thrown. */
export async function* streamEvents(
  transport: Transport,
  options: EventStreamOptions = {},
): AsyncGenerator<LogondEvent> {
  const signal = options.signal;
  let lastEventId: string | undefined;
  let serverRetry: number | undefined;
  let failures = 0;
  const types = options.types !== undefined && options.types.length > 0 ? options.types.join(',') : undefined;
  while (signal?.aborted !== true) {
    let error: unknown;
    try {
      const headers = headersOf(transport, 'text/event-stream', false);
      if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
      const query = { types, after: lastEventId === undefined ? options.after : undefined };
      const init: RequestInit = { headers, cache: 'no-store' };
      if (signal !== undefined) init.signal = signal;
      let res: Response;
      try {
        res = await transport.fetch(urlOf(transport, '/v1/events', query), init);
      } catch (err) {
        throw signal?.aborted ? err : unreachable(transport.baseUrl, err);
      }
      if (!res.ok || res.body === null) {
        const text = await res.text().catch(() => '');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {}
        throw fromProblem(res.status, body, retryAfterOf(res));
      }
      const parser = new SseParser();
      const decoder = new TextDecoder();
      const reader = res.body.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          const messages = parser.push(decoder.decode(value, { stream: true }));
          if (parser.retry !== undefined) serverRetry = parser.retry;
          for (const m of messages) {
            failures = 0;
            if (m.id !== '') lastEventId = m.id;
            yield toEvent(m);
          }
          if (parser.lastEventId !== '') lastEventId = parser.lastEventId;
        }
      } finally {
        await reader.cancel().catch(() => {});
      }
      error = new Error('the event stream ended');
    } catch (err) {
      if (signal?.aborted) return;
      if (!isRetryable(err) || options.reconnect === false) throw err;
      error = err;
    }
    if (options.reconnect === false) return;
    failures++;
    if (options.maxRetries !== undefined && failures > options.maxRetries) throw error;
    const base = options.retryMs ?? serverRetry ?? 500;
    const hinted =
      error instanceof LogondError && error.retryAfter !== undefined ? error.retryAfter * 1000 : 0;
    const delayMs = Math.max(hinted, Math.min(options.maxDelayMs ?? 30_000, base * 2 ** (failures - 1)));
    options.onRetry?.({ attempt: failures, delayMs, error, lastEventId });
    if (!(await sleep(delayMs, signal))) return;
  }
}

/** Whether a failed connection is worth retrying: no answer, a stream that ended, 429 or 5xx. */
function isRetryable(err: unknown): boolean {
  if (!(err instanceof LogondError)) return true;
  return err.status === 0 || err.status === 429 || err.status >= 500;
}

/**
 * Turns one SSE message into an event. The daemon's `data:` is the event-log entry itself
 * (`{ seq, type, time, data }`); a bare payload is taken as the entry's `data`, with the SSE id
 * and event name as its sequence number and type.
 */
export function toEvent(m: SseMessage): LogondEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(m.data);
  } catch {
    parsed = m.data;
  }
  const record = (v: unknown): Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
  const p = record(parsed);
  if ('seq' in p && 'type' in p && 'data' in p) {
    return {
      seq: Number(p['seq']),
      type: String(p['type']),
      time: typeof p['time'] === 'string' ? p['time'] : '',
      data: record(p['data']),
    };
  }
  const seq = Number(m.id);
  return {
    seq: Number.isFinite(seq) ? seq : 0,
    type: m.event,
    time: typeof p['time'] === 'string' ? p['time'] : '',
    data: p,
  };
}

/** Waits `ms`; false when `signal` aborted first. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
