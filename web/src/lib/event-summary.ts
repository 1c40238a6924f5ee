/**
 * The Events view's reading of event-log entries: which category a type falls in (for the
 * filter), and one sentence per entry built from the fields the engine writes (logon sessions,
 * failed logons, WTS notifications, account changes). Unknown types still get a sentence.
 */
import type { LogondEvent } from '../../../src/client/index.ts';
import { statusName } from '../../../src/nt/ntstatus.ts';
import { formatAccount, formatNtStatus } from './format.ts';

/** The filter categories of the Events view, in the order they are shown. */
export const EVENT_CATEGORIES = [
  { id: 'logon-session', label: 'Logon sessions' },
  { id: 'logon', label: 'Failed logons' },
  { id: 'wts', label: 'Terminal sessions' },
  { id: 'account', label: 'Accounts' },
  { id: 'other', label: 'Other' },
] as const;

/** One category id. */
export type EventCategory = (typeof EVENT_CATEGORIES)[number]['id'];

/** The category of an event type: the part before the first dot, when it is a known one. */
export function eventCategory(type: string): EventCategory {
  const head = type.split('.', 1)[0] ?? '';
  for (const c of EVENT_CATEGORIES) if (c.id === head) return c.id;
  return 'other';
}

/** What the Events view filters on. */
export interface EventFilter {
  /** Categories shown. */
  readonly categories: ReadonlySet<EventCategory>;
  /** Case-insensitive text that the type or the summary must contain; `''` for any. */
  readonly text: string;
}

/** Whether `event` passes `filter`. */
export function matchesFilter(event: LogondEvent, filter: EventFilter): boolean {
  if (!filter.categories.has(eventCategory(event.type))) return false;
  const needle = filter.text.trim().toLowerCase();
  if (needle === '') return true;
  return event.type.toLowerCase().includes(needle) || summarizeEvent(event).toLowerCase().includes(needle);
}

type Fields = Record<string, unknown>;

function str(data: Fields, key: string): string {
  const v = data[key];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

function statusText(value: unknown): string {
  if (typeof value === 'number') return `${statusName(value)} (${formatNtStatus(value)})`;
  if (typeof value === 'string' && value !== '') return value;
  return '';
}

/** One sentence for an event-log entry. */
export function summarizeEvent(event: LogondEvent): string {
  const data: Fields = typeof event.data === 'object' && event.data !== null ? (event.data as Fields) : {};
  const account = formatAccount(str(data, 'logonDomain') || str(data, 'domain'), str(data, 'userName'));
  const logonId = str(data, 'logonId');
  const session = str(data, 'sessionId') || str(data, 'session');
  switch (event.type) {
    case 'logon-session.created': {
      const how = [str(data, 'authenticationPackage'), logonTypeWord(data['logonType'])].filter(
        (s) => s !== '',
      );
      return `Logon session ${logonId} created for ${account || 'an unnamed account'}${how.length > 0 ? ` (${how.join(', ')})` : ''}.`;
    }
    case 'logon-session.terminated':
      return `Logon session ${logonId} terminated${account === '' ? '' : ` (${account})`}.`;
    case 'logon.failed': {
      const who = str(data, 'accountName') || account || 'unknown account';
      const why = [
        statusText(data['status']),
        data['subStatus'] ? `sub-status ${statusText(data['subStatus'])}` : '',
      ]
        .filter((s) => s !== '')
        .join(', ');
      const from = str(data, 'clientAddress') || str(data, 'workstation');
      return `Logon failed for ${who}${from === '' ? '' : ` from ${from}`}${why === '' ? '' : `: ${why}`}.`;
    }
  }
  if (event.type.startsWith('wts.')) {
    const what = event.type.slice(4).replace(/[-_]/g, ' ');
    const parts = [`Terminal session ${session === '' ? '?' : session}: ${what}`];
    if (account !== '') parts.push(`(${account})`);
    return `${parts.join(' ')}.`;
  }
  if (event.type.startsWith('account.')) {
    const what = event.type.slice(8).replace(/[-_]/g, ' ');
    const target = str(data, 'userName') || str(data, 'group') || str(data, 'name');
    const member = str(data, 'member');
    return `Account ${what}${target === '' ? '' : `: ${target}`}${member === '' ? '' : ` (${member})`}.`;
  }
  const keys = Object.keys(data).slice(0, 4);
  return keys.length === 0
    ? event.type
    : `${event.type}: ${keys.map((k) => `${k}=${str(data, k) || '…'}`).join(', ')}`;
}

function logonTypeWord(value: unknown): string {
  const names: Record<number, string> = {
    2: 'Interactive',
    3: 'Network',
    4: 'Batch',
    5: 'Service',
    7: 'Unlock',
    8: 'NetworkCleartext',
    9: 'NewCredentials',
    10: 'RemoteInteractive',
    11: 'CachedInteractive',
  };
  if (typeof value === 'number') return names[value] ?? `logon type ${value}`;
  return typeof value === 'string' ? value : '';
}

/** The Windows audit event id an entry carries (4624, 4634, …), if any. */
export function auditId(event: LogondEvent): number | undefined {
  const data = event.data;
  if (typeof data !== 'object' || data === null) return undefined;
  const audit = (data as Fields)['audit'];
  return typeof audit === 'number' ? audit : undefined;
}
