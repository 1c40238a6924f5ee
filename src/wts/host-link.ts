/**
 * How session hosts of a cluster reach each other (DESIGN.md "Cluster mode"): an action on a
 * session of another host is forwarded to the daemon that owns it, which runs it as the caller
 * (`Wts.serveRemote`). The domain defines the messages; a shell implements the transport (the
 * daemon's HostLink is HTTP). Everything here is JSON-safe.
 */

/** An action on a session of another host, run there as the caller. JSON-safe. */
export type WtsRemoteCall =
  | { op: 'logoff'; session: number; wait: boolean }
  | { op: 'disconnect'; session: number }
  | { op: 'reset'; session: number }
  | { op: 'startProgram'; session: number; program: string; args: string[] }
  | { op: 'listProcesses'; session?: number };

/** What the owner answered: an NTSTATUS and, for startProgram/listProcesses, a JSON value. */
export interface WtsRemoteAnswer {
  status: number;
  value?: unknown;
}

/** Where a host is reached: its name and the address it registered. */
export interface HostTarget {
  name: string;
  address: string;
}

/**
 * How a daemon reaches another host (the daemon implements it over HTTP). Throws
 * NtError(RPC_NT_SERVER_UNAVAILABLE) when the host cannot be reached.
 */
export interface HostLink {
  call(target: HostTarget, callerHandle: number, call: WtsRemoteCall): Promise<WtsRemoteAnswer>;
}

/**
 * A forwarded call as the owner receives it (`Wts.serveRemote`): which host sent it and that host's
 * key (checked against the SHA-256 its hosts row holds), the caller's token handle (0 = kernel
 * mode) and the call.
 */
export interface WtsRemoteRequest {
  fromHost: string;
  hostKey: string;
  callerHandle: number;
  call: WtsRemoteCall;
}
