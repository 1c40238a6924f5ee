/**
 * Fixed-width text columns as the Windows console tools print them: cells padded to a width,
 * numbers right-aligned, over-long cells cut so the columns stay aligned.
 */

/** `text` cut to `width` characters (no padding). */
export function fit(text: string, width: number): string {
  return [...text].length <= width ? text : [...text].slice(0, width).join('');
}

/** `text` padded with spaces (or cut) to exactly `width` characters, left-aligned. */
export function left(text: string, width: number): string {
  return fit(text, width).padEnd(width);
}

/** `text` padded on the left to `width` characters; never cut (numbers must stay whole). */
export function right(text: string, width: number): string {
  return text.padStart(width);
}

/**
 * A table the way `whoami /all` prints one: a header row, a row of `=` as wide as each column,
 * then the rows; columns are as wide as their widest cell and separated by one space.
 */
export function formatGrid(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join(' ')
      .trimEnd();
  return [line(headers), widths.map((w) => '='.repeat(w)).join(' '), ...rows.map(line)].join('\n');
}

/** A section title underlined with dashes, as `whoami /all` heads its parts. */
export function heading(title: string): string {
  return `${title}\n${'-'.repeat(title.length)}`;
}
