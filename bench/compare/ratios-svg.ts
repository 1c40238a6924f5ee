/**
 * The chart of a benchmark run, as hand-written SVG: one group of horizontal bars per operation,
 * logond/better-auth and logond/limit, on a logarithmic axis (ratios run from below 1 to over
 * 100), each bar with its per-repetition range as a whisker, and each operation's target as a red
 * tick. A ratio above 1 means logond is faster.
 */
import type { Ratio } from './summary.ts';
import { OPERATIONS, type Operation } from './workload.ts';

/** Short row labels (the tables carry the long ones). */
const LABELS: Readonly<Record<Operation, string>> = {
  whoami: 'whoami',
  'logon-trivial': 'logon, trivial hash',
  'logon-password': 'logon, scrypt password',
  'cycle-trivial': 'logon + logoff cycle',
  'list-100': "list a user's 100 sessions",
  'whoami-during-logons': 'whoami during 50 password logons',
};

/** Targets as ratios, by operation and reference. */
export const RATIO_TARGETS: readonly { operation: Operation; versus: Ratio['versus']; value: number }[] = [
  { operation: 'whoami', versus: 'limit', value: 0.8 },
  { operation: 'cycle-trivial', versus: 'better-auth', value: 20 },
  { operation: 'list-100', versus: 'better-auth', value: 20 },
  { operation: 'logon-password', versus: 'better-auth', value: 1 },
];

const COLORS: Readonly<Record<Ratio['versus'], string>> = { 'better-auth': '#2b6cb0', limit: '#dd6b20' };

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
}

/** The SVG document for `ratios`; `title` goes on top. */
export function ratiosSvg(ratios: readonly Ratio[], title: string): string {
  const ops = OPERATIONS.filter((op) => ratios.some((r) => r.operation === op));
  const values = [
    ...ratios.flatMap((r) => [r.ratio, r.min, r.max]),
    ...RATIO_TARGETS.map((t) => t.value),
  ].filter((v) => Number.isFinite(v) && v > 0);
  const lo = 10 ** Math.floor(Math.log10(Math.min(0.5, ...values)));
  // Capped at 1,000×: a server that answers a handful of requests would flatten every other bar.
  const hi = Math.min(1000, 10 ** Math.ceil(Math.log10(Math.max(2, ...values))));
  const left = 230;
  const width = 560;
  const barH = 16;
  const top = 70;
  const group = 2 * barH + 18;
  const height = top + ops.length * group + 60;
  const xRaw = (v: number) => left + (width * Math.log10(v / lo)) / Math.log10(hi / lo);
  const x = (v: number) => xRaw(Math.min(v, hi));
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${left + width + 40}" height="${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="10" y="22" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="10" y="42" fill="#444">Ratio of logond's rate to the other server's (median of the repetitions; whisker: per-repetition range; log scale).</text>`,
    `<rect x="${left}" y="50" width="12" height="10" fill="${COLORS['better-auth']}"/><text x="${left + 16}" y="59">logond / better-auth</text>`,
    `<rect x="${left + 150}" y="50" width="12" height="10" fill="${COLORS.limit}"/><text x="${left + 166}" y="59">logond / bare node:http limit</text>`,
    `<line x1="${left + 380}" y1="48" x2="${left + 380}" y2="62" stroke="#c53030" stroke-width="3"/><text x="${left + 386}" y="59">target</text>`,
  );
  // Grid: powers of ten, and 1× (parity) drawn darker.
  for (let v = lo; v <= hi * 1.0001; v *= 10) {
    const gx = x(v).toFixed(1);
    out.push(
      `<line x1="${gx}" y1="${top - 4}" x2="${gx}" y2="${height - 40}" stroke="${Math.abs(v - 1) < 1e-9 ? '#555' : '#ddd'}"/>`,
      `<text x="${gx}" y="${height - 24}" text-anchor="middle" fill="#444">${v >= 1 ? v : v.toString()}×</text>`,
    );
  }
  ops.forEach((op, i) => {
    const y0 = top + i * group;
    out.push(`<text x="${left - 8}" y="${y0 + barH + 4}" text-anchor="end">${escapeXml(LABELS[op])}</text>`);
    const targets = RATIO_TARGETS.filter((t) => t.operation === op)
      .map((t) => `≥ ${t.value}× ${t.versus === 'limit' ? 'limit' : 'better-auth'}`)
      .join(', ');
    if (op === 'whoami-during-logons')
      out.push(
        `<text x="${left - 8}" y="${y0 + barH + 17}" text-anchor="end" font-size="10" fill="#c53030">target: whoami p99 &lt; 20 ms (table)</text>`,
      );
    if (targets !== '')
      out.push(
        `<text x="${left - 8}" y="${y0 + barH + 17}" text-anchor="end" font-size="10" fill="#c53030">target ${escapeXml(targets)}</text>`,
      );
    (['better-auth', 'limit'] as const).forEach((versus, j) => {
      const r = ratios.find((q) => q.operation === op && q.versus === versus);
      const y = y0 + j * barH;
      if (r !== undefined && Number.isFinite(r.ratio) && r.ratio > 0) {
        const w = Math.max(1, x(r.ratio) - left);
        out.push(
          `<rect x="${left}" y="${y + 1}" width="${w.toFixed(1)}" height="${barH - 3}" fill="${COLORS[versus]}"/>`,
        );
        if (Number.isFinite(r.min) && Number.isFinite(r.max) && r.min > 0)
          out.push(
            `<line x1="${x(r.min).toFixed(1)}" y1="${y + barH / 2}" x2="${x(r.max).toFixed(1)}" y2="${y + barH / 2}" stroke="#111" stroke-width="1.5"/>`,
          );
        const label = `${r.ratio >= 10 ? Math.round(r.ratio).toLocaleString('en-US') : r.ratio.toFixed(2)}×`;
        // A bar past the axis is cut at its end; its value is written inside it.
        out.push(
          r.ratio > hi
            ? `<text x="${(left + width - 6).toFixed(1)}" y="${y + barH - 4}" text-anchor="end" fill="#fff">${label} (axis cut)</text>`
            : `<text x="${(x(Math.max(r.ratio, r.max || r.ratio)) + 6).toFixed(1)}" y="${y + barH - 4}">${label}</text>`,
        );
      }
      const t = RATIO_TARGETS.find((q) => q.operation === op && q.versus === versus);
      if (t !== undefined && (r !== undefined || versus === 'limit'))
        out.push(
          `<line x1="${x(t.value).toFixed(1)}" y1="${y - 1}" x2="${x(t.value).toFixed(1)}" y2="${y + barH}" stroke="#c53030" stroke-width="3"/>`,
        );
    });
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
