/** `GET /v1/events` (Server-Sent Events) and `GET /v1/events/log` (docs/http-api.md). */
import { type Static, Type } from '@sinclair/typebox';
import { IsoTime } from './common.ts';

/** One event-log entry: what the SSE `data:` line and the log page carry. Never a secret. */
export const LogondEvent = Type.Object(
  {
    seq: Type.Integer({ minimum: 1 }),
    type: Type.String(),
    time: IsoTime,
    data: Type.Record(Type.String(), Type.Unknown()),
  },
  { title: 'LogondEvent' },
);
/** One event-log entry. */
export type LogondEvent = Static<typeof LogondEvent>;

const Seq = Type.String({ pattern: '^[0-9]{1,15}$', description: 'an event sequence number' });
const Types = Type.String({
  maxLength: 1024,
  pattern: '^[A-Za-z0-9_.*-]+(,[A-Za-z0-9_.*-]+)*$',
  description: 'comma-separated event types; a type ending in "." is a prefix',
});

/** Query of the SSE stream: replay after `after` (or the `Last-Event-ID` header), then live. */
export const EventStreamQuery = Type.Object(
  { after: Type.Optional(Seq), types: Type.Optional(Types) },
  { additionalProperties: false },
);

/** Query of a log page. */
export const EventLogQuery = Type.Object(
  {
    after: Type.Optional(Seq),
    limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$', description: '1 to 1000 (default 100)' })),
    types: Type.Optional(Types),
  },
  { additionalProperties: false },
);

/** A page of the event log; `last` is the newest committed sequence number. */
export const EventLogPage = Type.Object(
  { events: Type.Array(LogondEvent), last: Type.Integer() },
  { title: 'EventLogPage' },
);
/** A page of the event log. */
export type EventLogPage = Static<typeof EventLogPage>;
