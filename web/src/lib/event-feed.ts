/**
 * The Events view's buffer: newest first, each sequence number once (the initial log page and
 * the live stream overlap), at most `limit` entries so a busy host cannot grow the page forever.
 */
import type { LogondEvent } from '../../../src/client/index.ts';

/** The default number of entries kept. */
export const FEED_LIMIT = 500;

/** Merges `incoming` into `feed` (newest first), dropping duplicates and the oldest past `limit`. */
export function mergeEvents(
  feed: readonly LogondEvent[],
  incoming: readonly LogondEvent[],
  limit = FEED_LIMIT,
): LogondEvent[] {
  if (incoming.length === 0) return feed.slice(0, limit);
  const bySeq = new Map<number, LogondEvent>();
  for (const e of feed) bySeq.set(e.seq, e);
  for (const e of incoming) bySeq.set(e.seq, e);
  return [...bySeq.values()].sort((a, b) => b.seq - a.seq).slice(0, limit);
}
