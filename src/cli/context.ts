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
  const server = normalizeServer(
    args.string('server') ?? (io.env['LOGOND_SERVER'] || DEFAULT_SERVER),
    command,
  );
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
