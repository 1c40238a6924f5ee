/**
 * The one line `logond` prints on stderr when a command fails: what went wrong in words, the status
 * with its codes, then the daemon's sentence. For example
 * `logond: access denied (STATUS_ACCESS_DENIED 0xC0000022, Win32 5): <sentence>`.
 */
import { LogondError } from '../client/logond-error.ts';
import { formatStatus, statusName } from '../nt/ntstatus.ts';
import { CliError } from './cli-error.ts';
import { UsageError } from './usage-error.ts';

/** The error line for anything a command threw (no trailing newline). */
export function formatErrorLine(error: unknown): string {
  if (error instanceof UsageError) {
    const where = error.command === '' ? 'logond' : `logond ${error.command}`;
    return `${where}: ${oneLine(error.message)} (see "${where} --help")`;
  }
  if (error instanceof CliError) return `logond: ${oneLine(error.message)}`;
  if (error instanceof LogondError) return formatProblemLine(error);
  if (error instanceof Error) return `logond: ${oneLine(error.message)}`;
  return `logond: ${oneLine(String(error))}`;
}

/** The line for an error the daemon answered, or for a daemon that did not answer. */
export function formatProblemLine(error: LogondError): string {
  if (error.unreachable) return `logond: ${oneLine(error.detail)}`;
  const name = /^(?:STATUS|RPC_NT)_[A-Z0-9_]+$/.test(error.title) ? error.title : statusName(error.ntstatus);
  const hex = formatStatus(error.ntstatus);
  let codes = `${name === hex ? hex : `${name} ${hex}`}, Win32 ${error.win32}`;
  if (error.subStatus !== undefined && error.subStatus !== 0) {
    codes += `, sub-status ${statusName(error.subStatus)} ${formatStatus(error.subStatus)}`;
  }
  return `logond: ${summaryOf(name, error.status)} (${codes}): ${oneLine(error.detail)}`;
}

/** `STATUS_CTX_WINSTATION_NOT_FOUND` → `winstation not found`; a hex-only name → the HTTP status. */
export function summaryOf(name: string, httpStatus: number): string {
  if (!/^(?:STATUS|RPC_NT)_/.test(name)) return `request failed with HTTP ${httpStatus}`;
  return name
    .replace(/^(?:STATUS_(?:CTX_)?|RPC_NT_)/, '')
    .toLowerCase()
    .replaceAll('_', ' ');
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
