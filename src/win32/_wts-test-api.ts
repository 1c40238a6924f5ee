/** The WTS functions for tests: a caller context over a WTS test system, with GetLastError. */
import { createWtsTestSystem, type WtsTestSystem } from '../wts/_test-wts.ts';
import { Win32Context } from './context.ts';
import { createWtsApi } from './wtsapi32.ts';

/** The WTS functions of the caller holding `handle` (0: kernel mode), plus GetLastError. */
export function wtsApiFor(t: WtsTestSystem, handle = 0) {
  const ctx = new Win32Context(t.system, handle);
  return { ...createWtsApi(ctx), GetLastError: () => ctx.lastError, ctx };
}

/** A test system with alice (Users) logged on at the console; her API, and the kernel-mode API. */
export async function consoleUser(userName = 'alice') {
  const t = await createWtsTestSystem();
  const user = await t.logon(userName, { station: 'Console' });
  return { t, user, api: wtsApiFor(t, user.handle), kernel: wtsApiFor(t) };
}
