/**
 * SQL text for the PostgreSQL adapter: identifiers, literals, key values and lock names.
 * Private to the adapter.
 *
 * The adapter sends most of its work as multi-statement simple queries (several statements, one
 * round trip), which take no parameters, so values are inlined as literals. Every value passes
 * through `escapeLiteral` or is a decimal integer checked here.
 */
import { escapeIdentifier, escapeLiteral } from 'pg';

/** The SQL type of a key or indexed column (see migrations.ts). */
export type ColumnType = 'bigint' | 'text';

/** A logical table as it lives in PostgreSQL: its qualified name and column types. */
export interface PgTable {
  /** Logical name (`tokens`). */
  readonly name: string;
  /** `"schema"."tokens"`. */
  readonly sqlName: string;
  readonly key: string;
  readonly indexes: readonly string[];
  /** Type of the key and of each indexed column. */
  readonly types: Readonly<Record<string, ColumnType>>;
}

/** Quotes an SQL identifier. */
export function quoteId(name: string): string {
  return escapeIdentifier(name);
}

/** Quotes a string as an SQL literal. */
export function toLiteral(text: string): string {
  return escapeLiteral(text);
}

/** The decimal text of a 64-bit signed integer key, or undefined if `value` is not one. */
function toIntegerText(value: unknown): string | undefined {
  if (typeof value === 'bigint') return BigInt.asIntN(64, value) === value ? value.toString() : undefined;
  if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) < 2 ** 63) {
    // Through BigInt: `String(2 ** 60)` rounds to 1152921504606847000.
    return BigInt(value).toString();
  }
  return undefined;
}

/**
 * The text of a key or indexed value as PostgreSQL prints the column (`column::text`), or undefined
 * when no row can hold it: integers (numbers or bigints within 64 signed bits) for bigint columns,
 * strings without NUL for text columns. It names locks and, quoted, is the value's SQL literal.
 */
export function toColumnText(type: ColumnType, value: unknown): string | undefined {
  if (type === 'bigint') return toIntegerText(value);
  return typeof value === 'string' && !value.includes('\0') ? value : undefined;
}

/** The SQL literal of a column text from `toColumnText`. */
export function toColumnLiteral(type: ColumnType, text: string): string {
  return type === 'bigint' ? text : escapeLiteral(text);
}

/** Throws the TypeError for a key or indexed value no row can hold. */
export function throwUnstorable(table: string, field: string, type: ColumnType, value: unknown): never {
  const what =
    typeof value === 'bigint'
      ? `${value} does not fit in 64 signed bits`
      : type === 'bigint'
        ? `${typeof value === 'number' ? value : `a ${typeof value}`} is not a 64-bit integer`
        : `a ${typeof value} cannot be stored (the column holds strings)`;
  throw new TypeError(`${table}.${field} is a key or indexed field: ${what}`);
}

/**
 * Lock names (hashed by `hashtextextended` into advisory lock ids). Every name starts with the
 * schema, so stores in different schemas never contend. `K`: one key of a table; `I`: one value of
 * an indexed field; `T`: a whole table.
 */
export function keyLockName(schema: string, table: string, text: string): string {
  return `${schema}|K|${table}|${text}`;
}

/** The lock name of rows whose `field` equals the value printed `text` (see `keyLockName`). */
export function indexLockName(schema: string, table: string, field: string, text: string): string {
  return `${indexLockPrefix(schema, table, field)}${text}`;
}

/** What `indexLockName` puts before the value, for building names in SQL (`prefix || column::text`). */
export function indexLockPrefix(schema: string, table: string, field: string): string {
  return `${schema}|I|${table}|${field}|`;
}

/** The lock name of a whole table (see `keyLockName`). */
export function tableLockName(schema: string, table: string): string {
  return `${schema}|T|${table}`;
}

/**
 * A statement that takes the advisory transaction locks `names` in the given order (exclusive, or
 * shared when `shared`). Callers sort the names, so transactions take them in one global order.
 */
export function lockStatement(names: readonly string[], shared = false): string {
  const fn = shared ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
  const list = names.map(escapeLiteral).join(', ');
  return `SELECT ${fn}(hashtextextended(n, 0)) FROM unnest(ARRAY[${list}]::text[]) AS n`;
}

/** The SQL literal of a double (event times), NaN and the infinities included. */
export function toFloatLiteral(value: number): string {
  return Number.isFinite(value) ? String(value) : `'${value}'::float8`;
}
