/**
 * The owner side of a forwarded call (`system.wts.serveRemote`, DESIGN.md "Cluster mode"). First
 * failure wins, and a refused call changes nothing:
 *
 * 1. the sending host is registered and `sha256(hostKey)` equals its row's `keyHash` (compared in
 *    constant time) — else STATUS_ACCESS_DENIED;
 * 2. the call is well formed (a known `op`, session ids that are unsigned 32-bit integers, `wait`
 *    a boolean, a non-empty program and string arguments) — else STATUS_INVALID_PARAMETER;
 * 3. `callerHandle` is an open token handle (0 = kernel mode, which only a keyed host may claim) —
 *    else STATUS_INVALID_HANDLE;
 *
 * then the call runs on this host as that caller, with the outcome a local call would have.
 */
import { type Caller, TRUSTED_CALLER } from '../kernel/caller.ts';
import {
  STATUS_ACCESS_DENIED,
  STATUS_INVALID_HANDLE,
  STATUS_INVALID_PARAMETER,
  STATUS_SUCCESS,
} from '../nt/ntstatus.ts';
import type { WtsRemoteAnswer, WtsRemoteCall, WtsRemoteRequest } from './host-link.ts';
import { findHost, isHostKeyOf } from './host-registry.ts';
import type { Wts } from './wts.ts';
import type { WtsContext } from './wts-context.ts';

function isSessionId(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffffffff;
}

/** The call if it is well formed (only its known fields kept), else undefined. */
export function toRemoteCall(value: unknown): WtsRemoteCall | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const c = value as Record<string, unknown>;
  switch (c['op']) {
    case 'logoff':
      return isSessionId(c['session']) && typeof c['wait'] === 'boolean'
        ? { op: 'logoff', session: c['session'], wait: c['wait'] }
        : undefined;
    case 'disconnect':
    case 'reset':
      return isSessionId(c['session']) ? { op: c['op'], session: c['session'] } : undefined;
    case 'startProgram': {
      const { session, program, args } = c;
      if (!isSessionId(session) || typeof program !== 'string' || program.length === 0) return undefined;
      if (!Array.isArray(args) || !args.every((a) => typeof a === 'string')) return undefined;
      return { op: 'startProgram', session, program, args: [...(args as string[])] };
    }
    case 'listProcesses':
      if (c['session'] === undefined) return { op: 'listProcesses' };
      return isSessionId(c['session']) ? { op: 'listProcesses', session: c['session'] } : undefined;
    default:
      return undefined;
  }
}

/** Runs a forwarded call on this host (see the file comment). */
export async function serveRemote(
  ctx: WtsContext,
  wts: Wts,
  request: WtsRemoteRequest,
): Promise<WtsRemoteAnswer> {
  const r = (typeof request === 'object' && request !== null ? request : {}) as Partial<WtsRemoteRequest>;
  if (typeof r.fromHost !== 'string' || typeof r.hostKey !== 'string')
    return { status: STATUS_ACCESS_DENIED };
  const { fromHost, hostKey } = r;
  const keyed = await ctx.kernel.read((k) => isHostKeyOf(findHost(k.tx, fromHost), hostKey));
  if (!keyed) return { status: STATUS_ACCESS_DENIED };
  const call = toRemoteCall(r.call);
  const handle = r.callerHandle;
  if (call === undefined || typeof handle !== 'number' || !Number.isInteger(handle) || handle < 0)
    return { status: STATUS_INVALID_PARAMETER };
  const caller: Caller | undefined = handle === 0 ? TRUSTED_CALLER : await ctx.kernel.identify(handle);
  if (caller === undefined) return { status: STATUS_INVALID_HANDLE };
  switch (call.op) {
    case 'logoff':
      return { status: await wts.logoff(caller, call.session, { wait: call.wait }) };
    case 'disconnect':
      return { status: await wts.disconnect(caller, call.session) };
    case 'reset':
      return { status: await wts.reset(caller, call.session) };
    case 'startProgram': {
      const { status, ...value } = await wts.startProgram(caller, call.session, call.program, call.args);
      return status === STATUS_SUCCESS || Object.keys(value).length > 0 ? { status, value } : { status };
    }
    case 'listProcesses': {
      const r =
        call.session === undefined
          ? await wts.listProcesses(caller)
          : await wts.listProcesses(caller, { sessionId: call.session });
      return r.processes === undefined ? { status: r.status } : { status: r.status, value: r.processes };
    }
  }
}
