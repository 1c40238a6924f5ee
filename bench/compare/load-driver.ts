/**
 * The Node load generator of `bench/compare`, run as its own process pinned to the load CPU:
 *
 *   node bench/compare/load-driver.ts <spec.json>
 *
 * prints one line `LOADJSON {...}`. Two kinds of spec (`LoadSpec`):
 *  - `requests`: a closed loop of the given requests, round-robin, on `connections` keep-alive
 *    connections (what wrk does; used when wrk is absent, in quick mode);
 *  - `cycle`: each connection repeats log on → take the new token → log off with it; one cycle is
 *    two requests (like the peer harness's cycle.mjs, but one driver for every server, so the load
 *    side is identical, and raw sockets so that it outruns a fast server on one core).
 * Every answer is checked (status and an expected substring); failures are counted, never timed.
 * With `serverPid`, the server's CPU time over the measured window is reported.
 */
import { readFileSync } from 'node:fs';
import { HttpConnection, type RawResponse, rawRequest, type Target } from './http-client.ts';
import { type CoreUsage, coreTimesOf, coreUsage, cpuSecondsOf } from './proc-stats.ts';
import { percentileOf } from './stats.ts';

/** A request as a spec names it. */
export interface RequestSpec {
  readonly method: string;
  readonly path: string;
  readonly token?: string;
  readonly body?: unknown;
}

/** What a good answer looks like. */
export interface Expectation {
  /** Accepted statuses. */
  readonly status: readonly number[];
  /** A string every good body contains (omit for none). */
  readonly contains?: string;
}

interface CommonSpec extends Target {
  readonly connections: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  readonly serverPid?: number;
  /** The server's CPU: how that core was used over the measured window is reported. */
  readonly serverCore?: number;
}

/** A closed loop over `requests`. */
export interface RequestsSpec extends CommonSpec {
  readonly kind: 'requests';
  readonly requests: readonly RequestSpec[];
  readonly expect: Expectation;
}

/** Log on, then log off with the token the logon returned. */
export interface CycleSpec extends CommonSpec {
  readonly kind: 'cycle';
  readonly logons: readonly RequestSpec[];
  readonly logonExpect: Expectation;
  /** Where the token is: a response header (better-auth's bearer plugin) or a JSON field (logond). */
  readonly token: { readonly header: string } | { readonly jsonField: string };
  readonly logoff: { readonly method: string; readonly path: string };
  readonly logoffExpect: Expectation;
}

export type LoadSpec = RequestsSpec | CycleSpec;

/** The figures of a `requests` run (field names as the wrk scripts print them). */
export interface RequestsResult {
  requests: number;
  duration_s: number;
  rps: number;
  p50_ms: number;
  p90_ms: number;
  p99_ms: number;
  max_ms: number;
  bad: number;
  server_cpu_s: number | null;
}

/** The figures of a `cycle` run. */
export interface CycleResult {
  cycles: number;
  duration_s: number;
  cps: number;
  p50_ms: number;
  p99_ms: number;
  signin_p50_ms: number;
  signin_p99_ms: number;
  signout_p50_ms: number;
  signout_p99_ms: number;
  errors: number;
  firstError: string | null;
  server_cpu_s: number | null;
  core: CoreUsage | null;
}

function isGood(r: RawResponse, e: Expectation): boolean {
  if (!e.status.includes(r.status)) return false;
  return e.contains === undefined || r.body.includes(e.contains);
}

function toRaw(r: RequestSpec): Buffer {
  return rawRequest(r.method, r.path, {
    ...(r.token === undefined ? {} : { token: r.token }),
    ...(r.body === undefined ? {} : { body: r.body }),
  });
}

/** Runs `step` on `connections` connections until `ms` have passed; reconnects closed ones. */
async function closedLoop(
  spec: CommonSpec,
  ms: number,
  step: (conn: HttpConnection, worker: number) => Promise<void>,
): Promise<number> {
  const start = performance.now();
  const end = start + ms;
  await Promise.all(
    Array.from({ length: spec.connections }, async (_, worker) => {
      let conn = new HttpConnection(spec);
      while (performance.now() < end) {
        if (conn.closed) conn = new HttpConnection(spec);
        await step(conn, worker);
      }
      conn.close();
    }),
  );
  return (performance.now() - start) / 1000;
}

function cpuOf(pid: number | undefined): number {
  return pid === undefined ? Number.NaN : cpuSecondsOf(pid);
}

/** Runs a `requests` spec: warm-up, then the measured window. */
export async function runRequests(spec: RequestsSpec): Promise<RequestsResult> {
  const raws = spec.requests.map(toRaw);
  let next = Math.floor(Math.random() * raws.length);
  let record = false;
  const latencies: number[] = [];
  let bad = 0;
  const step = async (conn: HttpConnection): Promise<void> => {
    const raw = raws[next++ % raws.length]!;
    const t0 = performance.now();
    try {
      const r = await conn.request(raw);
      if (!record) return;
      if (isGood(r, spec.expect)) latencies.push(performance.now() - t0);
      else bad++;
    } catch {
      if (record) bad++;
    }
  };
  if (spec.warmupMs > 0) await closedLoop(spec, spec.warmupMs, step);
  record = true;
  const cpu0 = cpuOf(spec.serverPid);
  const seconds = await closedLoop(spec, spec.durationMs, step);
  const cpu1 = cpuOf(spec.serverPid);
  const sorted = Float64Array.from(latencies).sort();
  return {
    requests: latencies.length + bad,
    duration_s: round(seconds),
    rps: round(latencies.length / seconds, 1),
    p50_ms: round(percentileOf(sorted, 50)),
    p90_ms: round(percentileOf(sorted, 90)),
    p99_ms: round(percentileOf(sorted, 99)),
    max_ms: round(sorted.at(-1) ?? Number.NaN),
    bad,
    server_cpu_s: Number.isNaN(cpu0) ? null : round(cpu1 - cpu0, 2),
  };
}

/** Runs a `cycle` spec: warm-up, then the measured window. */
export async function runCycles(spec: CycleSpec): Promise<CycleResult> {
  const logons = spec.logons.map(toRaw);
  let next = Math.floor(Math.random() * logons.length);
  let record = false;
  const cycle: number[] = [];
  const signin: number[] = [];
  const signout: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  const tokenOf = (r: RawResponse): string | undefined => {
    if ('header' in spec.token) return r.headers.get(spec.token.header);
    const value = (JSON.parse(r.body.toString('utf8')) as Record<string, unknown>)[spec.token.jsonField];
    return typeof value === 'string' ? value : undefined;
  };
  const step = async (conn: HttpConnection): Promise<void> => {
    try {
      const t0 = performance.now();
      const a = await conn.request(logons[next++ % logons.length]!);
      const token = isGood(a, spec.logonExpect) ? tokenOf(a) : undefined;
      if (token === undefined) throw new Error(`logon ${a.status} ${a.body.toString('utf8', 0, 200)}`);
      const t1 = performance.now();
      const b = await conn.request(rawRequest(spec.logoff.method, spec.logoff.path, { token }));
      if (!isGood(b, spec.logoffExpect))
        throw new Error(`logoff ${b.status} ${b.body.toString('utf8', 0, 200)}`);
      const t2 = performance.now();
      if (!record) return;
      cycle.push(t2 - t0);
      signin.push(t1 - t0);
      signout.push(t2 - t1);
    } catch (error) {
      if (record) errors++;
      firstError ??= String((error as Error).message ?? error);
    }
  };
  if (spec.warmupMs > 0) await closedLoop(spec, spec.warmupMs, step);
  record = true;
  const cpu0 = cpuOf(spec.serverPid);
  const core0 = spec.serverCore === undefined ? undefined : coreTimesOf(spec.serverCore);
  const seconds = await closedLoop(spec, spec.durationMs, step);
  const cpu1 = cpuOf(spec.serverPid);
  const core1 = spec.serverCore === undefined ? undefined : coreTimesOf(spec.serverCore);
  const p = (values: number[], q: number): number => round(percentileOf(Float64Array.from(values).sort(), q));
  return {
    cycles: cycle.length,
    duration_s: round(seconds),
    cps: round(cycle.length / seconds, 1),
    p50_ms: p(cycle, 50),
    p99_ms: p(cycle, 99),
    signin_p50_ms: p(signin, 50),
    signin_p99_ms: p(signin, 99),
    signout_p50_ms: p(signout, 50),
    signout_p99_ms: p(signout, 99),
    errors,
    firstError,
    server_cpu_s: Number.isNaN(cpu0) ? null : round(cpu1 - cpu0, 2),
    core: coreUsage(core0, core1, cpu1 - cpu0) ?? null,
  };
}

function round(value: number, digits = 3): number {
  return Number.isFinite(value) ? Number(value.toFixed(digits)) : value;
}

if (import.meta.main) {
  const spec = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as LoadSpec;
  const result = spec.kind === 'cycle' ? await runCycles(spec) : await runRequests(spec);
  process.stdout.write(`LOADJSON ${JSON.stringify(result)}\n`);
}
