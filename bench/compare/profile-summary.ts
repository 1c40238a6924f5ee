/**
 * Reads a V8 CPU profile (`--cpu-prof`, as `bench:compare --cpu-prof` writes for every daemon run)
 * and prints where the time went: self time by function and by source file, and inclusive time of
 * the functions named with `--focus`. The evidence behind the report's "cause" lines.
 *
 *   node bench/compare/profile-summary.ts <file.cpuprofile> [--top=25] [--focus=name,name]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Self time (µs) per profile node, and each node's parent. */
export function selfTimesOf(profile: Profile): { self: Map<number, number>; parent: Map<number, number> } {
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  return { self, parent };
}

function shortUrl(url: string): string {
  const m = /\/(node_modules\/(?:@[^/]+\/)?[^/]+|src)\/(.*)$/.exec(url);
  if (m !== null) return m[1] === 'src' ? `src/${m[2]}` : m[1]!.replace('node_modules/', '');
  if (url.startsWith('node:')) return url;
  return url === '' ? '(native)' : url.replace(/^.*\//, '');
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: 'string', default: '25' }, focus: { type: 'string' } },
  });
  const profile = JSON.parse(readFileSync(positionals[0]!, 'utf8')) as Profile;
  const top = Number(values.top);
  const { self, parent } = selfTimesOf(profile);
  const all = [...self.values()].reduce((a, b) => a + b, 0);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const pct = (t: number) => `${((100 * t) / all).toFixed(1).padStart(5)} %`;
  const fnKey = (n: ProfileNode) =>
    `${n.callFrame.functionName || '(anonymous)'} ${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
  const group = (key: (n: ProfileNode) => string, times: Map<number, number>) => {
    const out = new Map<string, number>();
    for (const [id, t] of times) {
      const k = key(byId.get(id)!);
      out.set(k, (out.get(k) ?? 0) + t);
    }
    return [...out].sort((a, b) => b[1] - a[1]);
  };
  console.log(`${positionals[0]}: ${(all / 1e6).toFixed(2)} s sampled`);
  console.log('\nself time by file:');
  for (const [k, t] of group((n) => shortUrl(n.callFrame.url), self).slice(0, top))
    console.log(`${pct(t)}  ${k}`);
  console.log('\nself time by function:');
  for (const [k, t] of group(fnKey, self).slice(0, top)) console.log(`${pct(t)}  ${k}`);
  if (values.focus !== undefined) {
    console.log('\ninclusive time (each call path counted once per sample):');
    for (const name of values.focus.split(',')) {
      // Inclusive time of a function = samples with it anywhere on the stack; avoid double counting recursion.
      const ids = new Set(profile.nodes.filter((n) => n.callFrame.functionName === name).map((n) => n.id));
      let t = 0;
      profile.samples.forEach((id, i) => {
        for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
          if (ids.has(at)) {
            t += profile.timeDeltas[i] ?? 0;
            break;
          }
        }
      });
      console.log(`${pct(t)}  ${name}`);
    }
  }
}
