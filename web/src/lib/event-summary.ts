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
  if (event.type.startsWith('wts.')) return summarizeWts(event.type.slice(4), data, account, session);
  if (event.type.startsWith('account.')) return summarizeAccount(event.type.slice(8), data);
  const keys = Object.keys(data).slice(0, 4);
  return keys.length === 0
    ? event.type
    : `${event.type}: ${keys.map((k) => `${k}=${str(data, k) || '…'}`).join(', ')}`;
}

/** WTS session notifications (spec §1.7 codes), as `wts.<name>`. */
function summarizeWts(name: string, data: Fields, account: string, session: string): string {
  const station = str(data, 'winStationName');
  const where = `session ${session === '' ? '?' : session}${station === '' ? '' : ` (${station})`}`;
  const who = account === '' ? 'The user' : account;
  switch (name) {
    case 'logon':
      return `${who} logged on to ${where}.`;
    case 'logoff':
      return `${who} logged off ${where}.`;
    case 'create':
      return `${capital(where)} created.`;
    case 'terminate':
      return `${capital(where)} ended.`;
    case 'remote-connect':
    case 'console-connect':
      return `A client connected to ${where}.`;
    case 'remote-disconnect':
    case 'console-disconnect':
      return `The client of ${where} disconnected.`;
    case 'lock':
    case 'unlock':
      return `${capital(where)} ${name}ed.`;
  }
  return `${capital(where)}: ${name.replace(/[-_]/g, ' ')}${account === '' ? '' : ` (${account})`}.`;
}

/** Account and group changes (`account.<what>`, with their Windows audit ids). */
function summarizeAccount(what: string, data: Fields): string {
  const user = str(data, 'userName');
  const group = str(data, 'group') || str(data, 'name');
  switch (what) {
    case 'user-created':
      return `User ${user} created.`;
    case 'user-deleted':
      return `User ${user} deleted.`;
    case 'user-enabled':
      return `User ${user} enabled.`;
    case 'user-disabled':
      return `User ${user} disabled.`;
    case 'password-set':
      return `Password of ${user} set.`;
    case 'user-changed': {
      const changed = Array.isArray(data['changed'])
        ? data['changed'].filter((c) => typeof c === 'string')
        : [];
      return `User ${user} changed${changed.length === 0 ? '' : ` (${changed.join(', ')})`}.`;
    }
    case 'group-created':
      return `Group ${group} created.`;
    case 'group-member-added':
      return `${user} added to ${group}.`;
    case 'group-member-removed':
      return `${user} removed from ${group}.`;
  }
  const target = user || group;
  return `Account ${what.replace(/[-_]/g, ' ')}${target === '' ? '' : `: ${target}`}.`;
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
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
