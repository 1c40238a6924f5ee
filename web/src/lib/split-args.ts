/**
 * Splits the "arguments" field of the Start program dialog into an argument list, as a POSIX
 * shell would split words (no expansion): blanks separate, '…' is literal, "…" keeps blanks and
 * honours \" and \\, a backslash outside quotes escapes the next character.
 */

/** The words, or the reason the text cannot be split. */
export type SplitResult = { ok: true; args: string[] } | { ok: false; error: string };

/** Splits `text` into words; see the module comment. */
export function splitArgs(text: string): SplitResult {
  const args: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && (text.charAt(i + 1) === '"' || text.charAt(i + 1) === '\\'))
        word += text.charAt(++i);
      else word += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\') {
      if (i + 1 < text.length) word += text.charAt(++i);
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) args.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote !== undefined) return { ok: false, error: `The arguments have an unclosed ${quote} quote.` };
  if (inWord) args.push(word);
  return { ok: true, args };
}
