/**
 * Re-renders a results directory from its `summary.json` (after a change to the tables or the
 * chart, or a correction of the recorded facts): `node bench/compare/render.ts bench/results/<time>`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderResults, type SummaryDocument } from './report.ts';

const dir = process.argv[2];
if (dir === undefined) {
  process.stderr.write('usage: node bench/compare/render.ts <results directory>\n');
  process.exit(2);
}
// JSON has no Infinity: a ratio over a server that answered nothing comes back as null.
const doc = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as SummaryDocument;
const ratios = doc.ratios.map((r) => ({ ...r, ratio: r.ratio ?? Number.POSITIVE_INFINITY }));
renderResults(dir, { ...doc, ratios });
process.stdout.write(`rendered ${join(dir, 'summary.md')} and ratios.svg\n`);
