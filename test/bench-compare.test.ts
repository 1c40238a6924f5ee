/**
 * The side-by-side benchmark (`npm run bench:compare`, bench/compare/) in its quick mode: logond's
 * daemon and the bare node:http limit server only, one repetition of 2 s per scenario, no peer.
 * Proves that the command runs end to end and that what it writes parses with the fields the
 * README's Performance section and the chart are built from. The figures themselves are not
 * checked: a loaded test machine says nothing about them.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';

const root = new URL('..', import.meta.url).pathname;
const limitServer = join(root, '../shared/peers-bench/better-auth/limit-server.mjs');

test('bench:compare --quick runs logond and the limit server and writes parseable results', {
  timeout: 120_000,
  skip: existsSync(limitServer) ? false : `the peer harness is not at ${limitServer}`,
}, async () => {
  const out = mkdtempSync(join(tmpdir(), 'bench-compare-test-'));
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(root, 'bench/compare/main.ts'), '--quick', '--json', `--out=${out}`],
      { cwd: root, maxBuffer: 16 << 20, timeout: 110_000 },
    );
    const printed = JSON.parse(stdout) as Record<string, unknown>;
    const doc = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as typeof printed;
    assert.deepEqual(printed, doc);
    assert.equal(doc['mode'], 'quick');
    for (const field of [
      'date',
      'command',
      'machine',
      'settings',
      'source',
      'servers',
      'rows',
      'ratios',
      'targets',
      'notes',
    ])
      assert.ok(field in doc, `summary.json has ${field}`);

    const rows = doc['rows'] as Array<Record<string, unknown>>;
    const operations = new Set(rows.filter((r) => r['target'] === 'logond').map((r) => r['operation']));
    assert.deepEqual([...operations].sort(), [
      'cycle-trivial',
      'list-100',
      'logon-password',
      'logon-trivial',
      'whoami',
      'whoami-during-logons',
    ]);
    assert.ok(rows.some((r) => r['target'] === 'limit' && r['operation'] === 'whoami'));
    assert.ok(!rows.some((r) => r['target'] === 'better-auth'), 'quick mode runs no peer');
    for (const r of rows) {
      const rate = r['rate'] as { median: number; min: number; max: number };
      assert.ok(rate.median > 0, `${r['operation']}/${r['target']} has a rate`);
      assert.ok(rate.min <= rate.median && rate.median <= rate.max);
      for (const key of ['unit', 'p50Ms', 'p99Ms', 'cpuUsPerOp', 'peakMb', 'bad'])
        assert.ok(key in r, `row has ${key}`);
      assert.equal(r['bad'], 0, `${r['operation']}/${r['target']}: every answer was good`);
    }
    const cycle = rows.find((r) => r['operation'] === 'cycle-trivial')!;
    assert.match(String(cycle['sessions']), /^(\d+)→\1$/, 'every session a cycle opened was closed');

    const ratios = doc['ratios'] as Array<Record<string, unknown>>;
    const vsLimit = ratios.find((r) => r['operation'] === 'whoami' && r['versus'] === 'limit');
    assert.ok(vsLimit !== undefined && typeof vsLimit['ratio'] === 'number' && vsLimit['ratio'] > 0);
    const targets = doc['targets'] as Array<{ id: string; met: boolean | null }>;
    assert.deepEqual(
      targets.map((t) => t.id),
      [
        'whoami-vs-limit',
        'cycle-vs-peer',
        'list-vs-peer',
        'whoami-p99-during-logons',
        'busy-answer',
        'password-strength',
        'password-speed',
      ],
    );
    assert.equal(targets.find((t) => t.id === 'cycle-vs-peer')!.met, null, 'no peer, no verdict');

    assert.match(
      readFileSync(join(out, 'summary.md'), 'utf8'),
      /^# logond vs better-auth vs the bare Node limit/,
    );
    assert.match(
      readFileSync(join(out, 'ratios.svg'), 'utf8'),
      /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/,
    );
    const lines = readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n');
    assert.equal(lines.length, rows.length, 'one run per row in quick mode');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
