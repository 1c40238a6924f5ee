/**
 * Reading a password: from a terminal without echo (raw mode, so nothing typed is shown), or all of
 * stdin with `--password-stdin` (one trailing newline removed). Never from the command line, where
 * other users could read it in the process list.
 */
import { interrupted } from './cli-error.ts';
import type { CliIo } from './io.ts';
import { UsageError } from './usage-error.ts';

/** How to get the password. */
export interface PasswordOptions {
  /** The prompt (written to stderr): `Password for alice: `. */
  readonly prompt: string;
  /** Read all of stdin instead of prompting (`--password-stdin`). */
  readonly fromStdin: boolean;
  /** A second prompt to confirm a new password; they must match. */
  readonly confirm?: string;
  /** The command, for usage errors. */
  readonly command: string;
}

/** Reads a password as `options` say; throws UsageError when there is no way to ask. */
export async function readPassword(io: CliIo, options: PasswordOptions): Promise<string> {
  if (options.fromStdin) {
    let text = '';
    for await (const chunk of io.stdin) text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    const password = text.replace(/\r?\n$/, '');
    if (password === '') throw new UsageError('--password-stdin: stdin was empty', options.command);
    return password;
  }
  if (!io.stdin.isTTY || io.stdin.setRawMode === undefined) {
    throw new UsageError(
      'stdin is not a terminal, so the password cannot be asked for; use --password-stdin',
      options.command,
    );
  }
  const password = await prompt(io, options.prompt);
  if (options.confirm !== undefined) {
    const again = await prompt(io, options.confirm);
    if (again !== password) throw new UsageError('the passwords do not match', options.command);
  }
  return password;
}

/** Asks on the terminal with echo off; resolves at Enter, rejects at Ctrl-C or Ctrl-D. */
function prompt(io: CliIo, text: string): Promise<string> {
  const stdin = io.stdin;
  io.stderr.write(text);
  stdin.setRawMode?.(true);
  stdin.resume();
  return new Promise<string>((resolve, reject) => {
    let value = '';
    const finish = (error?: Error): void => {
      stdin.off('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      io.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string): void => {
      for (const ch of typeof chunk === 'string' ? chunk : chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          finish();
          return;
        }
        if (ch === '\u0003') {
          finish(interrupted());
          return;
        }
        if (ch === '\u0004') {
          finish(value === '' ? new UsageError('no password given', '') : undefined);
          return;
        }
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else if (ch === '\u0015') value = '';
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}
