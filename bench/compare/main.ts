/**
 * `npm run bench:compare`: logond's daemon, better-auth and the bare node:http limit, side by side
 * in one run, with the same pinning (server `taskset -c 0`, load `taskset -c 1`), load tool (wrk
 * 4.1 with bench/compare/wrk/*.lua; the Node load driver for logon + logoff cycles), settings
 * (50 connections, warm-up, measured window, repetitions as the outer loop) and operations.
 * Writes summary.md, summary.json, ratios.svg and results.jsonl (one line per run) to
 * bench/results/<UTC time>/ and prints the Markdown. `--help` lists the options; `--quick` is the
 * few-seconds smoke run the test suite uses (logond and the limit, no peer).
 */
import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { HAS_TASKSET, killChildren, onPath, setPinnedNice } from './_process.ts';
import { describeMachine, describeSource } from './machine.ts';
import { type CompareOptions, parseOptions } from './options.ts';
import { renderResults, type SummaryDocument } from './report.ts';
import { type RunSettings, runWorkload } from './run-workload.ts';
import { waitIdle } from './server-process.ts';
import { type Evidence, type KdfParameters, type RunRecord, toRatios, toRows, toTargets } from './summary.ts';
import { createBetterAuthTarget } from './targets/better-auth.ts';
import { createLimitTarget } from './targets/limit.ts';
import { createLogondTarget, type LogondTarget } from './targets/logond.ts';
import type { BenchTarget, Operation } from './workload.ts';

const PROJECT_ROOT = new URL('../../', import.meta.url).pathname.replace(/\/$/, '');

/**
 * Copies what the daemon runs from (src, bin, package.json and the benchmark package) so that
 * edits made while the benchmark runs do not mix in; from the working tree, or from commit `ref`
 * (the benchmark package always from the working tree).
 */
function snapshotLogond(root: string, into: string, ref: string | undefined): string {
  rmSync(into, { recursive: true, force: true });
  mkdirSync(join(into, 'bench'), { recursive: true });
  if (ref === undefined) {
    for (const part of ['src', 'bin', 'package.json'])
      cpSync(join(root, part), join(into, part), { recursive: true });
  } else {
    const tar = execFileSync('git', ['archive', '--format=tar', ref, 'src', 'bin', 'package.json'], {
      cwd: root,
      maxBuffer: 1 << 30,
    });
    execFileSync('tar', ['-x', '-C', into], { input: tar });
  }
  cpSync(join(root, 'bench/packages'), join(into, 'bench/packages'), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(into, 'node_modules'));
  return into;
}

/** better-auth's scrypt parameters, read from the installed @better-auth/utils (not assumed). */
function peerKdf(peerDir: string): KdfParameters | undefined {
  const file = join(peerDir, 'node_modules/@better-auth/utils/dist/password.node.mjs');
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  const num = (re: RegExp) => Number(re.exec(text)?.[1] ?? Number.NaN);
  return {
    N: num(/\bN:\s*(\d+)/),
    r: num(/\br:\s*(\d+)/),
    p: num(/\bp:\s*(\d+)/),
    keyLength: num(/dkLen:\s*(\d+)/),
    saltBytes: num(/randomBytes\((\d+)\)/),
  };
}

async function main(o: CompareOptions): Promise<number> {
  const started = Date.now();
  setPinnedNice(o.nice);
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      killChildren();
      process.exit(130);
    });
  mkdirSync(join(o.out, 'logs'), { recursive: true });
  mkdirSync(o.workDir, { recursive: true });
  const logFile = join(o.out, 'bench.log');
  const log = (line: string): void => {
    const text = `[${new Date().toISOString().slice(11, 19)}] ${line}\n`;
    process.stderr.write(text);
    appendFileSync(logFile, text);
  };
  const tool = o.tool ?? (onPath('wrk') ? 'wrk' : 'node');
  const machine = describeMachine(HAS_TASKSET);
  // Described when the copy is taken: commits made while the benchmark runs are not in it.
  const source = describeSource(o.logondRoot ?? o.root, o.logondRef);
  const logondRoot =
    o.logondRoot ??
    (o.snapshot ? snapshotLogond(o.root, join(o.workDir, 'logond-src'), o.logondRef) : o.root);
  const projectNode = existsSync(join(o.root, 'node_modules/.bin/node'))
    ? join(o.root, 'node_modules/.bin/node')
    : process.execPath;
  const serverCpu = HAS_TASKSET ? o.serverCpu : undefined;
  const loadCpu = HAS_TASKSET ? o.loadCpu : undefined;
  log(
    `bench:compare ${o.mode}: ${o.targets.join(', ')}; ${o.reps} × (${o.warmupS} s + ${o.durationS} s); load tool ${tool}; out ${o.out}`,
  );

  const all: BenchTarget[] = [];
  const logond: LogondTarget = createLogondTarget({
    root: logondRoot,
    node: projectNode,
    workDir: o.workDir,
    users: o.users,
    passwordUsers: o.passwordUsers,
    listSessions: o.listSessions,
    serverCpu,
    logLevel: o.logLevel,
    cpuProfile: o.cpuProfile,
    stopGraceMs: o.mode === 'quick' ? 1000 : 3000,
    log,
  });
  const peerDir = join(o.workDir, 'peer-bench');
  if (o.targets.includes('logond')) all.push(logond);
  if (o.targets.includes('better-auth'))
    all.push(
      createBetterAuthTarget({
        harnessDir: o.peerHarness,
        workDir: o.workDir,
        node: o.systemNode,
        users: o.users,
        listSessions: o.listSessions,
        serverCpu,
        reuse: o.reusePeer,
        log,
      }),
    );
  if (o.targets.includes('limit'))
    all.push(createLimitTarget({ harnessDir: o.peerHarness, node: o.systemNode, users: o.users, serverCpu }));

  for (const t of all) {
    log(`prepare ${t.name}`);
    await t.prepare();
  }

  const settings: RunSettings = {
    connections: o.connections,
    warmupS: o.warmupS,
    durationS: o.durationS,
    backlogS: o.backlogS,
    loadCpu,
    serverCore: serverCpu,
    tool,
    node: projectNode,
    logDir: join(o.out, 'logs'),
  };
  const notes: string[] = [];
  const runs: RunRecord[] = [];
  let failures = 0;

  let busy: Evidence['busy'];
  if (o.busyBurst > 0 && o.targets.includes('logond') && o.operations.includes('logon-password')) {
    log(`busy probe: ${o.busyBurst} concurrent MSV1_0 logons on a fresh daemon`);
    const runDir = join(o.workDir, 'runs', 'busy-probe');
    rmSync(runDir, { recursive: true, force: true });
    mkdirSync(runDir, { recursive: true });
    busy = await logond.probeBusy(runDir, o.busyBurst);
    log(`busy probe: ${JSON.stringify(busy)}`);
  }

  for (let rep = 1; rep <= o.reps; rep++) {
    for (const operation of o.operations) {
      for (const t of all) {
        if (!t.operations.includes(operation)) continue;
        const name = `${operation}.${t.name}.rep${rep}`;
        const runDir = join(o.workDir, 'runs', name);
        rmSync(runDir, { recursive: true, force: true });
        mkdirSync(runDir, { recursive: true });
        try {
          runs.push(await runOne(t, operation, rep, runDir, name, settings, notes, log));
        } catch (error) {
          failures++;
          const message = `${name} failed: ${(error as Error).message.slice(0, 2000)}`;
          log(message);
          notes.push(message);
        } finally {
          if (o.cpuProfile) copyProfiles(runDir, join(o.out, 'logs', `${name}.profile`));
          if (o.mode === 'full' || failures === 0)
            rmSync(join(runDir, 'data'), { recursive: true, force: true });
        }
      }
    }
  }

  const rows = toRows(runs);
  const ratios = toRatios(runs);
  const hasher = (await import(join(logondRoot, 'src/security/password-hasher.ts'))) as {
    DEFAULT_SCRYPT_PARAMETERS: { N: number; r: number; p: number; keyLength: number; saltLength: number };
  };
  const k = hasher.DEFAULT_SCRYPT_PARAMETERS;
  const evidence: Evidence = {
    logondKdf: { N: k.N, r: k.r, p: k.p, keyLength: k.keyLength, saltBytes: k.saltLength },
    peerKdf: o.targets.includes('better-auth') ? peerKdf(peerDir) : undefined,
    busy,
  };
  for (const r of runs.filter((q) => q.operation === 'whoami-during-logons')) {
    const bg = r.detail['background'] as { rps?: number; bad?: number } | undefined;
    notes.push(
      `${r.target} rep ${r.rep}: the 50 background password logons ran at ${bg?.rps ?? 'n/a'}/s (${bg?.bad ?? 'n/a'} not 2xx, e.g. busy) while whoami was measured.`,
    );
  }
  const servers: SummaryDocument['servers'] = {};
  for (const t of all) servers[t.name] = await t.describe();
  const doc: SummaryDocument = {
    date: new Date(started).toISOString().replace(/\.\d+Z$/, 'Z'),
    command: `npm run bench:compare${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    mode: o.mode,
    machine,
    settings: {
      serverCpu: serverCpu ?? null,
      loadCpu: loadCpu ?? null,
      nice: HAS_TASKSET ? o.nice : 0,
      connections: o.connections,
      warmupS: o.warmupS,
      durationS: o.durationS,
      reps: o.reps,
      users: o.users,
      listSessions: o.listSessions,
      loadTool:
        tool === 'wrk'
          ? `wrk ${machine.wrk} -t1 (bench/compare/wrk/*.lua) for GETs and POSTs; bench/compare/load-driver.ts (Node ${process.version}, raw keep-alive sockets) for logon + logoff cycles`
          : `bench/compare/load-driver.ts (Node ${process.version}) for everything (wrk not installed)`,
    },
    source: {
      ...source,
      root: logondRoot,
      snapshot: o.snapshot,
    },
    servers,
    rows,
    ratios,
    targets: toTargets(rows, ratios, evidence),
    notes,
    elapsedS: Math.round((Date.now() - started) / 1000),
  };
  writeFileSync(join(o.out, 'results.jsonl'), `${runs.map((r) => JSON.stringify(r)).join('\n')}\n`);
  writeFileSync(join(o.out, 'summary.json'), `${JSON.stringify(doc, null, 2)}\n`);
  const markdown = renderResults(o.out, doc);
  process.stdout.write(o.json ? `${JSON.stringify(doc)}\n` : markdown);
  log(
    `done in ${Math.round(doc.elapsedS / 60)} min: ${join(o.out, 'summary.md')}${failures > 0 ? `; ${failures} runs FAILED` : ''}`,
  );
  if (o.mode === 'quick') rmSync(o.workDir, { recursive: true, force: true });
  return failures > 0 ? 1 : 0;
}

/** One fresh server, one measured run. */
async function runOne(
  t: BenchTarget,
  operation: Operation,
  rep: number,
  runDir: string,
  name: string,
  settings: RunSettings,
  notes: string[],
  log: (line: string) => void,
): Promise<RunRecord> {
  const run = await t.start(operation, runDir);
  try {
    if (rep === 1 && run.verify !== undefined) {
      const checked = await run.verify();
      if (checked !== 'ok') notes.push(`${t.name}: ${checked}`);
    }
    const cycles = run.workload.kind === 'cycle' && run.countSessions !== undefined;
    const before = cycles ? await run.countSessions!() : undefined;
    const m = await runWorkload(run.server, run.workload, settings, name);
    const memory = run.server.memory();
    let after: number | undefined;
    if (cycles) {
      await waitIdle(run.server);
      after = await run.countSessions!();
    }
    const record: RunRecord = {
      operation,
      target: t.name,
      rep,
      rate: m.rate,
      unit: m.unit,
      ops: m.ops,
      p50Ms: m.p50Ms,
      p99Ms: m.p99Ms,
      serverCpuS: m.serverCpuS,
      cpuUsPerOp: m.serverCpuS === null || m.ops === 0 ? null : Math.round((m.serverCpuS * 1e6) / m.ops),
      rssMb: Number(memory.rssMb.toFixed(1)),
      peakMb: Number(memory.peakMb.toFixed(1)),
      bad: m.bad,
      ...(m.core === undefined ? {} : { core: m.core }),
      ...(before === undefined ? {} : { sessionsBefore: before }),
      ...(after === undefined ? {} : { sessionsAfter: after }),
      detail: m.detail,
    };
    log(
      `${name}: ${m.rate} ${m.unit}, p50 ${m.p50Ms} ms, p99 ${m.p99Ms} ms, cpu ${record.cpuUsPerOp ?? '–'} µs/op, peak ${record.peakMb} MB, bad ${m.bad}` +
        `${before === undefined ? '' : `, sessions ${before}→${after}`}` +
        `${m.core === undefined ? '' : `; server CPU busy ${m.core.serverPct} %, other ${m.core.otherPct} %, steal ${m.core.stealPct} %`}`,
    );
    return record;
  } finally {
    await run.server.stop();
  }
}

function copyProfiles(runDir: string, into: string): void {
  const dir = join(runDir, 'profile');
  if (!existsSync(dir)) return;
  mkdirSync(into, { recursive: true });
  for (const f of readdirSync(dir)) cpSync(join(dir, f), join(into, f));
}

let options: CompareOptions;
try {
  options = parseOptions(process.argv.slice(2), PROJECT_ROOT);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(2);
}
process.exitCode = await main(options);
