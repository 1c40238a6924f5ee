/**
 * `npm run bench:cluster` — issue 6's benchmark: 1, 2 and 3 logond daemons (`logond serve
 * --database-url …`, each its own session host) on one PostgreSQL, side by side in one run, with a
 * fresh schema per daemon count and repetition:
 *   (a) whoami requests/s and p50/p99 (wrk, bench/compare's Lua, one thread per daemon);
 *   (b) durable logon + close cycles/s (BenchFast logon, DELETE of the token; bench/compare's
 *       load driver, one loop per daemon);
 *   (c) cross-daemon cascade latency at library level (cluster/cascade.ts): close in one process,
 *       termination routine in another, CLOCK_MONOTONIC in both.
 * Pinned with taskset as described in the output's Layout section. Writes summary.md and
 * summary.json to bench/results/<UTC time>-cluster/ and prints the Markdown. `--help` for options.
 */
import { appendFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { type CascadeRun, runCascade } from './cluster/cascade.ts';
import { machineLoad } from './cluster/cpu-window.ts';
import { runCycles } from './cluster/cycles.ts';
import { startCluster } from './cluster/daemons.ts';
import { layoutOf } from './cluster/layout.ts';
import { type ClusterOptions, parseClusterOptions } from './cluster/options.ts';
import { benchSchema, describePostgres, dropSchemas, pgProblem } from './cluster/pg.ts';
import { type ClusterSummary, toMarkdown } from './cluster/report.ts';
import { type ConfigRun, toRatios, toRows, toTargets } from './cluster/summary.ts';
import { runWhoami } from './cluster/whoami.ts';
import { HAS_TASKSET, killChildren, onPath, setPinnedNice } from './compare/_process.ts';
import { describeMachine, describeSource } from './compare/machine.ts';

const ROOT = new URL('..', import.meta.url).pathname.replace(/\/$/, '');

async function main(o: ClusterOptions): Promise<number> {
  const started = Date.now();
  setPinnedNice(o.nice);
  const schemas: string[] = [];
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      killChildren();
      void dropSchemas(o.pgUrl, schemas).finally(() => process.exit(130));
    });
  const problem = await pgProblem(o.pgUrl);
  if (problem !== undefined) throw new Error(`${problem} (set LOGOND_BENCH_PG)`);
  if (!onPath('wrk'))
    throw new Error('wrk is not installed (apt-get install wrk): it drives the whoami load');
  mkdirSync(o.out, { recursive: true });
  mkdirSync(o.workDir, { recursive: true });
  const log = (line: string): void => {
    const text = `[${new Date().toISOString().slice(11, 19)}] ${line}\n`;
    process.stderr.write(text);
    appendFileSync(join(o.out, 'bench.log'), text);
  };
  const loadAtStart = machineLoad();
  const busyAtStart = loadavg()[0]!;
  const machine = describeMachine(HAS_TASKSET);
  const source = describeSource(ROOT);
  const postgres = await describePostgres(o.pgUrl);
  const node = existsSync(join(ROOT, 'node_modules/.bin/node'))
    ? join(ROOT, 'node_modules/.bin/node')
    : process.execPath;
  const daemonCpus = HAS_TASKSET ? o.daemonCpus : [];
  const loadCpu = HAS_TASKSET ? o.loadCpu : undefined;
  const layout = layoutOf(o.daemons, daemonCpus, loadCpu);
  log(
    `bench:cluster ${o.mode}: daemons ${o.daemons.join(', ')}; ${o.reps} × (${o.warmupS} s + ${o.durationS} s); out ${o.out}`,
  );

  const runs: ConfigRun[] = [];
  const cascade: CascadeRun[] = [];
  const notes: string[] = [];
  const settings = {
    connections: o.connections,
    warmupS: o.warmupS,
    durationS: o.durationS,
    loadCpu,
    node,
    pgUrl: o.pgUrl,
  };
  const attempt = async <T>(name: string, fn: () => Promise<T>): Promise<T | null> => {
    try {
      return await fn();
    } catch (error) {
      const message = `${name} failed: ${(error as Error).message.slice(0, 2000)}`;
      log(message);
      notes.push(message);
      return null;
    }
  };
  for (let rep = 1; rep <= o.reps; rep++) {
    for (const n of o.only.some((p) => p !== 'cascade') ? o.daemons : []) {
      const name = `d${n}-rep${rep}`;
      const runDir = join(o.workDir, name);
      const schema = benchSchema(name);
      schemas.push(schema);
      const t0 = Date.now();
      const cluster = await attempt(`${name} start`, () =>
        startCluster({
          root: ROOT,
          node,
          pgUrl: o.pgUrl,
          schema,
          count: n,
          cpus: daemonCpus,
          users: o.users,
          tokenRevocation: o.tokenRevocation,
          runDir,
        }),
      );
      if (cluster === null) continue;
      log(
        `${name}: ${n} daemon(s) up, ${o.users} users and tokens in ${Math.round((Date.now() - t0) / 100) / 10} s`,
      );
      try {
        const whoami = o.only.includes('whoami')
          ? await attempt(`${name} whoami`, () => runWhoami(cluster, settings, join(runDir, 'whoami.log')))
          : null;
        const cycles = o.only.includes('cycles')
          ? await attempt(`${name} cycles`, () => runCycles(cluster, settings, join(runDir, 'cycles.log')))
          : null;
        runs.push({ daemons: n, rep, whoami, cycles });
        log(
          `${name}: whoami ${whoami?.rps ?? '–'} req/s p99 ${whoami?.p99Ms ?? '–'} ms (bad ${whoami?.bad ?? '–'}); ` +
            `cycles ${cycles?.cps ?? '–'}/s p99 ${cycles?.p99Ms ?? '–'} ms (errors ${cycles?.errors ?? '–'}` +
            `${cycles?.firstError ? `: ${cycles.firstError}` : ''}; sessions ${cycles?.sessionsBefore ?? '–'}→${cycles?.sessionsAfter ?? '–'})`,
        );
      } finally {
        const t1 = Date.now();
        await cluster.stop();
        await dropSchemas(o.pgUrl, [schema]).catch(() => {});
        log(`${name}: stopped in ${Math.round((Date.now() - t1) / 100) / 10} s`);
      }
    }
    if (!o.only.includes('cascade')) continue;
    const schema = benchSchema(`cascade-rep${rep}`);
    schemas.push(schema);
    const runDir = join(o.workDir, `cascade-rep${rep}`);
    mkdirSync(runDir, { recursive: true });
    const c = await attempt(`cascade rep ${rep}`, () =>
      runCascade({
        root: ROOT,
        node,
        pgUrl: o.pgUrl,
        schema,
        runDir,
        samples: o.cascadeSamples,
        intervalMs: o.cascadeIntervalMs,
        users: o.cascadeUsers,
        closerCpu: daemonCpus[0],
        observerCpu: loadCpu,
      }),
    );
    await dropSchemas(o.pgUrl, [schema]).catch(() => {});
    if (c === null) continue;
    cascade.push(c);
    log(
      `cascade rep ${rep}: p50 ${c.p50Ms} ms, p99 ${c.p99Ms} ms, max ${c.maxMs} ms (${c.samples} samples, ${c.missed} missed)`,
    );
  }

  const rows = toRows(runs, o.daemons);
  const ratios = toRatios(runs, rows);
  // At the end the load average counts this run's own processes: only the start's says whether others ran.
  if (busyAtStart > machine.nproc / 2)
    notes.push(
      `The machine was busy with other work when the run started (1-minute load average ${busyAtStart.toFixed(1)} on ${machine.nproc} CPUs): ` +
        'these figures say little about logond; run it again on a quiet machine.',
    );
  notes.push(
    `The cascade's logons rotate over ${o.cascadeUsers} user(s), so that a sample measures how a cascade reaches the other process, ` +
      "not contention between one user's next logon and the previous session's cascade (--cascade-users=1 measures that). " +
      'A PostgreSQL deadlock costs its victim deadlock_timeout before the store retries: the deadlock columns count them.',
  );
  const doc: ClusterSummary = {
    date: new Date(started).toISOString().replace(/\.\d+Z$/, 'Z'),
    command: `npm run bench:cluster${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    mode: o.mode,
    machine,
    source,
    postgres,
    load: { start: loadAtStart, end: machineLoad() },
    settings: {
      reps: o.reps,
      warmupS: o.warmupS,
      durationS: o.durationS,
      connections: o.connections,
      users: o.users,
      tokenRevocation: o.tokenRevocation,
      nice: HAS_TASKSET ? o.nice : 0,
      loadTool:
        `wrk ${machine.wrk} (bench/cluster/wrk/get-hosts.lua over bench/compare/wrk/get.lua: one thread per daemon, c/t connections each) for whoami; ` +
        `bench/cluster/cycle-driver.ts (bench/compare/load-driver.ts runCycles, one loop per daemon, Node ${process.version}) for cycles`,
      cascade: { samples: o.cascadeSamples, intervalMs: o.cascadeIntervalMs, users: o.cascadeUsers },
    },
    layout: layout.lines,
    fairness: layout.fairness,
    rows,
    ratios,
    cascade,
    targets: toTargets(ratios, cascade),
    runs,
    notes,
    elapsedS: Math.round((Date.now() - started) / 1000),
  };
  writeFileSync(join(o.out, 'summary.json'), `${JSON.stringify(doc, null, 2)}\n`);
  const markdown = toMarkdown(doc);
  writeFileSync(join(o.out, 'summary.md'), markdown);
  process.stdout.write(o.json ? `${JSON.stringify(doc)}\n` : markdown);
  const failed = notes.filter((n) => n.includes(' failed: ')).length;
  log(
    `done in ${doc.elapsedS} s: ${join(o.out, 'summary.md')}${failed > 0 ? `; ${failed} parts FAILED (logs in ${o.workDir})` : ''}`,
  );
  if (failed === 0) rmSync(o.workDir, { recursive: true, force: true });
  return failed > 0 ? 1 : 0;
}

let options: ClusterOptions;
try {
  options = parseClusterOptions(process.argv.slice(2), ROOT);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(2);
}
try {
  process.exitCode = await main(options);
} catch (error) {
  killChildren();
  process.stderr.write(`bench:cluster: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
