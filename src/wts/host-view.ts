/**
 * Sessions of another host as this host shows them (cluster mode): read from the shared store,
 * access-checked with the caller's token as locally, in state WTSDown while their host is down,
 * and `current` only for the caller's own session on the host its logon happened on.
 */
import type { Caller } from '../kernel/caller.ts';
import type { WtsSessionRow } from '../store/rows.ts';
import type { ReadTx } from '../store/store.ts';
import { connectStateName, WTSDown } from './connect-state.ts';
import { toSessionInfo, type WtsSessionInfo } from './session-info.ts';

/** No session of the host is the caller's. */
export const NOT_CALLERS = -1;

/** The caller's own session id on `host` (its token's session, if it logged on there), else NOT_CALLERS. */
export function callerSessionOn(tx: ReadTx, caller: Caller, host: string): number {
  if (caller.trusted) return NOT_CALLERS;
  const lsa = tx.get('lsaSessions', caller.logonId);
  return lsa !== undefined && lsa.host.toLowerCase() === host.toLowerCase() ? caller.sessionId : NOT_CALLERS;
}

/** The idiomatic view of a session of another host (see the file comment). */
export function toHostSessionInfo(
  row: WtsSessionRow,
  now: number,
  callerSession: number,
  up: boolean,
): WtsSessionInfo {
  const info = toSessionInfo(row, now, callerSession);
  if (!up) {
    info.state = WTSDown;
    info.stateName = connectStateName(WTSDown);
  }
  return info;
}
