/** SECURITY_LOGON_TYPE values (spec §1.5, MS-SLT). */
export const UndefinedLogonType = 0;
export const Interactive = 2;
export const Network = 3;
export const Batch = 4;
export const Service = 5;
// biome-ignore lint/suspicious/noShadowRestrictedNames: the Windows name of logon type 6 (SECURITY_LOGON_TYPE, spec §1.5)
export const Proxy = 6;
export const Unlock = 7;
export const NetworkCleartext = 8;
export const NewCredentials = 9;
export const RemoteInteractive = 10;
export const CachedInteractive = 11;
export const CachedRemoteInteractive = 12;
export const CachedUnlock = 13;

/** Names of the logon types, by value. */
export const LOGON_TYPE_NAMES: Readonly<Record<number, string>> = {
  0: 'UndefinedLogonType',
  2: 'Interactive',
  3: 'Network',
  4: 'Batch',
  5: 'Service',
  6: 'Proxy',
  7: 'Unlock',
  8: 'NetworkCleartext',
  9: 'NewCredentials',
  10: 'RemoteInteractive',
  11: 'CachedInteractive',
  12: 'CachedRemoteInteractive',
  13: 'CachedUnlock',
};

/** Whether `value` is a defined SECURITY_LOGON_TYPE (1 is unused). */
export function isLogonType(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 13 && value !== 1;
}

/** Parses a logon type from its name (case-insensitive) or number. */
export function parseLogonType(text: string | number): number | undefined {
  if (typeof text === 'number') return isLogonType(text) ? text : undefined;
  if (/^[0-9]+$/.test(text)) return parseLogonType(Number(text));
  const lower = text.toLowerCase();
  for (const [k, v] of Object.entries(LOGON_TYPE_NAMES)) if (v.toLowerCase() === lower) return Number(k);
  return undefined;
}
