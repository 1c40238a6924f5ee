/**
 * The daemon's HostLink (src/wts/host-link.ts): an action on a session another daemon owns goes
 * to that daemon as `POST <address>/v1/cluster/forward`, with
 * `Authorization: LogondHost <fromHost> <hostKey>` (the owner checks the key against the SHA-256 in
 * this host's row) and the caller's token handle, so the owner runs it as the caller.
 *
 * A host that does not answer (refused, reset, past the deadline) or answers something that is not
 * logond's throws NtError(RPC_NT_SERVER_UNAVAILABLE); a problem answer (the owner refused the
 * request itself) gives its NTSTATUS as the outcome.
 */
import { NtError } from '../nt/nt-error.ts';
import { RPC_NT_SERVER_UNAVAILABLE, STATUS_INTERNAL_ERROR } from '../nt/ntstatus.ts';
import type { HostLink, HostTarget, WtsRemoteAnswer, WtsRemoteCall } from '../wts/host-link.ts';

/** The route the owner serves forwarded calls on. */
export const FORWARD_PATH = '/v1/cluster/forward';

/** The authorization scheme of forwarded calls. */
export const HOST_AUTH_SCHEME = 'LogondHost';

/** Options of the HTTP HostLink. */
export interface HttpHostLinkOptions {
  /** This host's name, sent as the sender. */
  fromHost: string;
  /** This process's host key (never logged). */
  hostKey: string;
  /** Deadline of one call (default 15,000 ms). */
  timeoutMs?: number;
  /** Extra time a logoff that waits for its teardown gets (the programs' grace period). */
  logoffWaitMs?: number;
}

/** Reads an NTSTATUS written `0xC0000022` (a problem's `ntstatus`). */
function statusOf(text: unknown): number | undefined {
  return typeof text === 'string' && /^0x[0-9A-Fa-f]{1,8}$/.test(text) ? Number(text) >>> 0 : undefined;
}

/** Creates the HostLink (see the file comment). */
export function createHttpHostLink(options: HttpHostLinkOptions): HostLink {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const authorization = `${HOST_AUTH_SCHEME} ${options.fromHost} ${options.hostKey}`;
  return {
    async call(target: HostTarget, callerHandle: number, call: WtsRemoteCall): Promise<WtsRemoteAnswer> {
      const unavailable = (why: string): NtError =>
        new NtError(
          RPC_NT_SERVER_UNAVAILABLE,
          `The session host ${target.name} (${target.address}) cannot be reached: ${why}.`,
        );
      const deadline =
        timeoutMs + (call.op === 'logoff' && call.wait ? (options.logoffWaitMs ?? 0) + timeoutMs : 0);
      let res: Response;
      try {
        res = await fetch(`${target.address.replace(/\/+$/, '')}${FORWARD_PATH}`, {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ callerHandle, call }),
          signal: AbortSignal.timeout(deadline),
        });
      } catch (error) {
        const e = error as Error & { cause?: { code?: string } };
        const why =
          e.name === 'TimeoutError' ? `no answer within ${deadline} ms` : (e.cause?.code ?? e.message);
        throw unavailable(why);
      }
      let body: unknown;
      try {
        body = await res.json();
      } catch {
        throw unavailable(`HTTP ${res.status} without a JSON body`);
      }
      const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
      if (res.status === 200 && typeof b['status'] === 'number')
        return 'value' in b
          ? { status: b['status'] >>> 0, value: b['value'] }
          : { status: b['status'] >>> 0 };
      // A problem: the owner refused the request itself (a bad key, a body it does not take, its
      // store unavailable). Its NTSTATUS is the outcome.
      const status = statusOf(b['ntstatus']);
      if (status === undefined) throw unavailable(`HTTP ${res.status}, not a logond answer`);
      if (status === STATUS_INTERNAL_ERROR) throw unavailable('it failed internally (see its log)');
      return { status };
    },
  };
}
