/**
 * Sessions of every host of the cluster (`system.wts.listClusterSessions`): what the caller may
 * query (Query, 0x1) on each host, each with its `host`, ordered by host then id, read in one
 * snapshot of the shared store. This host's sessions show as `listSessions` shows them; another
 * host's as `on(host).listSessions` does (WTSDown while the host is down).
 */
import type { Caller } from '../kernel/caller.ts';
import { WTS_SECURITY_QUERY_INFORMATION } from '../security/wts-permissions.ts';
import type { WtsSessionRow } from '../store/rows.ts';
import { callerSessionOn, NOT_CALLERS, toHostSessionInfo } from './host-view.ts';
import { hasSessionAccess } from './session-access.ts';
import { toSessionInfo, type WtsSessionInfo } from './session-info.ts';
import type { WtsContext } from './wts-context.ts';

function byHostThenId(a: WtsSessionRow, b: WtsSessionRow): number {
  return a.host < b.host ? -1 : a.host > b.host ? 1 : a.sessionId - b.sessionId;
}

/** Every host's sessions the caller may query (see the file comment). */
export function listClusterSessions(ctx: WtsContext, caller: Caller): Promise<WtsSessionInfo[]> {
  return ctx.kernel.read((k) => {
    const now = ctx.clock.now();
    const up = new Map<string, boolean>();
    for (const h of k.tx.scan('hosts')) up.set(h.name, ctx.hosts.isUp(h, now));
    const rows = k.tx.scan('wtsSessions').sort(byHostThenId);
    const out: WtsSessionInfo[] = [];
    const mine = new Map<string, number>();
    for (const row of rows) {
      if (!hasSessionAccess(caller, row, WTS_SECURITY_QUERY_INFORMATION)) continue;
      if (row.host === ctx.host) {
        out.push(toSessionInfo(row, now, caller.sessionId));
        continue;
      }
      let own = mine.get(row.host);
      if (own === undefined) {
        own = callerSessionOn(k.tx, caller, row.host);
        mine.set(row.host, own);
      }
      out.push(toHostSessionInfo(row, now, own ?? NOT_CALLERS, up.get(row.host) ?? false));
    }
    return out;
  });
}
