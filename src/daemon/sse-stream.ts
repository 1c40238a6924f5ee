/**
 * One Server-Sent Events response over the event hub: replay after a cursor, then live events;
 * a heartbeat comment every `heartbeatMs`, at which the caller's token is checked again (a
 * closed token ends the stream); a reader too slow to keep up (more than 1 MiB unsent) is cut
 * off and resumes with `Last-Event-ID`. The subscription ends when the client goes.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EventRow } from '../store/rows.ts';
import { toEvent, toJson } from './_views.ts';
import type { DaemonContext } from './context.ts';
import type { Authenticated } from './route.ts';

/** Unsent bytes after which a reader is disconnected. */
const MAX_BACKLOG = 1024 * 1024;

/** The SSE frame of one event: `id`, `event` and the entry as JSON on one `data` line. */
export function toSseFrame(row: EventRow): string {
  return `id: ${row.seq}\nevent: ${row.type}\ndata: ${toJson(toEvent(row))}\n\n`;
}

/** Options of one stream. */
export interface EventStreamOptions {
  /** Replay after this sequence number; undefined: only events from now on. */
  after: number | undefined;
  types: readonly string[] | undefined;
  auth: Authenticated;
}

/** Takes over the response and streams events until the client or the daemon goes. */
export function openEventStream(
  context: DaemonContext,
  request: FastifyRequest,
  reply: FastifyReply,
  options: EventStreamOptions,
): void {
  const { hub, system, log, config } = context;
  const started = performance.now();
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  // An id-only opening frame: a client that loses the connection before the first event resumes
  // from here, not from "now" (docs/http-api.md, Notes).
  const after = options.after ?? hub.cursor;
  res.write(`retry: 2000\nid: ${after}\n\n`);
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    subscription.close();
    clearInterval(heartbeat);
    context.streams.delete(stream);
    if (!res.writableEnded) res.end();
    log.request('GET', '/v1/events', 200, Math.round(performance.now() - started));
  };
  const stream = { end };
  const subscription = hub.subscribe(
    { after, ...(options.types === undefined ? {} : { types: options.types }) },
    (event) => {
      if (ended) return;
      res.write(event.encoded);
      if (res.writableLength > MAX_BACKLOG) end();
    },
  );
  const heartbeat = setInterval(() => {
    res.write(': heartbeat\n\n');
    system.kernel.getToken(options.auth.handle.id).then(
      (found) => {
        if (found === undefined) end();
      },
      () => end(),
    );
  }, config.heartbeatMs);
  heartbeat.unref();
  context.streams.add(stream);
  res.on('close', end);
  request.raw.on('close', end);
}
