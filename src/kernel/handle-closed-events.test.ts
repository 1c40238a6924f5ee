/**
 * `token.handle-closed` (cluster mode): appended in the transaction of every CloseHandle when the
 * kernel announces closes, never otherwise; a refused close appends nothing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatLuid } from '../nt/luid.ts';
import { STATUS_INVALID_HANDLE, STATUS_SUCCESS } from '../nt/ntstatus.ts';
import { MemoryStore } from '../store/memory/memory-store.ts';
import { Kernel } from './kernel.ts';

async function kernelWithToken(announceHandleCloses: boolean) {
  const store = new MemoryStore();
  const kernel = new Kernel({ store, now: () => 1000, announceHandleCloses });
  const logonId = await kernel.allocateLocallyUniqueId();
  await kernel.createLogonSession(logonId);
  const first = await kernel.createToken(
    {
      logonId,
      type: 1,
      impersonationLevel: 2,
      user: 'S-1-5-21-1-2-3-1001',
      groups: [],
      privileges: [],
      sessionId: 1,
      source: 'test',
    },
    { holder: 'client' },
  );
  const second = await kernel.duplicateHandle(first.handle!.id, { holder: 'copy' });
  return { store, kernel, logonId, tokenId: first.token!.id, handles: [first.handle!.id, second.handle!.id] };
}

describe('token.handle-closed events', () => {
  it('each CloseHandle appends one, with handle, token and LUID, in its transaction', async () => {
    const k = await kernelWithToken(true);
    const before = await k.store.lastEventSeq();
    for (const h of k.handles) assert.equal(await k.kernel.closeHandle(h), STATUS_SUCCESS);
    assert.equal(await k.kernel.closeHandle(k.handles[0]!), STATUS_INVALID_HANDLE);
    const events = await k.store.readEvents({ after: before, limit: 10, types: ['token.handle-closed'] });
    assert.deepEqual(
      events.map((e) => [e.data, e.time]),
      k.handles.map((h) => [{ handle: h, tokenId: k.tokenId, logonId: formatLuid(k.logonId) }, 1000]),
    );
  });

  it('without cluster mode nothing is appended', async () => {
    const k = await kernelWithToken(false);
    const before = await k.store.lastEventSeq();
    for (const h of k.handles) await k.kernel.closeHandle(h);
    assert.deepEqual(await k.store.readEvents({ after: before, limit: 10, types: ['token.'] }), []);
  });
});
