/**
 * Checking request input against the route's TypeBox schemas (private to the daemon). Schemas are
 * compiled once per route; a failure throws NtError(STATUS_INVALID_PARAMETER) naming the first
 * field at fault, so nothing malformed reaches the engine. Values are never echoed back (a
 * misplaced password must not appear in an error or a log).
 */
import { FormatRegistry, type TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ValueErrorType } from '@sinclair/typebox/errors';
import { NtError } from '../nt/nt-error.ts';
import { STATUS_INVALID_PARAMETER } from '../nt/ntstatus.ts';

// JSON Schema formats the protocol uses; TypeBox checks only formats it has been told about.
if (!FormatRegistry.Has('date-time')) {
  FormatRegistry.Set(
    'date-time',
    (v) =>
      /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})$/.test(
        v,
      ) && !Number.isNaN(Date.parse(v)),
  );
}

/** A compiled check of one part of a request. */
export type InputCheck = (value: unknown) => unknown;

/**
 * Compiles `schema` for the request part `part` (`body`, `query`, `path`). An absent body counts
 * as `{}` when the schema requires no field.
 */
export function compileInputCheck(schema: TSchema, part: 'body' | 'query' | 'path'): InputCheck {
  const checker = TypeCompiler.Compile(schema);
  const required = (schema as { required?: readonly string[] }).required ?? [];
  const emptyAllowed = part === 'body' && required.length === 0;
  return (value) => {
    const v = value === undefined || value === null ? (emptyAllowed || part !== 'body' ? {} : value) : value;
    if (checker.Check(v)) return v;
    const first = checker.Errors(v).First();
    const where =
      first === undefined || first.path === ''
        ? `the ${part === 'path' ? 'URL' : `request ${part}`}`
        : `${part === 'path' ? 'URL part' : part === 'query' ? 'query parameter' : 'field'} "${first.path.slice(1).replace(/\//g, '.')}"`;
    throw new NtError(STATUS_INVALID_PARAMETER, `Invalid ${where}: ${describe(first)}`);
  };
}

function describe(error: { type: ValueErrorType; message: string; schema: TSchema } | undefined): string {
  if (error === undefined) return 'it does not match the schema.';
  switch (error.type) {
    case ValueErrorType.ObjectAdditionalProperties:
      return 'unknown field (see docs/http-api.md for the fields this route takes).';
    case ValueErrorType.ObjectRequiredProperty:
      return 'this field is required.';
    case ValueErrorType.StringPattern:
      return `${error.message}${typeof error.schema['description'] === 'string' ? ` (${error.schema['description']})` : ''}.`;
    default:
      return `${error.message}.`;
  }
}
