import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { buildConsole, ensureConsoleBuilt, isConsoleStale } from './build.ts';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'logond-web-build-'));
  dirs.push(d);
  return d;
}

test('buildConsole writes index.html naming hashed bundles that exist', async () => {
  const outDir = tempDir();
  const result = await buildConsole({ outDir });
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  const js = /src="\.\/(console-[A-Z0-9]+\.js)"/.exec(html)?.[1];
  const css = /href="\.\/(console-[A-Z0-9]+\.css)"/.exec(html)?.[1];
  assert.ok(js !== undefined && css !== undefined, html);
  assert.ok(existsSync(join(outDir, js)) && existsSync(join(outDir, css)));
  assert.ok(result.files.includes('index.html'));
  assert.ok(result.bytes > 10_000, `${result.bytes} bytes of JS and CSS`);
  assert.equal(
    readFileSync(join(outDir, js), 'utf8').includes('import '),
    false,
    'one self-contained bundle',
  );
});

test('isConsoleStale is true when missing, false after a build, true when a source is newer', async () => {
  const outDir = tempDir();
  assert.equal(await isConsoleStale({ outDir }), true);
  await buildConsole({ outDir });
  assert.equal(await isConsoleStale({ outDir }), false);
  // A build recorded as older than every source it read is out of date.
  const info = JSON.parse(readFileSync(join(outDir, 'build-info.json'), 'utf8')) as { builtAt: number };
  writeFileSync(join(outDir, 'build-info.json'), JSON.stringify({ ...info, builtAt: 0 }));
  assert.equal(await isConsoleStale({ outDir }), true);
  // So is one that read a source that is gone.
  writeFileSync(join(outDir, 'build-info.json'), JSON.stringify({ ...info, inputs: ['web/src/gone.tsx'] }));
  assert.equal(await isConsoleStale({ outDir }), true);
});

test('ensureConsoleBuilt builds once, then finds the console fresh; stale bundles are removed', async () => {
  const outDir = tempDir();
  writeFileSync(join(outDir, 'console-OLDHASH.js'), '// an earlier build');
  const first = await ensureConsoleBuilt({ outDir });
  assert.equal(first.action, 'built');
  assert.equal(existsSync(join(outDir, 'console-OLDHASH.js')), false);
  assert.deepEqual(await ensureConsoleBuilt({ outDir }), { action: 'fresh' });
});

test('two builds at once into one directory leave a whole console', async () => {
  const outDir = tempDir();
  await Promise.all([buildConsole({ outDir }), buildConsole({ outDir })]);
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  for (const [, name] of html.matchAll(/(?:src|href)="\.\/(console-[^"]+)"/g)) {
    assert.ok(existsSync(join(outDir, name ?? '')), `${name} exists`);
  }
  assert.equal(await isConsoleStale({ outDir }), false);
});
