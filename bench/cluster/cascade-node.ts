/**
 * One process of the cross-daemon cascade measurement: a logond engine (`createSystem`) in cluster
 * mode on the shared PostgreSQL schema, as its own session host. No HTTP: the figure is the
 * engine's (close → cascade → event → the other process's routine), not the daemon's.
 *
 *   node bench/cluster/cascade-node.ts observer <spec.json>
 *     registers a termination routine that records `process.hrtime.bigint()` (CLOCK_MONOTONIC:
 *     one clock for every process of a Linux machine) per LUID; prints READY, and once it has seen
 *     `expect` terminations (or on SIGTERM) writes them to `out` and exits.
 *   node bench/cluster/cascade-node.ts closer <spec.json>
 *     logs a BenchFast user on (`users` of them in turn), then, paced `intervalMs` apart, reads the
 *     clock and at once closes the token's only handle (the cascade runs here); `warmup` closes
 *     first, marked as such;
 *     writes its times to `out` and exits.
 *
 * The host address is not served: nothing forwards WTS calls in this measurement, and the HostLink
 * (the daemon's HTTP one) is never called.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { TEST_FAST_KDF } from '../../src/daemon/config.ts';
import { createHttpHostLink } from '../../src/daemon/http-host-link.ts';
import { Interactive } from '../../src/lsa/logon-type.ts';
import { STATUS_SUCCESS } from '../../src/nt/ntstatus.ts';
import { createPostgresStore } from '../../src/store/postgres/index.ts';
import { createSystem, type System } from '../../src/system.ts';

/** What both roles read from their spec file. */
export interface CascadeNodeSpec {
  readonly pgUrl: string;
  readonly schema: string;
  readonly host: string;
  /** Where the recorded times go (JSON). */
  readonly out: string;
  /** observer: terminations to wait for (warm-up included). closer: measured closes. */
  readonly expect: number;
  readonly warmup: number;
  readonly intervalMs: number;
  /** Accounts the closer's logons rotate over (one user's consecutive sessions contend on its SID). */
  readonly users: number;
  /** The BenchFast module (closer). */
  readonly fastPackage: string;
}

/** The `out` file: LUID (hex) → CLOCK_MONOTONIC ns (as a decimal string), and the warm-up LUIDs. */
export interface CascadeTimes {
  readonly times: Record<string, string>;
  readonly warmup: readonly string[];
}

async function open(spec: CascadeNodeSpec, packages: string[]): Promise<System> {
  const hostKey = randomBytes(32).toString('base64url');
  return createSystem({
    store: await createPostgresStore({ connectionString: spec.pgUrl, schema: spec.schema }),
    host: spec.host,
    packages,
    passwordHashing: TEST_FAST_KDF,
    cluster: {
      address: `http://127.0.0.1:1/${spec.host}`,
      link: createHttpHostLink({ fromHost: spec.host, hostKey }),
      hostKey,
    },
  });
}

function write(spec: CascadeNodeSpec, times: Map<bigint, bigint>, warmup: readonly bigint[]): void {
  const doc: CascadeTimes = {
    times: Object.fromEntries([...times].map(([luid, t]) => [luid.toString(16), t.toString()])),
    warmup: warmup.map((luid) => luid.toString(16)),
  };
  writeFileSync(spec.out, JSON.stringify(doc));
}

async function observer(spec: CascadeNodeSpec): Promise<void> {
  const system = await open(spec, []);
  const times = new Map<bigint, bigint>();
  const { promise: done, resolve } = Promise.withResolvers<void>();
  system.kernel.registerTerminationRoutine((logonId: bigint) => {
    times.set(logonId, process.hrtime.bigint());
    if (times.size >= spec.expect) resolve();
  });
  process.once('SIGTERM', resolve);
  process.stdout.write('READY\n');
  await done;
  write(spec, times, []);
  await system.close();
}

async function closer(spec: CascadeNodeSpec): Promise<void> {
  const system = await open(spec, [spec.fastPackage]);
  const users = Array.from({ length: spec.users }, (_, i) => `cascade${i}`);
  for (const userName of users) await system.accounts.createUser({ userName, password: 'not-checked' });
  const password = process.env['LOGOND_BENCH_FAST_PASSWORD'];
  const times = new Map<bigint, bigint>();
  const warmup: bigint[] = [];
  let next = performance.now();
  for (let i = 0; i < spec.warmup + spec.expect; i++) {
    const r = await system.lsa.logonUser({
      package: 'BenchFast',
      logonType: Interactive,
      authenticationInformation: { UserName: users[i % users.length], Password: password },
    });
    if (r.status !== STATUS_SUCCESS || r.handle === undefined || r.logonId === undefined)
      throw new Error(`BenchFast logon failed: 0x${(r.status >>> 0).toString(16)}`);
    const wait = next - performance.now();
    if (wait > 0) await sleep(wait);
    const t = process.hrtime.bigint();
    const closed = await system.kernel.closeHandle(r.handle);
    if (closed !== STATUS_SUCCESS) throw new Error(`CloseHandle: 0x${(closed >>> 0).toString(16)}`);
    next = performance.now() + spec.intervalMs;
    if (i < spec.warmup) warmup.push(r.logonId);
    times.set(r.logonId, t);
  }
  await system.settled();
  write(spec, times, warmup);
  await system.close();
}

if (import.meta.main) {
  const [role, specFile] = process.argv.slice(2);
  const spec = JSON.parse(readFileSync(specFile!, 'utf8')) as CascadeNodeSpec;
  if (role === 'observer') await observer(spec);
  else if (role === 'closer') await closer(spec);
  else throw new Error(`role must be observer or closer, not ${role}`);
}
