/**
 * How the console writes the values of the API for people: session states as qwinsta's words,
 * idle time, times in the reader's locale, `DOMAIN\user`, a session's client. Pure functions, so
 * the same text shows in every view and the tests can pin it down.
 */

/** The state words of qwinsta by WTS_CONNECTSTATE_CLASS value 0-9 (spec §1.7, §2.23). */
const STATE_WORDS: readonly string[] = [
  'Active',
  'Connected',
  'Connect query',
  'Shadow',
  'Disconnected',
  'Idle',
  'Listen',
  'Reset',
  'Down',
  'Init',
];

/** A session state for people (`Active`, `Disconnected`, `Listen`), from its number or its name. */
export function formatState(state: number | null | undefined, stateName?: string | null): string {
  if (typeof state === 'number' && STATE_WORDS[state] !== undefined) return STATE_WORDS[state];
  if (typeof stateName === 'string' && stateName !== '') {
    const bare = stateName.replace(/^WTS/, '');
    return bare.charAt(0).toUpperCase() + bare.slice(1);
  }
  return 'Unknown';
}

/** The CSS modifier of a state badge: `active`, `disc`, `listen`, `down` or `other`. */
export function stateTone(state: number | null | undefined): 'active' | 'disc' | 'listen' | 'down' | 'other' {
  if (state === 0) return 'active';
  if (state === 4) return 'disc';
  if (state === 6) return 'listen';
  if (state === 7 || state === 8) return 'down';
  return 'other';
}

/**
 * Idle time for people: `—` when unknown, `<1 min`, `12 min`, `3 h 05 min`, `2 d 4 h`.
 * The long form (`title`) is `formatDuration`.
 */
export function formatIdle(idleMs: number | null | undefined): string {
  if (idleMs === null || idleMs === undefined || !Number.isFinite(idleMs) || idleMs < 0) return '—';
  const minutes = Math.floor(idleMs / 60_000);
  if (minutes < 1) return '<1 min';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** A duration in whole seconds for progress text: `4 s`, `1 min 05 s`. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

/**
 * A session's idle time now: the daemon's `idleMs` when it answered, plus the time since (so the
 * column ages between updates without trusting the two clocks to agree).
 */
export function idleAt(idleMs: number | null | undefined, fetchedAt: number, now: number): number | null {
  if (idleMs === null || idleMs === undefined || !Number.isFinite(idleMs)) return null;
  return idleMs + Math.max(0, now - fetchedAt);
}

/** Options of `formatTime`: a fixed locale and zone make tests repeatable. */
export interface TimeOptions {
  locale?: string;
  timeZone?: string;
}

/** Whether `text` is an ISO-8601 date-time (`2024-05-30T09:14:05Z`), not just any text `Date` accepts. */
export function isIsoTime(text: string | null | undefined): text is string {
  return (
    typeof text === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text) && !Number.isNaN(Date.parse(text))
  );
}

/**
 * A time in the reader's locale (`5/30/2024, 9:14:05 AM` in en-US); `''` for none, or for text
 * that is not an ISO-8601 time (`Date` would read `"12345"` as the year 12345).
 */
export function formatTime(iso: string | null | undefined, options: TimeOptions = {}): string {
  if (!isIsoTime(iso)) return '';
  const date = new Date(iso);
  const o: Intl.DateTimeFormatOptions = { dateStyle: 'short', timeStyle: 'medium' };
  if (options.timeZone !== undefined) o.timeZone = options.timeZone;
  return new Intl.DateTimeFormat(options.locale, o).format(date);
}

/** `DOMAIN\user`, `user` without a domain, `''` without a user (session 0, listeners). */
export function formatAccount(
  domain: string | null | undefined,
  userName: string | null | undefined,
): string {
  if (userName === null || userName === undefined || userName === '') return '';
  return domain === null || domain === undefined || domain === '' ? userName : `${domain}\\${userName}`;
}

/**
 * A session's client as two lines: the name (or, without one, the address) and under it the
 * address when it adds something; both `''` without a client.
 */
export function clientLines(
  clientName: string | null | undefined,
  clientAddress: string | null | undefined,
): { first: string; second: string } {
  const name = clientName ?? '';
  const address = clientAddress ?? '';
  if (name === '') return { first: address, second: '' };
  return { first: name, second: address === name ? '' : address };
}

/** A logon type as `Network (3)`; the number alone when the name is missing. */
export function formatLogonType(logonType: number | string, logonTypeName?: string | null): string {
  if (typeof logonType === 'string') return logonType;
  if (logonTypeName === undefined || logonTypeName === null || logonTypeName === '') return String(logonType);
  return `${logonTypeName} (${logonType})`;
}

/** An NTSTATUS number as the API writes it: `0xC0000022`. */
export function formatNtStatus(status: number): string {
  return `0x${(status >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}
