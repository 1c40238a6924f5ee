/**
 * Times as the Windows tools print them in the en-US locale: `5/30/2023 9:14 AM` (quser),
 * `5/30/2023 9:14:05 AM` (logonsessions), and quser's idle time (`.`, `5`, `1:05`, `2+03:04`).
 */

/** How to print a time. */
export interface TimeFormat {
  /** IANA time zone (default: the process's local zone, as the Windows tools use). */
  readonly timeZone?: string;
  /** Include seconds. */
  readonly seconds?: boolean;
}

/** `5/30/2023 9:14 AM`; `''` for a missing or unreadable time. */
export function formatDateTime(iso: string | null | undefined, format: TimeFormat = {}): string {
  if (iso === null || iso === undefined || iso === '') return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const options: Intl.DateTimeFormatOptions = {
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    hour12: true,
  };
  if (format.seconds) options.second = '2-digit';
  if (format.timeZone !== undefined) options.timeZone = format.timeZone;
  const parts = new Intl.DateTimeFormat('en-US', options).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? '';
  const time = `${part('hour')}:${part('minute')}${format.seconds ? `:${part('second')}` : ''}`;
  return `${part('month')}/${part('day')}/${part('year')} ${time} ${part('dayPeriod').toUpperCase()}`;
}

/** quser's IDLE TIME: `none` when unknown, `.` under a minute, then `M`, `H:MM`, `D+HH:MM`. */
export function formatIdleTime(idleMs: number | null | undefined): string {
  if (idleMs === null || idleMs === undefined || !Number.isFinite(idleMs) || idleMs < 0) return 'none';
  const minutes = Math.floor(idleMs / 60_000);
  if (minutes < 1) return '.';
  if (minutes < 60) return String(minutes);
  const hours = Math.floor(minutes / 60);
  const mm = String(minutes % 60).padStart(2, '0');
  if (hours < 24) return `${hours}:${mm}`;
  return `${Math.floor(hours / 24)}+${String(hours % 24).padStart(2, '0')}:${mm}`;
}
