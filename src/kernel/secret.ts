import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Bearer secrets for token handles. A secret names its handle (`lgd_<handle base36>_<random>`) so
 * validation is one lookup by key; only the SHA-256 of the secret is stored (DESIGN.md).
 */
const PREFIX = 'lgd_';

/** A new random bearer secret for `handleId`. */
export function createBearerSecret(handleId: number): string {
  return `${PREFIX}${handleId.toString(36)}_${randomBytes(24).toString('base64url')}`;
}

/** Hex SHA-256 of a secret: what the store keeps. */
export function hashBearerSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** The handle id a secret names, or undefined if it is not in the bearer format. */
export function handleOfBearerSecret(secret: string): number | undefined {
  const m = /^lgd_([0-9a-z]{1,11})_[A-Za-z0-9_-]{32}$/.exec(secret);
  if (!m) return undefined;
  const id = Number.parseInt(m[1]!, 36);
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/** Constant-time comparison of a presented secret with a stored hash. */
export function isBearerSecretOf(secret: string, storedHash: string | null): boolean {
  if (storedHash === null) return false;
  const a = Buffer.from(hashBearerSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
