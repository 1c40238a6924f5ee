/**
 * Wires the route table into Fastify: authentication, input checks and the handler for each
 * route; problem+json for every failure (engine statuses, malformed requests, bodies over the
 * limit, unknown routes); one log line and one latency sample per answered request. The log line
 * names the route pattern, never the path, the query, a header or a body: none of them can leak a
 * password or a secret someone pasted into a URL.
 */
import type { TSchema } from '@sinclair/typebox';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isNtError } from '../nt/nt-error.ts';
import {
  STATUS_DEVICE_NOT_READY,
  STATUS_INTERNAL_ERROR,
  STATUS_INVALID_PARAMETER,
  STATUS_NOT_FOUND,
} from '../nt/ntstatus.ts';
import { compileInputCheck, type InputCheck } from './_input.ts';
import { authenticateRequest } from './authenticate.ts';
import type { DaemonContext } from './context.ts';
import { problemOfError, sendProblem, toProblem } from './problem.ts';
import type { Route } from './route.ts';
import { isStoreUnavailable, STORE_UNAVAILABLE_DETAIL } from './store-unavailable.ts';

/** Fastify's codes for requests refused before they reach a route, with the answer for each. */
const TRANSPORT_ERRORS: Readonly<Record<string, { http: number; detail: string }>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { http: 413, detail: 'The request body is larger than 64 KiB.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { http: 415, detail: 'Send request bodies as application/json.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { http: 400, detail: 'The Content-Length does not match the body.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    http: 400,
    detail: 'The body is empty but Content-Type says application/json.',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: { http: 400, detail: 'The request body is not valid JSON.' },
  FST_ERR_BAD_URL: { http: 400, detail: 'The URL is malformed.' },
};

/** Paths whose answers need the store (the console's files and /openapi.json do not). */
const NEEDS_STORE = /^\/(v1\/|healthz|metrics)/;

function responseSchemas(route: Route): Record<number, TSchema> | undefined {
  if (route.stream === true || route.produces !== undefined) return undefined;
  const out: Record<number, TSchema> = {};
  for (const [status, schema] of Object.entries(route.responses))
    if (schema !== null && Number(status) < 300) out[Number(status)] = schema;
  return out;
}

function registerRoute(app: FastifyInstance, route: Route, context: DaemonContext): void {
  const body: InputCheck | undefined =
    route.body === undefined ? undefined : compileInputCheck(route.body, 'body');
  const query: InputCheck | undefined =
    route.query === undefined ? undefined : compileInputCheck(route.query, 'query');
  const params: InputCheck | undefined =
    route.params === undefined ? undefined : compileInputCheck(route.params, 'path');
  const firstStatus = Number(Object.keys(route.responses)[0] ?? 200);
  const response = responseSchemas(route);
  app.route({
    method: route.method,
    url: route.url,
    ...(response === undefined ? {} : { schema: { response } }),
    async handler(request: FastifyRequest, reply: FastifyReply) {
      const auth =
        route.auth === 'none'
          ? undefined
          : await authenticateRequest(context.tokens, request.headers.authorization, route.auth);
      const input = {
        body: body === undefined ? undefined : body(request.body),
        query: query === undefined ? {} : query(request.query),
        params: params === undefined ? {} : params(request.params),
        auth,
        request,
        reply,
        context,
      };
      const result = await route.handler(input as never);
      if (route.stream === true || reply.sent) return reply;
      if (result === undefined) return reply.code(firstStatus === 204 ? 204 : reply.statusCode).send();
      if (reply.statusCode === 200 && firstStatus !== 200 && firstStatus < 300) reply.code(firstStatus);
      return result;
    },
  });
}

/** Registers `routes`, the problem answers and the request log. */
export function registerRoutes(app: FastifyInstance, routes: readonly Route[], context: DaemonContext): void {
  for (const route of routes) registerRoute(app, route, context);

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    return sendProblem(
      reply,
      toProblem(STATUS_NOT_FOUND, {
        detail: `No route ${request.method} ${path.slice(0, 200)}; see /openapi.json.`,
        httpStatus: 404,
      }),
    );
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isNtError(error)) return sendProblem(reply, problemOfError(error));
    if (isStoreUnavailable(error)) {
      context.storeWatch?.failed(error.message);
      context.log.warn('the store cannot be reached', {
        method: request.method,
        route: request.routeOptions.url,
        error: error.message,
      });
      return sendProblem(reply, toProblem(STATUS_DEVICE_NOT_READY, { detail: STORE_UNAVAILABLE_DETAIL }), 2);
    }
    const known = error.code === undefined ? undefined : TRANSPORT_ERRORS[error.code];
    if (known !== undefined)
      return sendProblem(
        reply,
        toProblem(STATUS_INVALID_PARAMETER, { detail: known.detail, httpStatus: known.http }),
      );
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return sendProblem(
        reply,
        toProblem(STATUS_INVALID_PARAMETER, {
          detail: 'The request is malformed.',
          httpStatus: error.statusCode,
        }),
      );
    }
    context.log.error('request failed', { method: request.method, route: request.routeOptions.url, error });
    return sendProblem(
      reply,
      toProblem(STATUS_INTERNAL_ERROR, { detail: 'An internal error occurred; see the daemon log.' }),
    );
  });

  // Cluster mode: while the database does not answer, requests that need it are refused at once
  // (nothing reaches the store) instead of waiting on a connection that may never answer.
  const watch = context.storeWatch;
  if (watch !== undefined)
    app.addHook('onRequest', (request, reply, done) => {
      if (watch.available || !NEEDS_STORE.test(request.url)) return done();
      sendProblem(reply, toProblem(STATUS_DEVICE_NOT_READY, { detail: STORE_UNAVAILABLE_DETAIL }), 2);
    });

  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    context.metrics.observeRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    context.log.request(request.method, route, reply.statusCode, Math.round(reply.elapsedTime * 100) / 100);
    done();
  });
}
