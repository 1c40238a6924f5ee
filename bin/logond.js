#!/usr/bin/env node
// The `logond` command. Node 24 runs the TypeScript sources directly, except under node_modules,
// where it refuses to strip types; when this package is installed there, a load hook strips the
// types of this package's own .ts files (and only those) with node:module's stripTypeScriptTypes.
import { readFileSync } from 'node:fs';
import * as nodeModule from 'node:module';

const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(
    `logond: needs Node.js 24 or later (it runs its TypeScript sources directly); this is ${process.version}\n`,
  );
  process.exit(1);
}

const root = new URL('../', import.meta.url).href;

if (root.includes('/node_modules/') && typeof nodeModule.registerHooks === 'function') {
  nodeModule.registerHooks({
    load(url, context, nextLoad) {
      if (url.startsWith(root) && url.endsWith('.ts') && !url.slice(root.length).includes('node_modules/')) {
        const source = quietly(() => nodeModule.stripTypeScriptTypes(readFileSync(new URL(url), 'utf8')));
        return { format: 'module', source, shortCircuit: true };
      }
      return nextLoad(url, context);
    },
  });
}

/** Runs `fn` without printing the one-time ExperimentalWarning of stripTypeScriptTypes. */
function quietly(fn) {
  const emit = process.emitWarning;
  process.emitWarning = (warning, ...rest) => {
    const text = typeof warning === 'string' ? warning : warning?.message;
    if (!String(text).includes('stripTypeScriptTypes')) emit.call(process, warning, ...rest);
  };
  try {
    return fn();
  } finally {
    process.emitWarning = emit;
  }
}

const { runCli } = await import('../src/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
