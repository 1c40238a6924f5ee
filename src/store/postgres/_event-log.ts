/** Reading the `events` table. Private to the PostgreSQL adapter. */
import type { Pool } from 'pg';
import type { EventRow } from '../rows.ts';
import { fromJson } from '../sqlite/codec.ts';
import type { ReadEventsOptions } from '../store.ts';

interface StoredEvent {
  seq: string;
  type: string;
  time: number;
  data: string;
}

/**
 * Events after `options.after`, filtered by type (exact names, or prefixes ending in `.`; `*` for
 * all), in sequence order. Any committed prefix of the log is complete: transactions that append
 * events commit in sequence order (see _statements.ts).
 */
export async function readEventRows(
  pool: Pool,
  eventsTable: string,
  options: ReadEventsOptions,
): Promise<EventRow[]> {
  if (options.limit <= 0) return [];
  const types = options.types ?? [];
  const all = types.length === 0 || types.includes('*');
  const exact = all ? [] : types.filter((t) => !t.endsWith('.'));
  const prefixes = all ? [] : types.filter((t) => t.endsWith('.'));
  const params: unknown[] = [options.after, options.limit];
  const terms: string[] = [];
  if (exact.length > 0) {
    params.push(exact);
    terms.push(`type = ANY($${params.length}::text[])`);
  }
  for (const p of prefixes) {
    params.push(p);
    terms.push(`starts_with(type, $${params.length})`);
  }
  const filter = terms.length > 0 ? ` AND (${terms.join(' OR ')})` : '';
  const result = await pool.query(
    `SELECT seq, type, time, data FROM ${eventsTable} WHERE seq > $1${filter} ORDER BY seq LIMIT $2`,
    params,
  );
  return (result.rows as StoredEvent[]).map((e) => ({
    seq: Number(e.seq),
    type: e.type,
    time: e.time,
    data: fromJson(e.data) as Record<string, unknown>,
  }));
}
