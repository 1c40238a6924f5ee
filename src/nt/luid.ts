/**
 * LUIDs: 64-bit locally unique identifiers (spec §1.1).
 *
 * Inside logond a LUID is a `bigint` (the logical value `HighPart * 2^32 + LowPart`); the Win32-shaped
 * API exposes the `{ LowPart, HighPart }` pair (spec D10). Helpers here convert between the forms.
 */

/** A LUID as the Win32-shaped API passes it: `LowPart` unsigned 32-bit, `HighPart` signed 32-bit. */
export interface LuidPair {
  LowPart: number;
  HighPart: number;
}

/** A LUID: the 64-bit logical value. */
export type Luid = bigint;

/** LocalSystem's logon session; exists from the start and never terminates (spec §1.1, D4). */
export const SYSTEM_LUID: Luid = 0x3e7n;
/** The anonymous logon session (spec §1.1, D4). */
export const ANONYMOUS_LOGON_LUID: Luid = 0x3e6n;
/** NT AUTHORITY\LOCAL SERVICE (spec §1.1, D4). */
export const LOCALSERVICE_LUID: Luid = 0x3e5n;
/** NT AUTHORITY\NETWORK SERVICE (spec §1.1, D4). */
export const NETWORKSERVICE_LUID: Luid = 0x3e4n;
/** IIS IUSR; reserved, not pre-created (spec §1.1, Q22). */
export const IUSER_LUID: Luid = 0x3e3n;
/** The first value the allocator hands out (spec §1.1). */
export const FIRST_DYNAMIC_LUID: Luid = 0x3e9n;

/** The LUIDs that exist from the start in both tables, can never be deleted and never terminate (D4). */
export const WELL_KNOWN_LUIDS: readonly Luid[] = [
  SYSTEM_LUID,
  ANONYMOUS_LOGON_LUID,
  LOCALSERVICE_LUID,
  NETWORKSERVICE_LUID,
];

const MIN = -(1n << 63n);
const MAX = (1n << 64n) - 1n;

/** Whether `luid` is one of the undeletable well-known LUIDs of D4. */
export function isWellKnownLuid(luid: Luid): boolean {
  return (
    luid === SYSTEM_LUID ||
    luid === ANONYMOUS_LOGON_LUID ||
    luid === LOCALSERVICE_LUID ||
    luid === NETWORKSERVICE_LUID
  );
}

/** Converts a `{ LowPart, HighPart }` pair to the logical value. */
export function fromLuidPair(pair: LuidPair): Luid {
  return (BigInt(pair.HighPart | 0) << 32n) + BigInt(pair.LowPart >>> 0);
}

/** Converts the logical value to a `{ LowPart, HighPart }` pair. */
export function toLuidPair(luid: Luid): LuidPair {
  // Common case: a LUID below 2^32 converts exactly, with no intermediate bigint.
  const n = Number(luid);
  if (n >= 0 && n <= 0xffffffff) return { LowPart: n, HighPart: 0 };
  return { LowPart: Number(luid & 0xffffffffn), HighPart: Number(BigInt.asIntN(32, luid >> 32n)) };
}

/** Field-wise equality of two pairs (spec §1.1). */
export function isSameLuidPair(a: LuidPair, b: LuidPair): boolean {
  return a.LowPart >>> 0 === b.LowPart >>> 0 && (a.HighPart | 0) === (b.HighPart | 0);
}

/** Formats as the documents do: `0x0:0x3e7` (high:low). */
export function formatLuid(luid: Luid): string {
  const n = Number(luid);
  if (n >= 0 && n <= 0xffffffff) return `0x0:0x${n.toString(16)}`;
  const { LowPart, HighPart } = toLuidPair(luid);
  return `0x${(HighPart >>> 0).toString(16)}:0x${LowPart.toString(16)}`;
}

/**
 * Parses a LUID from text: `0x0:0x3e7` (high:low), `00000000-000003e7` (the DosDevices form),
 * `0x3e7`, or a decimal number. Returns `undefined` for anything else, including values that do not
 * fit in 64 bits.
 */
export function parseLuid(text: string): Luid | undefined {
  const s = text.trim();
  let m = /^0x([0-9a-f]{1,8}):0x([0-9a-f]{1,8})$/i.exec(s);
  if (m)
    return fromLuidPair({ HighPart: Number.parseInt(m[1]!, 16) | 0, LowPart: Number.parseInt(m[2]!, 16) });
  m = /^([0-9a-f]{8})-([0-9a-f]{8})$/i.exec(s);
  if (m)
    return fromLuidPair({ HighPart: Number.parseInt(m[1]!, 16) | 0, LowPart: Number.parseInt(m[2]!, 16) });
  let value: bigint | undefined;
  if (/^0x[0-9a-f]{1,16}$/i.test(s)) value = BigInt(s);
  else if (/^-?[0-9]{1,20}$/.test(s)) value = BigInt(s);
  if (value === undefined || value < MIN || value > MAX) return undefined;
  return BigInt.asIntN(64, value);
}
