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

/**
 * Undoes the replacer in place, children first (as a JSON.parse reviver would, but without one
 * call from the parser per value: a reviver makes parsing a token row about 7× slower).
 */
function revive(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === 'object' && item !== null) value[i] = revive(item);
    }
    return value;
  }
  const o = value as Record<string, unknown>;
  let count = 0;
  let only = '';
  for (const k in o) {
    count++;
    only = k;
    const item = o[k];
    if (typeof item !== 'object' || item === null) continue;
    const back = revive(item);
    // JSON.parse makes `__proto__` an own property; keep it one.
    if (back !== item)
      Object.defineProperty(o, k, { value: back, writable: true, enumerable: true, configurable: true });
  }
  if (count !== 1) return o;
  const inner = o[only];
  if (only === TAG && typeof inner === 'string') return BigInt(inner);
  if (ESCAPED.test(only)) return { [only.slice(1)]: inner };
  return o;
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
  // Only text holding a tag (or an escaped look-alike) needs reviving.
  return text.includes('bigint"') ? revive(JSON.parse(text)) : JSON.parse(text);
}
