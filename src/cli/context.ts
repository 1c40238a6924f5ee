/**
 * What a running command gets: its parsed arguments, the daemon's URL, a client acting with the
 * caller's token (from `--token`, `LOGOND_TOKEN` or the credentials file, in that order), and
 * output helpers for text and `--json`.
 */
import { createClient, type LogondClient } from '../client/logond-client.ts';
import type { Args } from './args.ts';
import { notLoggedOn } from './cli-error.ts';
import { DEFAULT_SERVER } from './command.ts';
import { CredentialStore, credentialsPath } from './credentials.ts';
import type { CliIo } from './io.ts';
import { UsageError } from './usage-error.ts';

/** A running command's view of the world. */
export interface CommandContext {
  readonly io: CliIo;
  readonly args: Args;
  /** The command's name (`query session`), for messages. */
  readonly command: string;
  /** `--json`: print the API's JSON. */
  readonly json: boolean;
  /** The daemon's URL, normalized (no trailing slash). */
  readonly server: string;
  /**
   * The session host of the cluster named by `--server NAME` or `/server:NAME` (sent as
   * `?server=`), or undefined for the daemon's own host.
   */
  readonly sessionHost: string | undefined;
  readonly credentials: CredentialStore;
  /** The token the command acts with, if any. */
  readonly token: string | undefined;
  /** A client acting with the caller's token; throws "not logged on" (exit 3) when there is none. */
  client(): LogondClient;
  /** A client without a token (logon, health). */
  anonymousClient(): LogondClient;
  /** Writes a line (or lines) to stdout. */
  print(text: string): void;
  /** Writes `value` as JSON to stdout. */
  printJson(value: unknown): void;
  /** Writes a line to stderr. */
  note(text: string): void;
}

/** Builds the context of one command run. */
export function createContext(io: CliIo, command: string, args: Args): CommandContext {
  const { daemon, sessionHost } = splitServer(args.string('server'), args.string('url'), command);
  const server = normalizeServer(daemon ?? (io.env['LOGOND_SERVER'] || DEFAULT_SERVER), command);
  const credentials = new CredentialStore(credentialsPath(io.env, io.homedir));
  let token = args.string('token') ?? (io.env['LOGOND_TOKEN'] || undefined);
  if (token === undefined) {
    try {
      token = credentials.get(server)?.token;
    } catch (err) {
      io.stderr.write(`logond: ${(err as Error).message}\n`);
    }
  }
  const json = args.flag('json') === true;
  return {
    io,
    args,
    command,
    json,
    server,
    sessionHost,
    credentials,
    token,
    client() {
      if (token === undefined) throw notLoggedOn(server);
      return createClient({ baseUrl: server, token });
    },
    anonymousClient() {
      return createClient({ baseUrl: server });
    },
    print(text) {
      io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    },
    printJson(value) {
      io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    },
    note(text) {
      io.stderr.write(`${text}\n`);
    },
  };
}

/**
 * Whether a `--server` value names a daemon rather than a session host: it has a scheme
 * (`http://…`), a port (`host:7391`, `[::1]:7391`) or a path. A bare name (`hostb`, `*`) names a
 * session host of the cluster.
 */
export function isDaemonAddress(text: string): boolean {
  return /:\/\//.test(text) || /^(\[[^\]]*\]|[^:/]*):[0-9]{1,5}(\/.*)?$/.test(text) || text.includes('/');
}

/** Splits `--server` and `--url` into the daemon's address and the session host (see `isDaemonAddress`). */
export function splitServer(
  server: string | undefined,
  url: string | undefined,
  command = '',
): { daemon: string | undefined; sessionHost: string | undefined } {
  if (server === undefined) return { daemon: url, sessionHost: undefined };
  if (isDaemonAddress(server)) {
    if (url !== undefined)
      throw new UsageError('--server URL and --url both name the daemon; give one of them', command);
    return { daemon: server, sessionHost: undefined };
  }
  if (!/^([A-Za-z0-9][A-Za-z0-9._-]{0,62}|\*)$/.test(server))
    throw new UsageError(
      `--server: "${server}" is neither a daemon URL (http://host:port) nor a session host name`,
      command,
    );
  return { daemon: url, sessionHost: server };
}

/** Checks and normalizes a daemon URL: http or https, no trailing slash, no query. */
export function normalizeServer(text: string, command = ''): string {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    throw new UsageError(`--server: "${text}" is not a URL (for example http://127.0.0.1:7390)`, command);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--server: only http and https URLs are supported, not "${text}"`, command);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
