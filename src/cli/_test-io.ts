/**
 * A CliIo for unit tests: captured stdout and stderr, a given stdin, environment and home.
 */
import { PassThrough } from 'node:stream';
import type { CliIo, InStream } from './io.ts';

/** A CliIo whose output the test reads back. */
export interface TestIo extends CliIo {
  out(): string;
  err(): string;
}

/** Creates a test CliIo; stdin defaults to an ended empty stream. */
export function createTestIo(
  options: { stdin?: InStream; env?: Record<string, string>; homedir?: string } = {},
): TestIo {
  let out = '';
  let err = '';
  const stdin = options.stdin ?? new PassThrough().end();
  const controller = new AbortController();
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    stdin: stdin as InStream,
    env: options.env ?? {},
    homedir: options.homedir ?? '/nonexistent-home',
    stopSignal: () => controller.signal,
    out: () => out,
    err: () => err,
  };
}
