/**
 * Engine benchmark (issue 2), on the in-memory store:
 *  1. full cycles per second: logon through a package without password hashing → duplicate the
 *     token → close both → cascade settled;
 *  2. p50/p99 time from the last close to the last termination routine called;
 *  3. heap bytes per live logon session with one token, at 100,000 live sessions;
 *  4. where a cycle's time goes: the mean time of each phase, timed one by one (slower than the
 *     cycle run by the clock reads; the proportions are what it is for).
 *
 * Run: `npm run bench` (or `node --expose-gc bench/engine.ts [--cycles N] [--live N] [--runs N]`).
 */
import { parseArgs } from 'node:util';
import { createScriptedPackage, type ScriptedPackage } from '../src/lsa/_test-package.ts';
import { Interactive } from '../src/lsa/logon-type.ts';
import { createSystem, type System } from '../src/system.ts';
import { describeMachine, median, percentile } from './_machine.ts';

const { values } = parseArgs({
  options: {
    cycles: { type: 'string', default: '200000' },
    live: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '3' },
  },
});
const CYCLES = Number(values.cycles);
const LIVE = Number(values.live);
const RUNS = Number(values.runs);
const PHASES = ['logon', 'duplicate', 'first close', 'last close + cascade', 'settled'] as const;

const api = { package: 'Fast', logonType: Interactive, authenticationInformation: { UserName: 'bench' } };

async function createBenchSystem(): Promise<{ system: System; pkg: ScriptedPackage }> {
  const pkg = createScriptedPackage('Fast');
  const system = await createSystem({ packages: [pkg], logger: { warn() {} } });
  return { system, pkg };
}

/**
 * The LUIDs the scripted package has been told of, since the last call. The package records every
 * LUID (it is a test double); draining the record keeps that test bookkeeping from growing to
 * `CYCLES` entries, which would be the benchmark measuring its own memory.
 */
function drainTerminated(pkg: ScriptedPackage): number {
  const n = pkg.terminated.length;
  pkg.terminated.length = 0;
  pkg.created.length = 0;
  return n;
}

async function cycleRun(): Promise<{ cyclesPerSec: number; p50us: number; p99us: number }> {
  const { system, pkg } = await createBenchSystem();
  let lastClose = 0;
  let lastRoutine = 0;
  system.kernel.registerTerminationRoutine(() => {
    lastRoutine = performance.now();
  });
  const latencies = new Float64Array(CYCLES);
  // Warm-up.
  for (let i = 0; i < 2000; i++) {
    const r = await system.lsa.logonUser(api);
    const d = await system.kernel.duplicateToken(r.handle!, {}, { holder: 'dup' });
    await system.kernel.closeHandle(r.handle!);
    await system.kernel.closeHandle(d.handle!.id);
    await system.settled();
  }
  drainTerminated(pkg);
  let terminated = 0;
  const start = performance.now();
  for (let i = 0; i < CYCLES; i++) {
    const r = await system.lsa.logonUser(api);
    const d = await system.kernel.duplicateToken(r.handle!, {}, { holder: 'dup' });
    await system.kernel.closeHandle(r.handle!);
    lastClose = performance.now();
    await system.kernel.closeHandle(d.handle!.id);
    await system.settled();
    latencies[i] = lastRoutine - lastClose;
    if ((i & 1023) === 1023) terminated += drainTerminated(pkg);
  }
  const elapsed = performance.now() - start;
  terminated += drainTerminated(pkg);
  if (terminated !== CYCLES) throw new Error(`expected ${CYCLES} terminations, saw ${terminated}`);
  await system.close();
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    cyclesPerSec: CYCLES / (elapsed / 1000),
    p50us: percentile(sorted, 50) * 1000,
    p99us: percentile(sorted, 99) * 1000,
  };
}

/** Mean µs of each phase of the cycle, each timed on its own. */
async function phaseRun(): Promise<number[]> {
  const { system, pkg } = await createBenchSystem();
  system.kernel.registerTerminationRoutine(() => {});
  const total = [0, 0, 0, 0, 0];
  const n = Math.min(CYCLES, 100_000);
  for (let pass = 0; pass < 2; pass++) {
    total.fill(0);
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      const r = await system.lsa.logonUser(api);
      const t1 = performance.now();
      const d = await system.kernel.duplicateToken(r.handle!, {}, { holder: 'dup' });
      const t2 = performance.now();
      await system.kernel.closeHandle(r.handle!);
      const t3 = performance.now();
      await system.kernel.closeHandle(d.handle!.id);
      const t4 = performance.now();
      await system.settled();
      const t5 = performance.now();
      total[0]! += t1 - t0;
      total[1]! += t2 - t1;
      total[2]! += t3 - t2;
      total[3]! += t4 - t3;
      total[4]! += t5 - t4;
      if ((i & 1023) === 1023) drainTerminated(pkg);
    }
  }
  await system.close();
  return total.map((t) => (t / n) * 1000);
}

async function heapRun(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with --expose-gc');
  const { system, pkg } = await createBenchSystem();
  // Warm up the allocators and event log so they are not counted as per-session cost.
  for (let i = 0; i < 1000; i++) await system.kernel.closeHandle((await system.lsa.logonUser(api)).handle!);
  await system.settled();
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const handles: number[] = new Array(LIVE);
  for (let i = 0; i < LIVE; i++) handles[i] = (await system.lsa.logonUser(api)).handle!;
  drainTerminated(pkg);
  gc();
  gc();
  const after = process.memoryUsage().heapUsed;
  // The handle numbers the benchmark keeps are not part of the engine's cost.
  const perSession = (after - before - LIVE * 8) / LIVE;
  await system.close();
  return perSession;
}

console.log(`logond engine benchmark — ${describeMachine()}`);
console.log(`store: memory; cycles per run: ${CYCLES}; runs: ${RUNS}; live sessions for heap: ${LIVE}`);
const runs: Awaited<ReturnType<typeof cycleRun>>[] = [];
for (let i = 0; i < RUNS; i++) {
  const r = await cycleRun();
  runs.push(r);
  console.log(
    `  run ${i + 1}: ${Math.round(r.cyclesPerSec).toLocaleString('en')} cycles/s, close→last routine p50 ${r.p50us.toFixed(1)} µs, p99 ${r.p99us.toFixed(1)} µs`,
  );
}
const phases = await phaseRun();
console.log(
  `  phases (mean µs, timed one by one): ${PHASES.map((p, i) => `${p} ${phases[i]!.toFixed(2)}`).join(', ')}`,
);
const heap = await heapRun();
const result = {
  cyclesPerSec: Math.round(median(runs.map((r) => r.cyclesPerSec))),
  closeToRoutineP50us: Number(median(runs.map((r) => r.p50us)).toFixed(1)),
  closeToRoutineP99us: Number(median(runs.map((r) => r.p99us)).toFixed(1)),
  heapBytesPerLiveSession: Math.round(heap),
  phaseMeansUs: Object.fromEntries(PHASES.map((p, i) => [p, Number(phases[i]!.toFixed(2))])),
};
console.log(
  `median: ${result.cyclesPerSec.toLocaleString('en')} cycles/s (target ≥ 200,000); close→routine p50 ${result.closeToRoutineP50us} µs, p99 ${result.closeToRoutineP99us} µs (target < 1,000 µs); heap ${result.heapBytesPerLiveSession} B per live session with one token (target < 1,024)`,
);
console.log(JSON.stringify(result));
