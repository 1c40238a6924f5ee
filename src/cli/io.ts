/**
 * What a command may touch of the outside world: its output streams, stdin, the environment and the
 * home directory. Tests pass their own; `processIo()` is the real process.
 */
import { homedir } from 'node:os';

/** A stream the CLI writes to. */
export interface OutStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
}

/** The standard input, as the password prompt and `--password-stdin` read it. */
export interface InStream extends AsyncIterable<Buffer | string> {
  readonly isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  off(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

/** The outside world of one CLI run. */
export interface CliIo {
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  readonly stdin: InStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly homedir: string;
  /** Aborts when the user asks the process to stop (SIGINT, SIGTERM); for commands that run until then. */
  stopSignal(): AbortSignal;
}

/** The real process's streams, environment and signals. */
export function processIo(): CliIo {
  let controller: AbortController | undefined;
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    homedir: homedir(),
    stopSignal() {
      if (controller === undefined) {
        const c = new AbortController();
        controller = c;
        const stop = (): void => c.abort();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      }
      return controller.signal;
    },
  };
}
