/**
 * The owner side of a forwarded call (`system.wts.serveRemote`). Interim: refuses every call.
 */
import { STATUS_ACCESS_DENIED } from '../nt/ntstatus.ts';
import type { WtsRemoteAnswer, WtsRemoteRequest } from './host-link.ts';
import type { Wts } from './wts.ts';
import type { WtsContext } from './wts-context.ts';

/** Runs a forwarded call on this host (see the file comment). */
export async function serveRemote(
  _ctx: WtsContext,
  _wts: Wts,
  _request: WtsRemoteRequest,
): Promise<WtsRemoteAnswer> {
  return { status: STATUS_ACCESS_DENIED };
}
