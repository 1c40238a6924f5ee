/**
 * `logonsessions` output, one block per logon session as Sysinternals LogonSessions prints them,
 * and with `--holders` the tokens and handles that keep each one alive (spec §1.6).
 *
 * ```
 * [0] Logon session 00000000:000003e7:
 *     User name:    WORKGROUP\HOST$
 *     Auth package: Negotiate
 *     Logon type:   (none)
 *     ...
 * ```
 */
import type { LogonSession, LogonSessionHolders } from '../../client/types.ts';
import { parseLuid, toLuidPair } from '../../nt/luid.ts';
import { formatDateTime, type TimeFormat } from './times.ts';

/** What to print besides the sessions. */
export interface LogonSessionsFormat extends TimeFormat {
  /** Holders by logon id (as the API writes it), for `--holders`. */
  readonly holders?: ReadonlyMap<string, LogonSessionHolders>;
}

/** `0x0:0x3e9` → `00000000:000003e9`, as LogonSessions prints a LUID. */
export function formatLuidColon(logonId: string): string {
  const luid = parseLuid(logonId);
  if (luid === undefined) return logonId;
  const { HighPart, LowPart } = toLuidPair(luid);
  return `${(HighPart >>> 0).toString(16).padStart(8, '0')}:${LowPart.toString(16).padStart(8, '0')}`;
}

/** The logon type column: the type's name, `(none)` for type 0 (the system's own sessions). */
export function logonTypeText(session: Pick<LogonSession, 'logonType' | 'logonTypeName'>): string {
  if (session.logonType === 0 || !session.logonTypeName) return '(none)';
  return session.logonTypeName;
}

/** One block: `[n] Logon session <luid>:` and its indented fields. */
export function formatLogonSession(index: number, s: LogonSession, format: LogonSessionsFormat = {}): string {
  const user = s.logonDomain ? `${s.logonDomain}\\${s.userName}` : s.userName;
  const fields: [string, string][] = [
    ['User name:', user],
    ['Auth package:', s.authenticationPackage],
    ['Logon type:', logonTypeText(s)],
    ['Session:', String(s.session)],
    ['Sid:', s.userSid ?? ''],
    ['Logon time:', formatDateTime(s.logonTime, { ...format, seconds: true })],
    ['Logon server:', s.logonServer ?? ''],
    ['DNS Domain:', s.dnsDomainName ?? ''],
    ['UPN:', s.upn ?? ''],
  ];
  const lines = [`[${index}] Logon session ${formatLuidColon(s.logonId)}:`];
  for (const [label, value] of fields) lines.push(`    ${label.padEnd(14)}${value}`.trimEnd());
  const holders = format.holders?.get(s.logonId);
  if (holders !== undefined) lines.push(...formatHolders(s, holders, format));
  return lines.join('\n');
}

/** The `--holders` part of a block: the reference count, then each token and its handles. */
export function formatHolders(s: LogonSession, h: LogonSessionHolders, format: TimeFormat = {}): string[] {
  const lines = [
    `    ${'References:'.padEnd(14)}${s.referenceCount}`,
    `    Held by:${h.holders.length === 0 ? '      (nothing)' : ''}`,
  ];
  for (const t of h.holders) {
    const about = [
      t.tokenType,
      t.source ? `source ${t.source}` : '',
      t.sessionId !== null && t.sessionId !== undefined ? `session ${t.sessionId}` : '',
    ]
      .filter((x) => x !== '')
      .join(', ');
    lines.push(`        Token ${t.tokenId}${about ? ` (${about})` : ''}`);
    for (const handle of t.handles) {
      const opened = formatDateTime(handle.createdAt, { ...format, seconds: true });
      const by = handle.holder ? `: ${handle.holder}` : '';
      lines.push(`            Handle ${handle.handle}${by}${opened ? `, opened ${opened}` : ''}`);
    }
  }
  return lines;
}

/** Every block, numbered from 0 in the order given, separated by blank lines. */
export function formatLogonSessions(
  sessions: readonly LogonSession[],
  format: LogonSessionsFormat = {},
): string {
  return sessions.map((s, i) => formatLogonSession(i, s, format)).join('\n\n');
}
