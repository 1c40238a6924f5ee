/**
 * `--help` text: the top-level list of commands, a group's commands, and one command's usage with
 * every option, its default, the global options and the exit codes.
 */
import { type Command, commandName, GLOBAL_OPTIONS, type OptionSpec } from './command.ts';
import { EXIT_CODES } from './exit-codes.ts';

function optionLabel(name: string, spec: OptionSpec): string {
  const short = spec.short ? `-${spec.short}, ` : '    ';
  const long = spec.negatable ? `--[no-]${name}` : `--${name}`;
  return `${short}${long}${spec.type === 'string' ? ` ${spec.valueName ?? 'VALUE'}` : ''}`;
}

function optionLines(options: Readonly<Record<string, OptionSpec>>, width: number): string[] {
  return Object.entries(options).map(([name, spec]) => {
    const extra = [
      spec.multiple ? 'repeatable' : '',
      spec.default !== undefined ? `default: ${spec.default}` : '',
    ]
      .filter((x) => x !== '')
      .join('; ');
    return `  ${optionLabel(name, spec).padEnd(width)}  ${spec.description}${extra ? ` (${extra})` : ''}`;
  });
}

function labelWidth(...groups: Readonly<Record<string, OptionSpec>>[]): number {
  return Math.max(...groups.flatMap((g) => Object.entries(g).map(([n, s]) => optionLabel(n, s).length)));
}

/** The exit-code lines shared by every help text. */
export function exitCodeLines(): string[] {
  return ['Exit codes:', ...EXIT_CODES.map((e) => `  ${String(e.code).padStart(3)}  ${e.meaning}`)];
}

function usageLine(command: Command): string {
  const args = command.usage ? ` ${command.usage}` : '';
  return `logond ${commandName(command)}${args} [options]`;
}

/** One command's help. */
export function formatCommandHelp(command: Command): string {
  const own = command.options ?? {};
  const width = labelWidth(own, GLOBAL_OPTIONS);
  const lines = [`Usage: ${usageLine(command)}`];
  for (const alias of command.aliases ?? [])
    lines.push(`       logond ${alias.join(' ')}${command.usage ? ` ${command.usage}` : ''} [options]`);
  lines.push('', `${command.summary.charAt(0).toUpperCase()}${command.summary.slice(1)}.`);
  if (command.description) lines.push('', command.description);
  if (Object.keys(own).length > 0) lines.push('', 'Options:', ...optionLines(own, width));
  lines.push('', 'Global options:', ...optionLines(GLOBAL_OPTIONS, width));
  if (command.examples && command.examples.length > 0)
    lines.push('', 'Examples:', ...command.examples.map((e) => `  ${e}`));
  lines.push('', ...exitCodeLines());
  return lines.join('\n');
}

function commandList(commands: readonly Command[]): string[] {
  const labels = commands.map((c) => `${commandName(c)}${c.usage ? ` ${c.usage}` : ''}`);
  const width = Math.min(40, Math.max(...labels.map((l) => l.length)));
  return commands.map((c, i) => {
    const alias =
      c.aliases && c.aliases.length > 0 ? ` (alias: ${c.aliases.map((a) => a.join(' ')).join(', ')})` : '';
    const label = labels[i] ?? '';
    const pad = label.length > width ? `\n  ${''.padEnd(width)}` : ''.padEnd(width - label.length);
    return `  ${label}${pad}  ${c.summary}${alias}`;
  });
}

/** The help of a group (`logond users`): its commands. */
export function formatGroupHelp(group: string, commands: readonly Command[]): string {
  const members = commands.filter((c) => c.path[0] === group && c.path.length > 1);
  return [
    `Usage: logond ${group} <command> [arguments] [options]`,
    '',
    'Commands:',
    ...commandList(members),
    '',
    `Run "logond ${group} <command> --help" for a command's options.`,
  ].join('\n');
}

/** The top-level help: every command, the global options, the environment, the exit codes. */
export function formatTopHelp(commands: readonly Command[]): string {
  const width = labelWidth(GLOBAL_OPTIONS);
  return [
    'logond: the Windows logon-session model (LSA logon sessions, tokens, terminal sessions) as a daemon and CLI.',
    '',
    'Usage: logond <command> [arguments] [options]',
    '',
    'Commands:',
    ...commandList(commands),
    '',
    'Global options (every command):',
    ...optionLines(GLOBAL_OPTIONS, width),
    '',
    'Environment:',
    '  LOGOND_SERVER         the daemon URL (default http://127.0.0.1:7390)',
    '  LOGOND_TOKEN          the bearer token to act with',
    '  LOGOND_CREDENTIALS    the credentials file (default ~/.config/logond/credentials.json, mode 0600)',
    '',
    ...exitCodeLines(),
    '',
    'Run "logond <command> --help" for a command\'s options and defaults.',
  ].join('\n');
}
