/** `GET /healthz` and `GET /v1/termination-routines` (docs/http-api.md). */
import { type Static, Type } from '@sinclair/typebox';
import { IsoTime } from './common.ts';

/** The daemon is up and its store answers. */
export const Health = Type.Object(
  {
    status: Type.Literal('ok'),
    store: Type.Object({ kind: Type.String(), durable: Type.Boolean(), lastEventSeq: Type.Integer() }),
    host: Type.String(),
    uptime: Type.Number({ description: 'seconds since the daemon started' }),
    cluster: Type.Optional(
      Type.Object(
        { hosts: Type.Integer(), up: Type.Integer() },
        { description: 'cluster mode: registered session hosts, and how many are up' },
      ),
    ),
  },
  { title: 'Health' },
);
/** Health. */
export type Health = Static<typeof Health>;

/** The termination-routine registry (spec §1.3, D1, D2) and the cascade counters. */
export const TerminationRoutines = Type.Object(
  {
    terminationNotify: Type.Union([Type.Literal('all'), Type.Literal('marked')]),
    limit: Type.Integer(),
    registered: Type.Array(
      Type.Object({
        id: Type.Integer(),
        registeredAt: IsoTime,
        form: Type.Union([Type.Literal('bigint'), Type.Literal('pair')]),
      }),
    ),
    stats: Type.Record(Type.String(), Type.Number()),
  },
  { title: 'TerminationRoutines' },
);
/** The termination-routine view. */
export type TerminationRoutines = Static<typeof TerminationRoutines>;
