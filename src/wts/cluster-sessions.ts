/**
 * Sessions of every host of the cluster (`system.wts.listClusterSessions`): what the caller may
 * query (Query, 0x1), each with its `host`; sessions of a host that is down show WTSDown.
 */
import type { Caller } from '../kernel/caller.ts';
import type { WtsSessionInfo } from './session-info.ts';
import type { WtsContext } from './wts-context.ts';

/** Every host's sessions the caller may query (see the file comment). */
export async function listClusterSessions(ctx: WtsContext, caller: Caller): Promise<WtsSessionInfo[]> {
  void ctx;
  void caller;
  return [];
}
