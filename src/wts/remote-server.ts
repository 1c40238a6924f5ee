/**
 * `system.wts.on(name)` for another host of the cluster (see `wts-server.ts`).
 * Interim: every method answers RPC_NT_SERVER_UNAVAILABLE until forwarding lands.
 */
import { NtError } from '../nt/nt-error.ts';
import { RPC_NT_SERVER_UNAVAILABLE } from '../nt/ntstatus.ts';
import type { WtsContext } from './wts-context.ts';
import type { WtsServer } from './wts-server.ts';

/** The server of host `name` (not this one). */
export function createRemoteServer(_ctx: WtsContext, name: string): WtsServer {
  const unavailable = async () => RPC_NT_SERVER_UNAVAILABLE;
  const status = async () => ({ status: RPC_NT_SERVER_UNAVAILABLE });
  return {
    name,
    listSessions: async () => {
      throw new NtError(RPC_NT_SERVER_UNAVAILABLE, `session host ${name} cannot be reached`);
    },
    getSession: status,
    logoff: unavailable,
    disconnect: unavailable,
    reset: unavailable,
    startProgram: status,
    listProcesses: status,
    holders: status,
  };
}
