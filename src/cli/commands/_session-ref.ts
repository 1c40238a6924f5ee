/**
 * Naming a WTS session on the command line as the Windows tools accept it: an id, a session name
 * (`rdp-tcp#2`) or a user name; nothing means the caller's own session (`current`). A name is looked
 * up on the session host the command names (`--server NAME`), if any.
 */
import type { LogondClient } from '../../client/logond-client.ts';
import type { WtsSessionRef } from '../../client/types.ts';
import { CliError } from '../cli-error.ts';
import { EXIT_NOT_FOUND } from '../exit-code-values.ts';
import { matchesSession } from '../format/session-table.ts';
import { UsageError } from '../usage-error.ts';

/** Resolves `text` to a session id (`current` when absent); a name is looked up on the daemon. */
export async function resolveSessionRef(
  client: LogondClient,
  text: string | undefined,
  command: string,
  server?: string,
): Promise<WtsSessionRef> {
  if (text === undefined || text.toLowerCase() === 'current') return 'current';
  if (/^[0-9]{1,10}$/.test(text)) return Number(text);
  const { sessions } = await client.listWtsSessions(server === undefined ? {} : { server });
  const found = sessions.filter((s) => matchesSession(s, text));
  if (found.length === 0) throw new CliError(`no session exists for ${text}`, EXIT_NOT_FOUND);
  if (found.length > 1) {
    throw new UsageError(
      `"${text}" names ${found.length} sessions (${found.map((s) => s.sessionId).join(', ')}); give the id`,
      command,
    );
  }
  return found[0]!.sessionId;
}

/**
 * Whether `ref` is the caller's own session (asks the daemon only when an id was given). On a named
 * session host, the session itself says whether it is the caller's (`current`).
 */
export async function isOwnSession(
  client: LogondClient,
  ref: WtsSessionRef,
  server?: string,
): Promise<boolean> {
  if (ref === 'current') return true;
  if (server !== undefined) return (await client.getWtsSession(ref, { server })).current;
  return (await client.whoami()).sessionId === ref;
}

/** The `?server=` option of a command's session host, if one was named. */
export function serverOf(sessionHost: string | undefined): { server?: string } {
  return sessionHost === undefined ? {} : { server: sessionHost };
}
