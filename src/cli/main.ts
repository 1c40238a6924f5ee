/**
 * The `logond` command line: finds the command, parses its options, runs it, and turns whatever
 * it threw into one line on stderr and a documented exit code. `bin/logond.js` calls `runCli`.
 */
import { readFileSync } from 'node:fs';
import { parseCommandArgs } from './args.ts';
import { type Command, commandName } from './command.ts';
import { COMMANDS } from './commands/index.ts';
import { createContext } from './context.ts';
import { formatErrorLine } from './error-line.ts';
import { EXIT_OK, EXIT_USAGE, exitCodeFor } from './exit-codes.ts';
import { formatCommandHelp, formatGroupHelp, formatTopHelp } from './help.ts';
import { type CliIo, processIo } from './io.ts';
import { resolveCommand } from './resolve-command.ts';
import { UsageError } from './usage-error.ts';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? 'unknown';
}

/** `/server:NAME` (the Windows tools' spelling) as `--server NAME`, for commands that take a session host. */
function windowsServerOption(command: Command, rest: readonly string[]): readonly string[] {
  if (command.sessionHosts !== true) return rest;
  return rest.flatMap((arg) => {
    const m = /^\/server:(.+)$/i.exec(arg);
    return m === null ? [arg] : ['--server', m[1]!];
  });
}

/** Runs `logond` with `argv` (without the node and script paths); resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  try {
    const found = resolveCommand(COMMANDS, argv);
    if (found.kind === 'top') {
      if (found.rest.includes('--version') || found.rest.includes('-V')) {
        io.stdout.write(`logond ${version()}\n`);
        return EXIT_OK;
      }
      const unknown = found.rest.find((a) => !['--help', '-h', '--json'].includes(a));
      if (unknown !== undefined)
        throw new UsageError(`unknown option ${unknown} (options go after the command)`);
      io.stdout.write(`${formatTopHelp(COMMANDS)}\n`);
      return EXIT_OK;
    }
    if (found.kind === 'group') {
      const wantsHelp = found.rest.includes('--help') || found.rest.includes('-h');
      io[wantsHelp ? 'stdout' : 'stderr'].write(`${formatGroupHelp(found.group, COMMANDS)}\n`);
      return wantsHelp ? EXIT_OK : EXIT_USAGE;
    }
    const args = parseCommandArgs(found.command, windowsServerOption(found.command, found.rest));
    if (args.flag('help')) {
      io.stdout.write(`${formatCommandHelp(found.command)}\n`);
      return EXIT_OK;
    }
    const ctx = createContext(io, commandName(found.command), args);
    if (ctx.sessionHost !== undefined && found.command.sessionHosts !== true)
      throw new UsageError(
        `--server ${ctx.sessionHost} names a session host of the cluster, which "${ctx.command}" does not take; name the daemon with its URL (--server http://host:port or --url)`,
        ctx.command,
      );
    return (await found.command.run(ctx)) ?? EXIT_OK;
  } catch (error) {
    io.stderr.write(`${formatErrorLine(error)}\n`);
    return exitCodeFor(error);
  }
}
