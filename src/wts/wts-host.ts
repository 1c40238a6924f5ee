/**
 * Starting a session host (spec §1.7, DESIGN.md "Terminal sessions"): the first start creates
 * session 0 "Services" (WTSDisconnected, nobody logged on; KB307642), the console session
 * (WTSConnected with nobody logged on, id 1) and the RDP-Tcp listener (WTSListen, 65536); every
 * start records the host (with its address and key hash in cluster mode, then heartbeats) and recovers what a previous run left:
 *
 * - a session whose creation was interrupted (WTSInit, WTSConnectQuery), or a user session whose
 *   own token handle is gone, is marked WTSDown; reset deletes or logs it off;
 * - programs still running are adopted (polled until they end); the rows of ended ones are reaped;
 * - logoffs under way (`loggingOff`) are started again;
 * - time-limit timers are armed from the rows' times.
 */
import type { WtsSessionRow } from '../store/rows.ts';
import { WTSConnectQuery, WTSDisconnected, WTSDown, WTSInit } from './connect-state.ts';
import { createListenerRow } from './listener.ts';
import { appendSessionEvent, WTS_SESSION_CREATE } from './session-notification.ts';
import {
  consoleOf,
  createSessionRow,
  hasUser,
  LISTENER_SESSION_ID,
  PROTOCOL_CONSOLE,
  SERVICES_SESSION_ID,
  SERVICES_STATION,
  sessionsOf,
  toSessionKey,
} from './session-row.ts';
import { createConsoleSession } from './stations.ts';
import { afterChange, type WtsContext } from './wts-context.ts';

/** Creates the host's fixed sessions where missing and recovers the previous run (see the file comment). */
export async function startHost(ctx: WtsContext): Promise<void> {
  const { host } = ctx;
  const rows = await ctx.kernel.transact((k) => {
    const tx = k.tx;
    const now = ctx.clock.now();
    ctx.hosts.register(tx, now);
    if (tx.get('wtsSessions', toSessionKey(host, SERVICES_SESSION_ID)) === undefined) {
      const services = createSessionRow({
        host,
        sessionId: SERVICES_SESSION_ID,
        winStationName: SERVICES_STATION,
        state: WTSDisconnected,
        protocolType: PROTOCOL_CONSOLE,
        now,
      });
      tx.put('wtsSessions', services);
      appendSessionEvent(tx, WTS_SESSION_CREATE, services, now);
    }
    if (consoleOf(tx, host) === undefined) createConsoleSession(tx, host, now, ctx.reserved);
    if (tx.get('wtsSessions', toSessionKey(host, LISTENER_SESSION_ID)) === undefined)
      tx.put('wtsSessions', createListenerRow(host, now));
    for (const row of sessionsOf(tx, host)) {
      const interrupted = row.state === WTSInit || row.state === WTSConnectQuery;
      const lostToken =
        hasUser(row) &&
        !row.loggingOff &&
        (row.tokenHandle === null || k.resolveHandle(row.tokenHandle) === undefined);
      if (interrupted || lostToken) tx.put('wtsSessions', { ...row, state: WTSDown });
    }
    return sessionsOf(tx, host);
  });
  const processes = await ctx.kernel.read((k) => k.tx.scan('processes').filter((p) => p.host === host));
  await ctx.programs.adopt(processes);
  for (const row of rows) if (row.loggingOff) void ctx.teardowns.run(row.key);
  afterChange(
    ctx,
    rows.filter((r: WtsSessionRow) => !r.loggingOff),
  );
  ctx.hosts.start();
}
