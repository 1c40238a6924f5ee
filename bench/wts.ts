/**
 * WTS benchmark (issue 3), on the in-memory store:
 *  1. logoff with bWait of a session running N real programs (`sleep`, which exits on SIGTERM):
 *     p50/p99 from the call to its return over R runs (the grace period never comes into play);
 *  2. WTSEnumerateSessionsW over S sessions, then WTSQuerySessionInformationW(WTSSessionInfo) for
 *     each: the time of one enumeration and of the S queries, median of several runs; also the
 *     idiomatic listSessions for an administrator and for an ordinary user (descriptor checks).
 *
 * Run: `node bench/wts.ts [--programs 50] [--runs 30] [--sessions 10000] [--enum-runs 7]`.
 */
import { parseArgs } from 'node:util';
import { createScriptedPackage } from '../src/lsa/_test-package.ts';
import { createSystem } from '../src/system.ts';
import { Win32Context } from '../src/win32/context.ts';
import type { Ref } from '../src/win32/ref.ts';
import { WTS_CURRENT_SERVER_HANDLE, WTSSessionInfo } from '../src/win32/wts-constants.ts';
import { createWtsApi, type WTS_SESSION_INFO } from '../src/win32/wtsapi32.ts';
import { describeMachine, median, percentile } from './_machine.ts';

const { values } = parseArgs({
  options: {
    programs: { type: 'string', default: '50' },
    runs: { type: 'string', default: '30' },
    sessions: { type: 'string', default: '10000' },
    'enum-runs': { type: 'string', default: '7' },
  },
});
const PROGRAMS = Number(values.programs);
const RUNS = Number(values.runs);
const SESSIONS = Number(values.sessions);
const ENUM_RUNS = Number(values['enum-runs']);
const GRACE_MS = 5000;

async function logoffRuns(): Promise<number[]> {
  const system = await createSystem({
    packages: [createScriptedPackage('Fast')],
    logger: { warn() {} },
    wts: { gracePeriodMs: GRACE_MS },
  });
  const times: number[] = [];
  for (let run = -3; run < RUNS; run++) {
    const r = await system.wts.logon({ userName: 'bench', password: '', package: 'Fast' });
    const caller = (await system.kernel.identify(r.handle!))!;
    for (let i = 0; i < PROGRAMS; i++) {
      const p = await system.wts.startProgram(caller, 'current', 'sleep', ['300']);
      if (p.pid === undefined) throw new Error(`could not start sleep: ${p.error}`);
    }
    const start = performance.now();
    const status = await system.wts.logoff(caller, 'current', { wait: true });
    const took = performance.now() - start;
    if (status !== 0) throw new Error(`logoff failed: 0x${status.toString(16)}`);
    if (run >= 0) times.push(took);
    await system.kernel.closeHandle(r.handle!);
  }
  await system.close();
  return times.sort((a, b) => a - b);
}

async function enumerateRuns() {
  const system = await createSystem({
    packages: [createScriptedPackage('Fast')],
    logger: { warn() {} },
    wts: { singleSessionPerUser: false },
  });
  let user = 0;
  for (let i = 0; i < SESSIONS; i++) {
    const r = await system.wts.logon({ userName: `u${i}`, password: '', package: 'Fast' });
    if (i === 0) user = r.handle!;
  }
  const api = createWtsApi(new Win32Context(system));
  const ordinary = (await system.kernel.identify(user))!;
  const enumMs: number[] = [];
  const queryMs: number[] = [];
  const listAdminMs: number[] = [];
  const listUserMs: number[] = [];
  let count = 0;
  for (let run = -2; run < ENUM_RUNS; run++) {
    const list: Ref<WTS_SESSION_INFO[]> = {};
    const n: Ref<number> = {};
    let t0 = performance.now();
    if (!(await api.WTSEnumerateSessionsW(WTS_CURRENT_SERVER_HANDLE, 0, 1, list, n)))
      throw new Error('enumerate failed');
    const e = performance.now() - t0;
    count = n.value!;
    t0 = performance.now();
    const buf: Ref<unknown> = {};
    const bytes: Ref<number> = {};
    for (const s of list.value!) {
      if (
        !(await api.WTSQuerySessionInformationW(
          WTS_CURRENT_SERVER_HANDLE,
          s.SessionId,
          WTSSessionInfo,
          buf,
          bytes,
        ))
      )
        throw new Error('query failed');
    }
    const q = performance.now() - t0;
    t0 = performance.now();
    await system.wts.listSessions(system.trustedCaller);
    const la = performance.now() - t0;
    t0 = performance.now();
    await system.wts.listSessions(ordinary);
    const lu = performance.now() - t0;
    if (run < 0) continue;
    enumMs.push(e);
    queryMs.push(q);
    listAdminMs.push(la);
    listUserMs.push(lu);
  }
  await system.close();
  return {
    count,
    enumMs: median(enumMs),
    queryMs: median(queryMs),
    listAdminMs: median(listAdminMs),
    listUserMs: median(listUserMs),
  };
}

console.log(`logond WTS benchmark — ${describeMachine()}`);
console.log(
  `store: memory; logoff: ${PROGRAMS} programs (sleep, exits on SIGTERM), grace ${GRACE_MS} ms, ${RUNS} runs; enumerate: ${SESSIONS} user sessions, ${ENUM_RUNS} runs`,
);
const logoff = await logoffRuns();
const p50 = percentile(logoff, 50);
const p99 = percentile(logoff, 99);
console.log(
  `logoff (bWait) of a session with ${PROGRAMS} programs: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${logoff.at(-1)!.toFixed(1)} ms (target p99 < 100 ms)`,
);
const e = await enumerateRuns();
console.log(
  `WTSEnumerateSessionsW of ${e.count} sessions: ${e.enumMs.toFixed(2)} ms (target < 20 ms); then ${e.count} × WTSQuerySessionInformationW(WTSSessionInfo): ${e.queryMs.toFixed(1)} ms (${((e.queryMs * 1000) / e.count).toFixed(2)} µs each)`,
);
console.log(
  `system.wts.listSessions: ${e.listAdminMs.toFixed(2)} ms as SYSTEM, ${e.listUserMs.toFixed(2)} ms as an ordinary user (access check per session)`,
);
console.log(
  JSON.stringify({
    logoffP50Ms: Number(p50.toFixed(1)),
    logoffP99Ms: Number(p99.toFixed(1)),
    enumerateMs: Number(e.enumMs.toFixed(2)),
    queryAllMs: Number(e.queryMs.toFixed(1)),
    sessions: e.count,
  }),
);
