/**
 * Finding the command in a command line: global options may come first (`logond --server URL
 * whoami`), then the command's words (`query session`, or an alias such as `qwinsta`), matched
 * longest first and case-insensitively as the Windows tools are.
 */
import { type Command, GLOBAL_OPTIONS } from './command.ts';
import { UsageError } from './usage-error.ts';

/** What the command line names. */
export type Resolved =
  /** A command; `rest` is everything but its words, for its option parser. */
  | { readonly kind: 'command'; readonly command: Command; readonly rest: readonly string[] }
  /** A group's name alone (`logond users`), or with `--help`: show the group's commands. */
  | { readonly kind: 'group'; readonly group: string; readonly rest: readonly string[] }
  /** No command at all: top-level help or `--version`. */
  | { readonly kind: 'top'; readonly rest: readonly string[] };

const VALUE_OPTIONS = new Set(
  Object.entries(GLOBAL_OPTIONS)
    .filter(([, spec]) => spec.type === 'string')
    .map(([name]) => `--${name}`),
);

/** Resolves `argv` against `commands`; throws UsageError for an unknown command. */
export function resolveCommand(commands: readonly Command[], argv: readonly string[]): Resolved {
  const pre: string[] = [];
  let i = 0;
  while (i < argv.length && argv[i]!.startsWith('-') && argv[i] !== '--') {
    pre.push(argv[i]!);
    if (VALUE_OPTIONS.has(argv[i]!) && i + 1 < argv.length) pre.push(argv[++i]!);
    i++;
  }
  const words = argv.slice(i).map((w) => w.toLowerCase());
  if (words.length === 0 || words[0] === '--') return { kind: 'top', rest: pre };
  let best: { command: Command; length: number } | undefined;
  for (const command of commands) {
    for (const path of [command.path, ...(command.aliases ?? [])]) {
      if (path.length > words.length || (best !== undefined && path.length <= best.length)) continue;
      if (path.every((w, k) => words[k] === w)) best = { command, length: path.length };
    }
  }
  if (best !== undefined)
    return { kind: 'command', command: best.command, rest: [...pre, ...argv.slice(i + best.length)] };
  const first = words[0]!;
  const inGroup = commands.filter((c) => c.path.length > 1 && c.path[0] === first);
  if (inGroup.length > 0) {
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('-'))
      return { kind: 'group', group: first, rest: [...pre, ...argv.slice(i + 1)] };
    const known = inGroup.map((c) => c.path.slice(1).join(' ')).join(', ');
    throw new UsageError(`unknown command "${first} ${next}"; "${first}" takes: ${known}`);
  }
  throw new UsageError(`unknown command "${argv[i]}"`);
}
