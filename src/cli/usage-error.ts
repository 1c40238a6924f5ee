/**
 * A wrong command line: the user typed something logond cannot run. Exit code 2; the message names
 * the command so the user knows which `--help` to read.
 */
export class UsageError extends Error {
  /** The command's words (`query session`), or `''` at the top level. */
  readonly command: string;

  constructor(message: string, command = '') {
    super(message);
    this.name = 'UsageError';
    this.command = command;
  }
}
