/**
 * The OpenAPI 3.1 document of the daemon, assembled from the route table: one operation per
 * route, its parameters, body and answers from the same TypeBox schemas that check requests,
 * and the problem document for every failure.
 */
import type { TObject, TSchema } from '@sinclair/typebox';
import { Problem } from '../protocol/common.ts';
import type { Route } from './route.ts';

/** JSON Schema without TypeBox's symbol keys (JSON round trip drops them). */
function plain(schema: TSchema): unknown {
  return JSON.parse(JSON.stringify(schema));
}

function parameters(schema: TSchema | undefined, where: 'path' | 'query'): unknown[] {
  if (schema === undefined) return [];
  const o = schema as TObject;
  const required = new Set(o.required ?? []);
  return Object.entries(o.properties).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: plain(s),
  }));
}

function operation(route: Route): Record<string, unknown> {
  const responses: Record<string, unknown> = {};
  for (const [status, schema] of Object.entries(route.responses)) {
    if (schema === null) responses[status] = { description: status === '204' ? 'No content' : 'A stream' };
    else
      responses[status] = {
        description: 'Success',
        content: { [route.produces ?? 'application/json']: { schema: plain(schema) } },
      };
  }
  responses['default'] = {
    description: 'A problem (RFC 9457) with ntstatus and win32',
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  };
  const op: Record<string, unknown> = {
    operationId: `${route.method.toLowerCase()}${route.url.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
    summary: route.summary,
    tags: route.tags,
    parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
    responses,
  };
  if (route.auth !== 'none') op['security'] = [{ bearer: [] }];
  if (route.auth === 'admin') op['description'] = 'Administrators only.';
  if (route.body !== undefined)
    op['requestBody'] = { required: true, content: { 'application/json': { schema: plain(route.body) } } };
  return op;
}

/** The OpenAPI document of `routes`. */
export function createOpenApiDocument(routes: readonly Route[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    if (route.internal === true) continue;
    const path = route.url.replace(/:([A-Za-z]+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'logond',
      version,
      description:
        'The Windows logon-session model over HTTP: logon, tokens, logon sessions, WTS sessions, accounts and the event log. See docs/http-api.md.',
    },
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A token from POST /v1/logon' },
      },
      schemas: { Problem: plain(Problem) },
    },
  };
}
