/**
 * The exit-code catalogue: the codes (re-exported from `exit-code-values.ts`), their meanings for
 * `--help`, and the mapping from whatever a command threw to its code.
 */
import { LogondError } from '../client/logond-error.ts';
import { CliError } from './cli-error.ts';
import {
  EXIT_ACCESS_DENIED,
  EXIT_FAILURE,
  EXIT_INTERRUPTED,
  EXIT_NOT_AUTHENTICATED,
  EXIT_NOT_FOUND,
  EXIT_OK,
  EXIT_UNREACHABLE,
  EXIT_USAGE,
} from './exit-code-values.ts';
import { UsageError } from './usage-error.ts';

export {
  EXIT_ACCESS_DENIED,
  EXIT_FAILURE,
  EXIT_INTERRUPTED,
  EXIT_NOT_AUTHENTICATED,
  EXIT_NOT_FOUND,
  EXIT_OK,
  EXIT_UNREACHABLE,
  EXIT_USAGE,
} from './exit-code-values.ts';

/** Every exit code with its meaning, in order, for `--help`. */
export const EXIT_CODES: readonly { readonly code: number; readonly meaning: string }[] = [
  { code: EXIT_OK, meaning: 'success' },
  { code: EXIT_FAILURE, meaning: 'the server refused the request (conflict, bad state, server error)' },
  { code: EXIT_USAGE, meaning: 'usage error (unknown command or option, missing or bad argument)' },
  { code: EXIT_NOT_AUTHENTICATED, meaning: 'not authenticated (no token, token closed, logon failed)' },
  { code: EXIT_ACCESS_DENIED, meaning: 'access denied' },
  { code: EXIT_NOT_FOUND, meaning: 'not found (WTS session, logon session, user, group)' },
  { code: EXIT_UNREACHABLE, meaning: 'cannot reach the server' },
  { code: EXIT_INTERRUPTED, meaning: 'interrupted at a prompt (Ctrl-C)' },
];

/** The exit code for an error a command threw. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError) return EXIT_USAGE;
  if (error instanceof CliError) return error.exitCode;
  if (!(error instanceof LogondError)) return EXIT_FAILURE;
  if (error.unreachable) return EXIT_UNREACHABLE;
  if (error.status === 401) return EXIT_NOT_AUTHENTICATED;
  if (error.status === 403) return EXIT_ACCESS_DENIED;
  if (error.status === 404) return EXIT_NOT_FOUND;
  return EXIT_FAILURE;
}
