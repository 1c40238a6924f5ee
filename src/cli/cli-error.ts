/**
 * A failure the CLI itself detects (no token, nothing matched a selector, Ctrl-C at a prompt), with
 * the exit code it ends the process with. Errors the daemon answers are `LogondError`s instead.
 */
import { EXIT_INTERRUPTED, EXIT_NOT_AUTHENTICATED } from './exit-code-values.ts';

/** A failure detected by the CLI, with its exit code. */
export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode: number) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** No token for `server`: no `--token`, no `LOGOND_TOKEN`, no saved credentials (exit 3). */
export function notLoggedOn(server: string): CliError {
  return new CliError(
    `not logged on to ${server}: run "logond logon <user>" first, or pass --token (or set LOGOND_TOKEN)`,
    EXIT_NOT_AUTHENTICATED,
  );
}

/** The user pressed Ctrl-C at a prompt (exit 130). */
export function interrupted(): CliError {
  return new CliError('interrupted', EXIT_INTERRUPTED);
}
