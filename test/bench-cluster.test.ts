/**
 * The cluster benchmark (`npm run bench:cluster`, bench/cluster.ts) in its quick mode, without
 * warm-up: 1, 2 and 3 real daemons on one PostgreSQL, 1 s windows, 200 cascade samples. Proves
 * that the command runs end to end and that what it writes parses with the fields the report is
 * built from; the figures themselves are not judged (a loaded test machine says nothing about
 * them), only that every operation was measured, every answer was good and no session was left.
 * Skips with a message when PostgreSQL is not reachable.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { PG_URL, pgUnreachable } from '../src/store/postgres/_test-pg.ts';

const root = new URL('..', import.meta.url).pathname;

test('bench:cluster --quick measures 1, 2 and 3 daemons and the cascade and writes parseable results', {
  timeout: 120_000,
  skip: pgUnreachable ?? false,
}, async () => {
  const out = mkdtempSync(join(tmpdir(), 'bench-cluster-test-'));
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(root, 'bench/cluster.ts'), '--quick', '--warmup=0', '--json', `--out=${out}`],
      { cwd: root, maxBuffer: 16 << 20, timeout: 110_000, env: { ...process.env, LOGOND_BENCH_PG: PG_URL } },
    );
    const printed = JSON.parse(stdout) as Record<string, unknown>;
    const doc = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as typeof printed;
    assert.deepEqual(printed, doc);
    assert.equal(doc['mode'], 'quick');
    for (const field of ['machine', 'postgres', 'load', 'settings', 'layout', 'fairness', 'runs', 'notes'])
      assert.ok(field in doc, `summary.json has ${field}`);
    assert.deepEqual(
      doc['notes'],
      (doc['notes'] as string[]).filter((n) => !n.includes(' failed: ')),
    );

    const rows = doc['rows'] as Array<Record<string, unknown>>;
    assert.deepEqual(
      rows.map((r) => r['daemons']),
      [1, 2, 3],
    );
    // What a failed check prints: that daemon count's runs (rates, errors and the first of them).
    const runsOf = (n: unknown) =>
      JSON.stringify((doc['runs'] as Array<{ daemons: number }>).filter((run) => run.daemons === n));
    for (const r of rows) {
      const whoami = r['whoamiRps'] as { median: number };
      const cycles = r['cyclesCps'] as { median: number };
      assert.ok(
        whoami.median > 0 && cycles.median > 0,
        `${r['daemons']} daemon(s): both rates measured: ${runsOf(r['daemons'])}`,
      );
      assert.equal(r['bad'], 0, `${r['daemons']} daemon(s): every answer was good: ${runsOf(r['daemons'])}`);
      assert.equal(
        r['sessionsLeft'],
        0,
        `${r['daemons']} daemon(s): every session a cycle opened was closed: ${runsOf(r['daemons'])}`,
      );
    }
    const ratios = doc['ratios'] as Array<{ daemons: number; whoami: number }>;
    assert.deepEqual(
      ratios.map((r) => r.daemons),
      [2, 3],
    );
    assert.ok(ratios.every((r) => r.whoami > 0));

    const cascade = doc['cascade'] as Array<{ samples: number; missed: number; p99Ms: number }>;
    assert.equal(cascade.length, 1);
    assert.equal(cascade[0]!.samples, 200);
    assert.equal(cascade[0]!.missed, 0, "every close ran the other process's routine");
    assert.ok(cascade[0]!.p99Ms > 0);

    const targets = doc['targets'] as Array<{ goal: string; met: boolean | null }>;
    assert.equal(targets.length, 2);
    for (const t of targets) assert.equal(typeof t.met, 'boolean', `${t.goal} was judged`);

    const markdown = readFileSync(join(out, 'summary.md'), 'utf8');
    assert.match(markdown, /^## Targets \(issue 6\)$/m);
    assert.match(markdown, /\| (MET|MISSED) \|/);
    assert.match(markdown, /PostgreSQL: a system service, not pinned/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
