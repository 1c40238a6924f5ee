/**
 * The parsed command line of one command: typed access to its option values and positional
 * arguments, parsed with `node:util` parseArgs (strict: unknown options are usage errors).
 */
import { parseArgs } from 'node:util';
import { type Command, commandName, GLOBAL_OPTIONS, type OptionSpec } from './command.ts';
import { UsageError } from './usage-error.ts';

type Value = string | boolean | (string | boolean)[] | undefined;

/** One command's options and positionals. */
export class Args {
  readonly #values: Readonly<Record<string, Value>>;
  readonly #command: string;
  /** The positional arguments, in order. */
  readonly positionals: readonly string[];

  constructor(command: string, values: Readonly<Record<string, Value>>, positionals: readonly string[]) {
    this.#command = command;
    this.#values = values;
    this.positionals = positionals;
  }

  /** A string option's value, if given (the last one when repeated). */
  string(name: string): string | undefined {
    const v = this.#values[name];
    const last = Array.isArray(v) ? v.at(-1) : v;
    return typeof last === 'string' ? last : undefined;
  }

  /** A boolean option: true, false (its `--no-` form), or undefined when not given. */
  flag(name: string): boolean | undefined {
    const v = this.#values[name];
    return typeof v === 'boolean' ? v : undefined;
  }

  /** A repeatable string option's values; each may also be a comma-separated list when `split`. */
  strings(name: string, options: { split?: boolean } = {}): string[] {
    const v = this.#values[name];
    const all = (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter(
      (x): x is string => typeof x === 'string',
    );
    return options.split
      ? all
          .flatMap((x) => x.split(','))
          .map((x) => x.trim())
          .filter((x) => x !== '')
      : all;
  }

  /** A non-negative integer option (`--after 5`), checked. */
  integer(name: string): number | undefined {
    const s = this.string(name);
    if (s === undefined) return undefined;
    if (!/^[0-9]{1,15}$/.test(s))
      throw new UsageError(`--${name} needs a non-negative whole number, not "${s}"`, this.#command);
    return Number(s);
  }
}

/** Parses the arguments that follow a command's name. Throws UsageError for anything wrong. */
export function parseCommandArgs(command: Command, argv: readonly string[]): Args {
  const name = commandName(command);
  const specs: Record<string, OptionSpec> = { ...GLOBAL_OPTIONS, ...command.options };
  let optionArgs = [...argv];
  let passed: string[] = [];
  if (command.passThrough) {
    const at = firstPositional(argv, specs);
    optionArgs = argv.slice(0, at);
    passed = argv.slice(at);
    if (passed[0] === '--') passed = passed.slice(1);
  }
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [key, spec] of Object.entries(specs)) {
    options[key] = {
      type: spec.type,
      ...(spec.short ? { short: spec.short } : {}),
      ...(spec.multiple ? { multiple: true } : {}),
    };
  }
  let parsed: { values: Record<string, Value>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: optionArgs,
      options,
      strict: true,
      allowPositionals: true,
      allowNegative: true,
    });
  } catch (err) {
    throw new UsageError(describeParseError(err), name);
  }
  for (const [key, spec] of Object.entries(specs)) {
    if (spec.type === 'boolean' && parsed.values[key] === false && !spec.negatable) {
      throw new UsageError(`unknown option --no-${key}`, name);
    }
  }
  const positionals = [...parsed.positionals, ...passed];
  if (parsed.values['help'] !== true) {
    const { min, max } = command.args ?? { min: 0, max: 0 };
    if (positionals.length < min)
      throw new UsageError(`missing argument: ${command.usage ?? ''}`.trim(), name);
    if (!command.passThrough && positionals.length > max) {
      throw new UsageError(`unexpected argument "${positionals[max]}"`, name);
    }
  }
  return new Args(name, parsed.values, positionals);
}

/** Index of the first positional argument (or of `--`), skipping option values. */
function firstPositional(argv: readonly string[], specs: Readonly<Record<string, OptionSpec>>): number {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--' || !a.startsWith('-') || a === '-') return i;
    if (a.includes('=')) continue;
    const spec = a.startsWith('--')
      ? specs[a.slice(2)]
      : Object.values(specs).find((s) => s.short === a.slice(1));
    if (spec?.type === 'string') i++;
  }
  return argv.length;
}

function describeParseError(err: unknown): string {
  const e = err as { code?: string; message?: string };
  const option = /'(-[^']*)'/.exec(e.message ?? '')?.[1];
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option ?? ''}`.trim();
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return /argument missing/.test(e.message ?? '')
      ? `option ${option?.replace(/^-\w, /, '').replace(/ <value>$/, '') ?? ''} needs a value`
      : `option ${option ?? ''} takes no value`;
  }
  return e.message ?? String(err);
}
