/**
 * The shape of one `logond` command: the words that name it, its options (with their defaults, for
 * `--help`), its arguments, and what it does.
 */
import type { CommandContext } from './context.ts';

/** One option of a command, as `node:util` parseArgs takes it, plus what `--help` shows. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  /** The value `--help` shows as the default (applied by the command, not by the parser). */
  readonly default?: string;
  /** The placeholder of the value in `--help` (`URL`, `ID`). */
  readonly valueName?: string;
  /** A boolean option that also has a `--no-<name>` form. */
  readonly negatable?: boolean;
  readonly description: string;
}

/** One command. */
export interface Command {
  /** The words that name it: `['query', 'session']`. */
  readonly path: readonly string[];
  /** Other names (`['qwinsta']`). */
  readonly aliases?: readonly (readonly string[])[];
  /** One line for the command list. */
  readonly summary: string;
  /** The arguments after the name, as `--help` shows them (`[name|user|id]`). */
  readonly usage?: string;
  /** Paragraphs `--help` prints after the usage line. */
  readonly description?: string;
  readonly options?: Readonly<Record<string, OptionSpec>>;
  /** Fewest and most positional arguments (default 0 and 0). */
  readonly args?: { readonly min: number; readonly max: number };
  /** Everything from the first positional on is passed through verbatim (`run <program> [args...]`). */
  readonly passThrough?: boolean;
  /**
   * Takes a session host of the cluster: `--server NAME` (a bare name, `*` for every host where it
   * lists) and the Windows spelling `/server:NAME`, reached through the daemon.
   */
  readonly sessionHosts?: boolean;
  /** Examples for `--help`. */
  readonly examples?: readonly string[];
  /** Runs the command; returns its exit code (0 when nothing is returned). */
  run(ctx: CommandContext): Promise<number | undefined>;
}

/** The options every command accepts. */
export const GLOBAL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  server: {
    type: 'string',
    valueName: 'URL|NAME',
    default: '$LOGOND_SERVER, else http://127.0.0.1:7390',
    description:
      'a URL (http://host:port) or host:port is the daemon to talk to; a bare name is a session host of the cluster, reached through that daemon (WTS commands; * = every host)',
  },
  url: {
    type: 'string',
    valueName: 'URL',
    default: '$LOGOND_SERVER, else http://127.0.0.1:7390',
    description: 'the daemon to talk to (always a daemon, never a session host name)',
  },
  token: {
    type: 'string',
    valueName: 'SECRET',
    default: '$LOGOND_TOKEN, else the one saved by "logond logon" for the server',
    description: 'the bearer token to act with',
  },
  json: { type: 'boolean', description: "print the API's JSON instead of text" },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
};

/** The default daemon URL. */
export const DEFAULT_SERVER = 'http://127.0.0.1:7390';

/** The command's name as the user types it (`query session`). */
export function commandName(command: Command): string {
  return command.path.join(' ');
}
