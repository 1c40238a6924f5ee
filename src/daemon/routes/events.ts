/** `GET /v1/events` (Server-Sent Events) and `GET /v1/events/log` (docs/http-api.md). */
import { NtError } from '../../nt/nt-error.ts';
import { STATUS_INVALID_PARAMETER } from '../../nt/ntstatus.ts';
import { EventLogPage, EventLogQuery, EventStreamQuery } from '../../protocol/events.ts';
import { toEvent } from '../_views.ts';
import { defineRoute } from '../route.ts';
import { openEventStream } from '../sse-stream.ts';

function typesOf(text: string | undefined): string[] | undefined {
  return text === undefined ? undefined : text.split(',');
}

/** `GET /v1/events`: replay from `Last-Event-ID` or `?after=`, then live. */
export const eventStreamRoute = defineRoute({
  method: 'GET',
  url: '/v1/events',
  auth: 'user',
  summary: 'The event log as Server-Sent Events: replay after Last-Event-ID or ?after=, then live',
  tags: ['events'],
  query: EventStreamQuery,
  responses: { 200: null },
  stream: true,
  produces: 'text/event-stream',
  async handler({ query, request, reply, auth, context }) {
    const header = request.headers['last-event-id'];
    let after = query.after === undefined ? undefined : Number(query.after);
    if (header !== undefined) {
      const text = Array.isArray(header) ? header[0] : header;
      if (text === undefined || !/^[0-9]{1,15}$/.test(text.trim()))
        throw new NtError(STATUS_INVALID_PARAMETER, 'Last-Event-ID must be an event sequence number.');
      after = Number(text.trim());
    }
    // A cursor past the newest event names another log (the data directory was replaced): start from now.
    if (after !== undefined) after = Math.min(after, await context.system.events.last());
    openEventStream(context, request, reply, { after, types: typesOf(query.types), auth: auth! });
  },
});

/** `GET /v1/events/log`: a page of the event log. */
export const eventLogRoute = defineRoute({
  method: 'GET',
  url: '/v1/events/log',
  auth: 'user',
  summary: 'A page of the event log, oldest first',
  tags: ['events'],
  query: EventLogQuery,
  responses: { 200: EventLogPage },
  async handler({ query, context }) {
    const limit = query.limit === undefined ? 100 : Number(query.limit);
    if (limit < 1 || limit > 1000)
      throw new NtError(STATUS_INVALID_PARAMETER, 'limit must be from 1 to 1000.');
    const { events } = context.system;
    const types = typesOf(query.types);
    const [rows, last] = await Promise.all([
      events.read({
        after: query.after === undefined ? 0 : Number(query.after),
        limit,
        ...(types === undefined ? {} : { types }),
      }),
      events.last(),
    ]);
    return { events: rows.map(toEvent), last } satisfies EventLogPage;
  },
});
