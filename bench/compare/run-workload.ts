/**
 * Runs one workload against one started server, as the peer harness's bench.sh does: unmeasured
 * warm-up on the same server, wait until it is idle, then the measured window with the server's
 * CPU time read around it. GETs and POSTs go through wrk (or, without wrk, the Node load driver
 * with the same closed loop); logon + logoff cycles through the load driver. All load processes
 * are pinned to the load CPU.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runToEnd, sleep } from './_process.ts';
import type { CycleResult, CycleSpec, LoadSpec, RequestSpec, RequestsResult } from './load-driver.ts';
import { type CoreTimes, type CoreUsage, coreTimesOf, coreUsage } from './proc-stats.ts';
import { type ServerProcess, waitIdle } from './server-process.ts';

function coreTimes(settings: RunSettings): CoreTimes | undefined {
  return settings.serverCore === undefined ? undefined : coreTimesOf(settings.serverCore);
}

import type { CycleLoad, GetLoad, MixedLoad, PostLoad, Workload } from './workload.ts';

const HERE = new URL('.', import.meta.url).pathname;

/** Settings shared by every run of a benchmark. */
export interface RunSettings {
  readonly connections: number;
  /** Whole seconds (wrk takes whole seconds). */
  readonly warmupS: number;
  readonly durationS: number;
  /** Seconds the mixed scenario lets the logon backlog build before measuring. */
  readonly backlogS: number;
  readonly loadCpu: number | undefined;
  /** The CPU the server is pinned to: how that core was used over each window is reported. */
  readonly serverCore: number | undefined;
  readonly tool: 'wrk' | 'node';
  /** The Node that runs the load driver. */
  readonly node: string;
  /** Where load logs and spec files go; `name` prefixes them. */
  readonly logDir: string;
}

/** What one measured run gives. */
export interface Measurement {
  /** Good operations per second (requests, or cycles of two requests). */
  readonly rate: number;
  readonly unit: 'req/s' | 'cycles/s';
  readonly ops: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Server CPU seconds (all threads) over the measured window; null where not meaningful. */
  readonly serverCpuS: number | null;
  /** Answers that were not good (wrong status, missing text, socket errors, timeouts). */
  readonly bad: number;
  /** How the server's core was used over the measured window (absent when unpinned). */
  readonly core?: CoreUsage;
  readonly detail: Record<string, unknown>;
}

interface Loop {
  readonly connections: number;
  readonly seconds: number;
  readonly timeoutS: number;
}

/** Runs `workload` on `server`. `name` names the log files. */
export async function runWorkload(
  server: ServerProcess,
  workload: Workload,
  settings: RunSettings,
  name: string,
): Promise<Measurement> {
  const c = settings.connections;
  switch (workload.kind) {
    case 'get':
    case 'post': {
      if (settings.warmupS > 0) {
        await loop(server, workload, settings, `${name}.warmup`, {
          connections: c,
          seconds: settings.warmupS,
          timeoutS: 30,
        });
        await waitIdle(server);
      }
      const cpu0 = server.cpuSeconds();
      const core0 = coreTimes(settings);
      const r = await loop(server, workload, settings, name, {
        connections: c,
        seconds: settings.durationS,
        timeoutS: 30,
      });
      const cpu = server.cpuSeconds() - cpu0;
      const core = coreUsage(core0, coreTimes(settings), cpu);
      return { ...fromRequests(r, cpu), ...(core === undefined ? {} : { core }) };
    }
    case 'cycle':
      return runCycle(server, workload, settings, name);
    case 'mixed':
      return runMixed(server, workload, settings, name);
  }
}

function fromRequests(r: RequestsResult, cpuS: number | null): Measurement {
  // With no answer in the window (better-auth's whoami behind queued scrypt jobs, a short run),
  // wrk reports 0 ms percentiles: there is no latency to report, only that none came back.
  const none = r.requests === 0;
  return {
    rate: r.rps,
    unit: 'req/s',
    ops: r.requests,
    p50Ms: none ? Number.NaN : r.p50_ms,
    p99Ms: none ? Number.NaN : r.p99_ms,
    serverCpuS: cpuS === null ? null : Number(cpuS.toFixed(2)),
    bad: r.bad,
    detail: { ...r },
  };
}

/** One closed loop of GETs or POSTs: wrk with the lua scripts, or the Node driver. */
async function loop(
  server: ServerProcess,
  load: GetLoad | PostLoad,
  settings: RunSettings,
  name: string,
  l: Loop,
): Promise<RequestsResult> {
  if (l.seconds <= 0) return emptyResult();
  const logFile = join(settings.logDir, `${name}.log`);
  if (settings.tool === 'wrk') {
    const url = `http://${server.target.host}:${server.target.port}`;
    const env = {
      WRK_LUA_DIR: join(HERE, 'wrk'),
      WRK_PATH: load.path,
      WRK_STATUS: load.status.join(','),
      WRK_EXPECT: load.expect,
      ...(load.kind === 'get' ? { WRK_TOKENS: load.tokensFile } : { WRK_BODIES: load.bodiesFile }),
    };
    const script = join(HERE, 'wrk', `${load.kind}.lua`);
    const args = [
      '-t1',
      `-c${l.connections}`,
      `-d${l.seconds}s`,
      '--timeout',
      `${l.timeoutS}s`,
      '--latency',
      '-s',
      script,
      url,
    ];
    const out = await runToEnd('wrk', args, { cpu: settings.loadCpu, env });
    writeFileSync(logFile, out);
    const line = out.split('\n').find((s) => s.startsWith('WRKJSON '));
    if (line === undefined) throw new Error(`wrk printed no result:\n${out}`);
    const w = JSON.parse(line.slice(8)) as RequestsResult & {
      [k in `err_${'connect' | 'read' | 'write' | 'timeout'}`]: number;
    };
    const errors = w.err_connect + w.err_read + w.err_write + w.err_timeout; // err_status is counted in bad
    return { ...w, bad: w.bad + errors, server_cpu_s: null };
  }
  const lines = readFileSync(load.kind === 'get' ? load.tokensFile : load.bodiesFile, 'utf8')
    .split('\n')
    .filter(Boolean);
  const requests: RequestSpec[] = lines.map((line) =>
    load.kind === 'get'
      ? { method: 'GET', path: load.path, token: line }
      : { method: 'POST', path: load.path, body: JSON.parse(line) as unknown },
  );
  return driver<RequestsResult>(settings, logFile, {
    kind: 'requests',
    ...server.target,
    connections: l.connections,
    warmupMs: 0,
    durationMs: l.seconds * 1000,
    requests,
    expect: { status: load.status, contains: load.expect },
  });
}

/** Runs the Node load driver with `spec` (written next to its log) and returns its result. */
async function driver<T>(settings: RunSettings, logFile: string, spec: LoadSpec): Promise<T> {
  const specFile = logFile.replace(/\.log$/, '.spec.json');
  writeFileSync(specFile, JSON.stringify(spec));
  const out = await runToEnd(settings.node, [join(HERE, 'load-driver.ts'), specFile], {
    cpu: settings.loadCpu,
  });
  writeFileSync(logFile, out);
  const line = out.split('\n').find((s) => s.startsWith('LOADJSON '));
  if (line === undefined) throw new Error(`the load driver printed no result:\n${out}`);
  return JSON.parse(line.slice(9)) as T;
}

async function runCycle(
  server: ServerProcess,
  load: CycleLoad,
  settings: RunSettings,
  name: string,
): Promise<Measurement> {
  const logons = readFileSync(load.logon.bodiesFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map(
      (line): RequestSpec => ({ method: 'POST', path: load.logon.path, body: JSON.parse(line) as unknown }),
    );
  const spec: CycleSpec = {
    kind: 'cycle',
    ...server.target,
    connections: settings.connections,
    warmupMs: settings.warmupS * 1000,
    durationMs: settings.durationS * 1000,
    serverPid: server.pid,
    ...(settings.serverCore === undefined ? {} : { serverCore: settings.serverCore }),
    logons,
    logonExpect: { status: load.logon.status, contains: load.logon.expect },
    token: load.token,
    logoff: { method: load.logoff.method, path: load.logoff.path },
    logoffExpect: {
      status: load.logoff.status,
      ...(load.logoff.expect === undefined ? {} : { contains: load.logoff.expect }),
    },
  };
  const r = await driver<CycleResult>(settings, join(settings.logDir, `${name}.log`), spec);
  return {
    rate: r.cps,
    unit: 'cycles/s',
    ops: r.cycles,
    p50Ms: r.p50_ms,
    p99Ms: r.p99_ms,
    serverCpuS: r.server_cpu_s,
    bad: r.errors,
    ...(r.core === null ? {} : { core: r.core }),
    detail: { ...r },
  };
}

/**
 * whoami on one connection while the configured connections log on with passwords: warm the
 * whoami path alone, start the logons, let their backlog build, then measure whoami.
 */
async function runMixed(
  server: ServerProcess,
  load: MixedLoad,
  settings: RunSettings,
  name: string,
): Promise<Measurement> {
  await loop(server, load.foreground, settings, `${name}.warmup`, {
    connections: 1,
    seconds: settings.warmupS,
    timeoutS: 30,
  });
  const background = loop(server, load.background, settings, `${name}.background`, {
    connections: settings.connections,
    seconds: settings.durationS + 2 * settings.backlogS,
    timeoutS: 60,
  });
  // A failure of the background load is reported after the foreground's window, not left unhandled.
  background.catch(() => {});
  await sleep(settings.backlogS * 1000);
  const cpu0 = server.cpuSeconds();
  const core0 = coreTimes(settings);
  const fg = await loop(server, load.foreground, settings, name, {
    connections: 1,
    seconds: settings.durationS,
    timeoutS: 30,
  });
  const cpu = server.cpuSeconds() - cpu0;
  // The core's use over the window: the server's share includes its hashing threads.
  const core = coreUsage(core0, coreTimes(settings), cpu);
  const bg = await background;
  const m = fromRequests(fg, null);
  return {
    ...m,
    ...(core === undefined ? {} : { core }),
    detail: { ...m.detail, window_server_cpu_s: Number(cpu.toFixed(2)), background: bg },
  };
}

function emptyResult(): RequestsResult {
  return {
    requests: 0,
    duration_s: 0,
    rps: 0,
    p50_ms: 0,
    p90_ms: 0,
    p99_ms: 0,
    max_ms: 0,
    bad: 0,
    server_cpu_s: null,
  };
}
