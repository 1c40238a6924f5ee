/**
 * The JSON form rows and event data take in SQLite `data` columns.
 *
 * Plain JSON plus one tag: a bigint `123n` is written `{"$bigint":"123"}`, so LUIDs and other 64-bit
 * values come back as the same bigints, while numbers stay numbers. A stored object that happens to
 * look like a tag (one key, `$bigint`, `$$bigint`, ...) is escaped by one more `$` on the way in and
 * unescaped on the way out, so every JSON-shaped value round-trips exactly.
 *
 * What JSON cannot hold does not survive: `undefined` properties are dropped, and `NaN`, `Infinity`
 * become `null`, as with `JSON.stringify`.
 */

const TAG = '$bigint';
/** `$bigint`, `$$bigint`, ...: keys a one-key object is escaped on. */
const TAG_LIKE = /^\$+bigint$/;
/** Keys an escaped one-key object carries. */
const ESCAPED = /^\$\$+bigint$/;

function replacer(this: unknown, _key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return { [TAG]: value.toString() };
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const only = onlyKey(value);
    if (only !== undefined && TAG_LIKE.test(only))
      return { [`$${only}`]: (value as Record<string, unknown>)[only] };
  }
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const only = onlyKey(value);
  if (only === undefined) return value;
  const inner = (value as Record<string, unknown>)[only];
  if (only === TAG && typeof inner === 'string') return BigInt(inner);
  if (ESCAPED.test(only)) return { [only.slice(1)]: inner };
  return value;
}

/** The object's key if it has exactly one own enumerable key, else undefined (no allocation). */
function onlyKey(value: object): string | undefined {
  let only: string | undefined;
  for (const k in value) {
    if (!Object.hasOwn(value, k)) continue;
    if (only !== undefined) return undefined;
    only = k;
  }
  return only;
}

/** Converts a row or event payload to the stored JSON text. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, replacer);
}

/** Converts stored JSON text back to the value `toJson` was given. */
export function fromJson(text: string): unknown {
  // Only text holding a tag (or an escaped look-alike) needs the slower reviver.
  return text.includes('bigint"') ? JSON.parse(text, reviver) : JSON.parse(text);
}
