/**
 * A system for WTS tests: memory store, ManualClock, fake process host (unless given), cheap
 * password hashing, computer TESTHOST, and three users: alice and bob (Users) and carol
 * (Administrators). Warnings are collected instead of printed.
 */
import assert from 'node:assert/strict';
import type { Caller } from '../kernel/caller.ts';
import { createScriptedPackage, type ScriptedPackage } from '../lsa/_test-package.ts';
import { ManualClock } from '../nt/clock.ts';
import { STATUS_SUCCESS } from '../nt/ntstatus.ts';
import type { WtsSessionRow } from '../store/rows.ts';
import { createSystem, type System } from '../system.ts';
import { createFakeProcessHost, type FakeProcessHost } from './_fake-process-host.ts';
import type { ProcessHost } from './process-host.ts';
import type { WtsLogonOptions, WtsOptions } from './wts.ts';

/** What `createWtsTestSystem` builds. */
export interface WtsTestSystem {
  system: System;
  clock: ManualClock;
  processes: FakeProcessHost;
  /** A second package (`Probe`) that records LsaApLogonTerminated. */
  probe: ScriptedPackage;
  warnings: string[];
  /** Logs `userName` on (password `pw-<userName>`) and returns the session, handle and caller. */
  logon(
    userName: string,
    options?: Partial<WtsLogonOptions>,
  ): Promise<{ sessionId: number; handle: number; logonId: bigint; caller: Caller }>;
  /** The caller identity of a handle. */
  callerOf(handle: number): Promise<Caller>;
  /** Every WTS session row of the host, by id. */
  rows(): Promise<WtsSessionRow[]>;
  /** The types of the `wts.*` events after `after`. */
  wtsEvents(after?: number): Promise<{ type: string; sessionId: number }[]>;
}

/** Builds the test system (see the file comment). */
export async function createWtsTestSystem(
  options: { wts?: Omit<WtsOptions, 'processHost'>; processHost?: ProcessHost } = {},
): Promise<WtsTestSystem> {
  const clock = new ManualClock();
  const processes = createFakeProcessHost();
  const warnings: string[] = [];
  const probe = createScriptedPackage('Probe');
  const system = await createSystem({
    clock,
    computerName: 'TESTHOST',
    passwordHashing: { N: 16, r: 1, p: 1 },
    packages: [probe],
    logger: { warn: (message, fields) => void warnings.push(`${message} ${JSON.stringify(fields)}`) },
    wts: { gracePeriodMs: 1000, ...options.wts, processHost: options.processHost ?? processes },
  });
  await system.accounts.createUser({ userName: 'alice', password: 'pw-alice' });
  await system.accounts.createUser({ userName: 'bob', password: 'pw-bob' });
  await system.accounts.createUser({ userName: 'carol', password: 'pw-carol', groups: ['Administrators'] });
  const callerOf = async (handle: number) => {
    const caller = await system.kernel.identify(handle);
    assert.ok(caller, `handle ${handle} is not open`);
    return caller;
  };
  return {
    system,
    clock,
    processes,
    probe,
    warnings,
    async logon(userName, extra = {}) {
      const r = await system.wts.logon({ userName, password: `pw-${userName}`, ...extra });
      assert.equal(r.status, STATUS_SUCCESS, `logon of ${userName} failed: 0x${r.status.toString(16)}`);
      return {
        sessionId: r.sessionId!,
        handle: r.handle!,
        logonId: r.logonId!,
        caller: await callerOf(r.handle!),
      };
    },
    callerOf,
    rows: () => system.store.read((tx) => tx.scan('wtsSessions').sort((a, b) => a.sessionId - b.sessionId)),
    async wtsEvents(after = 0) {
      const events = await system.events.read({ after, types: ['wts.'], limit: 10_000 });
      return events.map((e) => ({ type: e.type, sessionId: e.data['sessionId'] as number }));
    },
  };
}
