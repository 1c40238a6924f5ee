/**
 * The route table's shape: every route of docs/http-api.md is one `Route` value naming its method,
 * path, who may call it, its TypeBox schemas and its handler. The same table registers the routes
 * with Fastify (`register-routes.ts`) and generates the OpenAPI document (`openapi.ts`).
 */
import type { Static, TSchema } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Caller } from '../kernel/caller.ts';
import type { HandleRow, TokenRow } from '../store/rows.ts';
import type { DaemonContext } from './context.ts';

/** Who may call a route: anyone, any holder of a valid bearer token, or an administrator. */
export type RouteAuth = 'none' | 'user' | 'admin';

/** The identity behind a valid bearer token. */
export interface Authenticated {
  readonly caller: Caller;
  readonly token: TokenRow;
  readonly handle: HandleRow;
}

/** What a handler receives: the checked input, the caller (for protected routes) and the context. */
export interface RouteInput<B, Q, P> {
  readonly body: B;
  readonly query: Q;
  readonly params: P;
  /** Set on routes whose auth is not `none`. */
  readonly auth: Authenticated | undefined;
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
  readonly context: DaemonContext;
}

type In<S> = S extends TSchema ? Static<S> : undefined;

/** One route. `responses` maps each success status to its body schema (null: no body). */
export interface Route<
  B extends TSchema | undefined = TSchema | undefined,
  Q extends TSchema | undefined = TSchema | undefined,
  P extends TSchema | undefined = TSchema | undefined,
> {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly url: string;
  readonly auth: RouteAuth;
  readonly summary: string;
  readonly tags: readonly string[];
  readonly body?: B;
  readonly query?: Q;
  readonly params?: P;
  readonly responses: Readonly<Record<number, TSchema | null>>;
  /** Answers `text/event-stream` (the handler writes the response itself). */
  readonly stream?: boolean;
  /** Between daemons of a cluster only: left out of the OpenAPI document. */
  readonly internal?: boolean;
  /** Answers this content type instead of JSON (e.g. Prometheus text). */
  readonly produces?: string;
  /**
   * Handles a checked request. The returned value is the body of the first status in `responses`,
   * unless the handler set another status on the reply. Failures throw NtError.
   */
  readonly handler: (input: RouteInput<In<B>, In<Q>, In<P>>) => unknown;
}

/** Defines a route with its input types inferred from its schemas. */
export function defineRoute<
  B extends TSchema | undefined = undefined,
  Q extends TSchema | undefined = undefined,
  P extends TSchema | undefined = undefined,
>(route: Route<B, Q, P>): Route {
  return route as unknown as Route;
}
