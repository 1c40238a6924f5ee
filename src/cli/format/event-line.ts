/**
 * One line per event for `events`: sequence number, time, type, then the event's fields as
 * `key=value` (strings quoted only when they contain spaces, nested values as JSON).
 */
import type { LogondEvent } from '../../client/types.ts';

/** `42 2025-05-30T09:14:02.120Z logon-session.terminated logonId=0x0:0x3ee userName=alice`. */
export function formatEventLine(e: LogondEvent): string {
  const fields = Object.entries(e.data)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${valueText(v)}`);
  return [String(e.seq), e.time || '-', e.type, ...fields].join(' ');
}

function valueText(v: unknown): string {
  if (typeof v === 'string') return v === '' || /[\s"=]/.test(v) ? JSON.stringify(v) : v;
  return JSON.stringify(v);
}
