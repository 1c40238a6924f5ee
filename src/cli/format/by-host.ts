/**
 * Sessions of every host of a cluster (`--server '*'`) printed as one table per host, each under a
 * `Host <name>:` line, since session ids and names repeat from host to host.
 */
import type { WtsSession } from '../../client/types.ts';

/** `format` applied to each host's sessions, hosts in name order, separated by a blank line. */
export function formatByHost(
  sessions: readonly WtsSession[],
  format: (sessions: readonly WtsSession[]) => string,
): string {
  const hosts = new Map<string, WtsSession[]>();
  for (const s of sessions) {
    const list = hosts.get(s.host);
    if (list === undefined) hosts.set(s.host, [s]);
    else list.push(s);
  }
  return [...hosts]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([host, list]) => `Host ${host}:\n${format(list)}`)
    .join('\n\n');
}
