/**
 * One line per event for `events`: sequence number, time, type, then the event's fields as
 * `key=value` (strings quoted only when they contain spaces, nested values as JSON).
 */
import type { LogondEvent } from '../../client/types.ts';

/** `42 2025-05-30T09:14:02.120Z logon-session.terminated logonId=0x0:0x3ee userName=alice`. */
export function formatEventLine(e: LogondEvent): string {
  const fields =
    typeof e.data === 'object' && e.data !== null && !Array.isArray(e.data)
      ? Object.entries(e.data as Record<string, unknown>)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => `${k}=${valueText(v)}`)
      : e.data === undefined || e.data === null
        ? []
        : [valueText(e.data)];
  return [String(e.seq), e.time ?? '-', e.type, ...fields].join(' ');
}

function valueText(v: unknown): string {
  if (typeof v === 'string') return v === '' || /[\s"=]/.test(v) ? JSON.stringify(v) : v;
  return JSON.stringify(v);
}
