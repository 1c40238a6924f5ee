/**
 * `logond hosts` output: the session hosts of the cluster, one line each, `>` before the host of
 * the daemon that answered.
 *
 * ```
 *  NAME      STATE  ADDRESS                  LAST HEARTBEAT
 * >hosta     up     http://127.0.0.1:7391    12/5/2026 8:30:01 PM
 *  hostc     down   http://127.0.0.1:7393    12/5/2026 8:29:40 PM
 * ```
 */
import type { HostView } from '../../client/types.ts';
import { left } from './columns.ts';
import { formatDateTime, type TimeFormat } from './times.ts';

/** The table of hosts. */
export function formatHostTable(hosts: readonly HostView[], format: TimeFormat = {}): string {
  const nameWidth = Math.max(8, ...hosts.map((h) => h.name.length)) + 1;
  const addressWidth = Math.max(7, ...hosts.map((h) => h.address.length)) + 1;
  const header = ` ${left('NAME', nameWidth)} ${left('STATE', 6)} ${left('ADDRESS', addressWidth)} LAST HEARTBEAT`;
  const rows = hosts.map((h) =>
    `${h.self ? '>' : ' '}${left(h.name, nameWidth)} ${left(h.up ? 'up' : 'down', 6)} ${left(h.address || '-', addressWidth)} ${formatDateTime(h.heartbeatAt, format)}`.trimEnd(),
  );
  return [header, ...rows].join('\n');
}
