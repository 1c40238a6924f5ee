/**
 * A cluster for tests: two or three systems (session hosts) on separate PostgreSQL stores of one
 * fresh schema, wired with an in-process HostLink that calls the target system's `serveRemote`
 * (the call and the answer go through JSON, as over HTTP). Users alice and bob (Users) and carol
 * (Administrators) exist. By default every system shares one ManualClock (the heartbeat runs on
 * it: hosts stay up until the clock moves past `downAfterMs`) and has its own fake process host.
 * Private to the cluster tests; they skip when PostgreSQL is unreachable (`pgUnreachable`).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after } from 'node:test';
import type { Caller } from '../kernel/caller.ts';
import { type Clock, ManualClock } from '../nt/clock.ts';
import { NtError } from '../nt/nt-error.ts';
import { RPC_NT_SERVER_UNAVAILABLE, STATUS_SUCCESS } from '../nt/ntstatus.ts';
import { openStore } from '../store/postgres/_test-pg.ts';
import { createSystem, type System } from '../system.ts';
import { createFakeProcessHost, type FakeProcessHost } from './_fake-process-host.ts';
import type { HostLink, WtsRemoteCall } from './host-link.ts';
import type { ProcessHost } from './process-host.ts';

export { pgUnreachable } from '../store/postgres/_test-pg.ts';

/** One host of the test cluster. */
export interface TestHost {
  name: string;
  /** The host key its cluster options carry (the hosts row keeps only its hash). */
  hostKey: string;
  system: System;
  processes: FakeProcessHost;
  warnings: string[];
  /** Calls this host forwarded, as the owner received them. */
  forwarded: { to: string; callerHandle: number; call: WtsRemoteCall }[];
  /** Whether `close()` ran: the link then treats the host as gone. */
  readonly closed: boolean;
  /** Closes the system (its heartbeat stops, as when a daemon is killed; its rows stay). */
  close(): Promise<void>;
  /** Logs `userName` on here (password `pw-<userName>`, RDP) and returns the session, handle and caller. */
  logon(userName: string): Promise<{ sessionId: number; handle: number; logonId: bigint; caller: Caller }>;
}

/** What `createTestCluster` builds. */
export interface TestCluster {
  hosts: TestHost[];
  clock: Clock;
  schema: string;
  /** Closes every host still open (a test may have closed some to stop their heartbeat). */
  close(): Promise<void>;
}

/** Options of the test cluster. */
export interface TestClusterOptions {
  names?: readonly string[];
  clock?: Clock;
  heartbeatMs?: number;
  downAfterMs?: number;
  gracePeriodMs?: number;
  /** A process host per name (default: a fake one each). */
  processHost?: (name: string) => ProcessHost | undefined;
  /** Joins the schema and clock of an existing test cluster (its hosts are not reachable from here). */
  schemaOf?: TestCluster;
  /** Cluster options off (for the comparison with a single host on the same store). */
  withoutCluster?: readonly string[];
}

/** Every cluster built in this test file, closed when the file's tests end. */
const built: TestCluster[] = [];
after(async () => {
  for (const c of built.splice(0)) await c.close();
});

/** Builds the cluster (see the file comment), hosts created one after the other; closed at the end of the file. */
export async function createTestCluster(options: TestClusterOptions = {}): Promise<TestCluster> {
  const clock = options.clock ?? options.schemaOf?.clock ?? new ManualClock(Date.now());
  const names = options.names ?? ['HOSTA', 'HOSTB'];
  const byAddress = new Map<string, TestHost>();
  const hosts: TestHost[] = [];
  let schema: string | undefined = options.schemaOf?.schema;
  for (const name of names) {
    const store = await openStore(schema === undefined ? {} : { schema });
    schema ??= store.schema;
    const hostKey = randomBytes(32).toString('base64url');
    const address = `inproc://${name.toLowerCase()}`;
    const warnings: string[] = [];
    const forwarded: TestHost['forwarded'] = [];
    const link: HostLink = {
      async call(target, callerHandle, call) {
        const to = byAddress.get(target.address);
        if (to === undefined || to.closed)
          throw new NtError(RPC_NT_SERVER_UNAVAILABLE, `${target.name} is gone`);
        const sent = JSON.parse(JSON.stringify({ callerHandle, call })) as {
          callerHandle: number;
          call: WtsRemoteCall;
        };
        forwarded.push({ to: target.name, ...sent });
        const answer = await to.system.wts.serveRemote({ fromHost: name, hostKey, ...sent });
        return JSON.parse(JSON.stringify(answer));
      },
    };
    const processes = createFakeProcessHost(5000 + hosts.length * 1000);
    const system = await createSystem({
      store,
      clock,
      computerName: name,
      host: name,
      passwordHashing: { N: 16, r: 1, p: 1 },
      logger: { warn: (message, fields) => void warnings.push(`${message} ${JSON.stringify(fields)}`) },
      wts: {
        gracePeriodMs: options.gracePeriodMs ?? 1000,
        processHost: options.processHost?.(name) ?? processes,
      },
      ...(options.withoutCluster?.includes(name)
        ? {}
        : {
            cluster: {
              address,
              link,
              hostKey,
              heartbeatMs: options.heartbeatMs ?? 1000,
              downAfterMs: options.downAfterMs ?? 5000,
            },
          }),
    });
    if (hosts.length === 0 && options.schemaOf === undefined) {
      await system.accounts.createUser({ userName: 'alice', password: 'pw-alice' });
      await system.accounts.createUser({ userName: 'bob', password: 'pw-bob' });
      await system.accounts.createUser({
        userName: 'carol',
        password: 'pw-carol',
        groups: ['Administrators'],
      });
    }
    let closed = false;
    const host: TestHost = {
      name,
      hostKey,
      system,
      processes,
      warnings,
      forwarded,
      get closed() {
        return closed;
      },
      async close() {
        if (closed) return;
        closed = true;
        await system.close();
      },
      async logon(userName) {
        const r = await system.wts.logon({ userName, password: `pw-${userName}` });
        assert.equal(
          r.status,
          STATUS_SUCCESS,
          `logon of ${userName} on ${name} failed: 0x${r.status.toString(16)}`,
        );
        const caller = await system.kernel.identify(r.handle!);
        assert.ok(caller);
        return { sessionId: r.sessionId!, handle: r.handle!, logonId: r.logonId!, caller };
      },
    };
    byAddress.set(address, host);
    hosts.push(host);
  }
  const cluster: TestCluster = {
    hosts,
    clock,
    schema: schema!,
    async close() {
      for (const h of hosts) await h.close();
    },
  };
  built.push(cluster);
  return cluster;
}
