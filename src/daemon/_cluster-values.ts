/**
 * Checking the cluster settings of one configuration source (private to the daemon's config):
 * the PostgreSQL connection string, its schema, this session host's name and the URL other
 * daemons reach it at. Messages name the key and the source, and never repeat a database
 * password: a connection string is shown only through `redactDatabaseUrl`.
 */

/** The schema names the PostgreSQL store accepts (as `isValidSchemaName` there). */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,39}$/;

/**
 * Session host names: a letter or digit, then letters, digits, `-`, `_` or `.`, at most 63
 * characters (a DNS label's length). `*`, `.` and `localhost` have meanings of their own in
 * `?server=` and `WTSOpenServer`, so they cannot name a host.
 */
const HOST_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
const RESERVED_HOST_NAMES: ReadonlySet<string> = new Set(['localhost', '.', '*']);

/** A bad cluster value; thrown as the daemon's ConfigError by the caller. */
export type Complain = (message: string) => never;

/** `url` with its password replaced by `***` (for messages and logs); unparsable text is hidden whole. */
export function redactDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    // The libpq `password=` parameter is a password too.
    if (u.searchParams.has('password')) u.searchParams.set('password', '***');
    return u.toString();
  } catch {
    return '(an unparsable connection string)';
  }
}

/** Checks a PostgreSQL connection string (`postgres://` or `postgresql://`). */
export function toDatabaseUrl(value: unknown, where: string, complain: Complain): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 4096)
    return complain(`databaseUrl must be a postgres:// connection string (${where})`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return complain(
      `databaseUrl is not a valid URL; write it as postgres://user:password@host:5432/database (${where})`,
    );
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:')
    return complain(
      `databaseUrl must start with postgres:// or postgresql://, not ${url.protocol}// (${where}): ${redactDatabaseUrl(value)}`,
    );
  if (url.hostname === '' && !url.searchParams.has('host'))
    return complain(`databaseUrl names no server (${where}): ${redactDatabaseUrl(value)}`);
  return value;
}

/** Checks a schema name. */
export function toDatabaseSchema(value: unknown, where: string, complain: Complain): string {
  if (typeof value !== 'string' || !SCHEMA_NAME.test(value))
    return complain(
      `databaseSchema must be 1 to 40 lower-case letters, digits or _, starting with a letter or _, not ${JSON.stringify(value)} (${where})`,
    );
  return value;
}

/** Checks a session host name. */
export function toHostName(value: unknown, where: string, complain: Complain): string {
  if (typeof value !== 'string' || !HOST_NAME.test(value) || RESERVED_HOST_NAMES.has(value.toLowerCase()))
    return complain(
      `hostName must be 1 to 63 letters, digits, -, _ or . (starting with a letter or digit; not "localhost"), not ${JSON.stringify(value)} (${where})`,
    );
  return value;
}

/** Checks the URL other daemons reach this one at: http or https, no query; the trailing slash goes. */
export function toAdvertiseUrl(value: unknown, where: string, complain: Complain): string {
  let url: URL | undefined;
  try {
    url = typeof value === 'string' && value.length <= 2048 ? new URL(value) : undefined;
  } catch {}
  if (
    url === undefined ||
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.search !== '' ||
    url.hash !== '' ||
    url.username !== '' ||
    url.password !== ''
  )
    return complain(
      `advertiseUrl must be an http(s) URL without a query or credentials, e.g. http://10.0.0.5:7390, not ${JSON.stringify(value)} (${where})`,
    );
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
