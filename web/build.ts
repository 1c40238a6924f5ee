/**
 * Builds the web console: bundles `web/src/main.tsx` (Preact) and `web/src/console.css` with
 * esbuild into content-hashed files, then writes `index.html` naming them. `node web/build.ts`
 * builds into `web/dist/`; the daemon calls `ensureConsoleBuilt()` at start and serves `webRoot`.
 *
 * Safe when several processes build at once (parallel test daemons): every file is written to a
 * temporary name and renamed into place, hashed names never change content, and `index.html` is
 * replaced last, so a reader sees the old console or the new one, never half of each.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '..');

/** The directory the daemon serves at `/`: the built console. */
export const webRoot: string = join(HERE, 'dist');

/** The record of a build, kept beside it to tell whether it is out of date. */
const BUILD_INFO = 'build-info.json';

/** Options of `buildConsole`. */
export interface BuildOptions {
  /** Where the console goes (default `webRoot`). */
  outDir?: string;
  /** Minify (default true); unminified output is easier to read while debugging. */
  minify?: boolean;
}

/** What a build wrote. */
export interface BuildResult {
  outDir: string;
  /** The files written, relative to `outDir`. */
  files: string[];
  /** Total bytes of JavaScript and CSS. */
  bytes: number;
}

interface BuildInfo {
  builtAt: number;
  /** Every source file the bundles read, relative to the repository. */
  inputs: string[];
}

/** Builds the console into `outDir`; throws with esbuild's messages if the sources do not build. */
export async function buildConsole(options: BuildOptions = {}): Promise<BuildResult> {
  const outDir = resolve(options.outDir ?? webRoot);
  const esbuild = await loadEsbuild();
  // Sources changed while the build runs count as newer than it.
  const startedAt = Date.now();
  const result = await esbuild.build({
    entryPoints: [join(HERE, 'src', 'main.tsx'), join(HERE, 'src', 'console.css')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome111', 'firefox115', 'safari16.4'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: options.minify ?? true,
    sourcemap: 'linked',
    entryNames: 'console-[hash]',
    outdir: outDir,
    write: false,
    metafile: true,
    legalComments: 'linked',
    logLevel: 'silent',
    absWorkingDir: REPO,
  });
  await mkdir(outDir, { recursive: true });
  const files: string[] = [];
  let bytes = 0;
  let js = '';
  let css = '';
  for (const file of result.outputFiles) {
    const name = relative(outDir, file.path);
    if (name.endsWith('.js')) js = name;
    if (name.endsWith('.css')) css = name;
    if (/\.(js|css)$/.test(name)) bytes += file.contents.byteLength;
    await writeAtomically(file.path, file.contents);
    files.push(name);
  }
  if (js === '' || css === '') throw new Error('esbuild produced no JavaScript or no CSS bundle');
  const template = await readFile(join(HERE, 'index.html'), 'utf8');
  await writeAtomically(
    join(outDir, 'index.html'),
    template.replace('%JS%', `./${js}`).replace('%CSS%', `./${css}`),
  );
  files.push('index.html');
  const inputs = Object.keys(result.metafile?.inputs ?? {}).filter((p) => !p.startsWith('node_modules/'));
  const info: BuildInfo = { builtAt: startedAt, inputs: [...inputs, 'web/index.html', 'web/build.ts'] };
  await writeAtomically(join(outDir, BUILD_INFO), JSON.stringify(info, null, 2));
  await removeStaleAssets(outDir, new Set([...files, BUILD_INFO]));
  return { outDir, files, bytes };
}

/**
 * Whether the console in `outDir` is missing or older than one of its sources (the files the
 * last build read, plus `web/index.html` and this script).
 */
export async function isConsoleStale(options: { outDir?: string } = {}): Promise<boolean> {
  const outDir = resolve(options.outDir ?? webRoot);
  let info: BuildInfo;
  try {
    info = JSON.parse(await readFile(join(outDir, BUILD_INFO), 'utf8')) as BuildInfo;
    await stat(join(outDir, 'index.html'));
  } catch {
    return true;
  }
  for (const input of info.inputs) {
    try {
      if ((await stat(join(REPO, input))).mtimeMs > info.builtAt) return true;
    } catch {
      return true; // a source was removed or renamed: the bundle may name it
    }
  }
  return false;
}

/** What `ensureConsoleBuilt` did. */
export type EnsureResult =
  | { readonly action: 'built'; readonly result: BuildResult }
  | { readonly action: 'fresh' }
  | { readonly action: 'kept-stale'; readonly reason: string };

/**
 * Builds the console if it is missing or stale (the daemon calls this at start). Without esbuild
 * (a production install without dev dependencies) a console already built is kept, with the
 * reason; with no console at all it throws, saying how to build one.
 */
export async function ensureConsoleBuilt(options: { outDir?: string } = {}): Promise<EnsureResult> {
  const outDir = resolve(options.outDir ?? webRoot);
  if (!(await isConsoleStale({ outDir }))) return { action: 'fresh' };
  try {
    return { action: 'built', result: await buildConsole({ outDir }) };
  } catch (error) {
    if (!(error instanceof EsbuildMissing)) throw error;
    try {
      await stat(join(outDir, 'index.html'));
      return { action: 'kept-stale', reason: error.message };
    } catch {
      throw new Error(`the web console is not built in ${outDir}: ${error.message}`, { cause: error });
    }
  }
}

/** esbuild could not be loaded. */
class EsbuildMissing extends Error {}

async function loadEsbuild(): Promise<typeof import('esbuild')> {
  try {
    return await import('esbuild');
  } catch (error) {
    throw new EsbuildMissing(
      'esbuild (a dev dependency) is not installed; run `npm install` and then `node web/build.ts`',
      { cause: error },
    );
  }
}

async function writeAtomically(path: string, contents: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, contents);
  await rename(temp, path);
}

/** Removes bundles of earlier builds (`console-<hash>.*`) and leftover temporary files. */
async function removeStaleAssets(outDir: string, keep: ReadonlySet<string>): Promise<void> {
  for (const name of await readdir(outDir)) {
    if (keep.has(name)) continue;
    // Another build running now may still be writing its .tmp files; leave the recent ones.
    const old = /^console-.*\.(js|css|map|txt)$/.test(name) || name.endsWith('.tmp');
    if (!old) continue;
    const age = Date.now() - (await stat(join(outDir, name)).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
    if (name.endsWith('.tmp') && age < 60_000) continue;
    await rm(join(outDir, name), { force: true });
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = process.argv[2];
  const started = performance.now();
  buildConsole(outDir === undefined ? {} : { outDir }).then(
    (r) => {
      const ms = Math.round(performance.now() - started);
      console.log(
        `built the web console into ${r.outDir} (${(r.bytes / 1024).toFixed(1)} KiB of JS and CSS, ${ms} ms)`,
      );
      for (const f of r.files) console.log(`  ${basename(f)}`);
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
