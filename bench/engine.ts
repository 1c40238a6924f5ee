/**
 * Engine benchmark (issue 2), on the in-memory store:
 *  1. full cycles per second: logon through a package without password hashing → duplicate the
 *     token → close both → cascade settled;
 *  2. p50/p99 time from the last close to the last termination routine called;
 *  3. heap bytes per live logon session with one token, at 100,000 live sessions.
 *
 * Run: `npm run bench` (or `node --expose-gc bench/engine.ts [--cycles N] [--live N] [--runs N]`).
 */
import { parseArgs } from 'node:util';
import { createScriptedPackage } from '../src/lsa/_test-package.ts';
import { Interactive } from '../src/lsa/logon-type.ts';
import { createSystem } from '../src/system.ts';
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

async function cycleRun(): Promise<{ cyclesPerSec: number; p50us: number; p99us: number }> {
  const pkg = createScriptedPackage('Fast');
  const system = await createSystem({ packages: [pkg], logger: { warn() {} } });
  const api = { package: 'Fast', logonType: Interactive, authenticationInformation: { UserName: 'bench' } };
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
  pkg.terminated.length = 0;
  pkg.created.length = 0;
  const start = performance.now();
  for (let i = 0; i < CYCLES; i++) {
    const r = await system.lsa.logonUser(api);
    const d = await system.kernel.duplicateToken(r.handle!, {}, { holder: 'dup' });
    await system.kernel.closeHandle(r.handle!);
    lastClose = performance.now();
    await system.kernel.closeHandle(d.handle!.id);
    await system.settled();
    latencies[i] = lastRoutine - lastClose;
  }
  const elapsed = performance.now() - start;
  if (pkg.terminated.length !== CYCLES) throw new Error(`expected ${CYCLES} terminations, saw ${pkg.terminated.length}`);
  await system.close();
  const sorted = [...latencies].sort((a, b) => a - b);
  return { cyclesPerSec: CYCLES / (elapsed / 1000), p50us: percentile(sorted, 50) * 1000, p99us: percentile(sorted, 99) * 1000 };
}

async function heapRun(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with --expose-gc');
  const pkg = createScriptedPackage('Fast');
  const system = await createSystem({ packages: [pkg], logger: { warn() {} } });
  const api = { package: 'Fast', logonType: Interactive, authenticationInformation: { UserName: 'bench' } };
  // Warm up the allocators and event log so they are not counted as per-session cost.
  for (let i = 0; i < 1000; i++) await system.kernel.closeHandle((await system.lsa.logonUser(api)).handle!);
  await system.settled();
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const handles: number[] = new Array(LIVE);
  for (let i = 0; i < LIVE; i++) handles[i] = (await system.lsa.logonUser(api)).handle!;
  pkg.created.length = 0;
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
  console.log(`  run ${i + 1}: ${Math.round(r.cyclesPerSec).toLocaleString('en')} cycles/s, close→last routine p50 ${r.p50us.toFixed(1)} µs, p99 ${r.p99us.toFixed(1)} µs`);
}
const heap = await heapRun();
const result = {
  cyclesPerSec: Math.round(median(runs.map((r) => r.cyclesPerSec))),
  closeToRoutineP50us: Number(median(runs.map((r) => r.p50us)).toFixed(1)),
  closeToRoutineP99us: Number(median(runs.map((r) => r.p99us)).toFixed(1)),
  heapBytesPerLiveSession: Math.round(heap),
};
console.log(`median: ${result.cyclesPerSec.toLocaleString('en')} cycles/s (target ≥ 200,000); close→routine p50 ${result.closeToRoutineP50us} µs, p99 ${result.closeToRoutineP99us} µs (target < 1,000 µs); heap ${result.heapBytesPerLiveSession} B per live session with one token (target < 1,024)`);
console.log(JSON.stringify(result));
