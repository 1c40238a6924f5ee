/** The Logon sessions view's filter box. */
import type { LogonSession } from '../../../src/client/index.ts';
import { formatAccount } from './format.ts';

/** Whether a logon session matches the filter text (LUID, account, package, logon type). */
export function matchesLogonSession(
  s: Pick<
    LogonSession,
    'logonId' | 'logonDomain' | 'userName' | 'authenticationPackage' | 'logonTypeName' | 'session'
  >,
  text: string,
): boolean {
  const needle = text.trim().toLowerCase();
  if (needle === '') return true;
  return [
    s.logonId,
    formatAccount(s.logonDomain, s.userName),
    s.authenticationPackage,
    s.logonTypeName,
    String(s.session),
  ]
    .join(' ')
    .toLowerCase()
    .includes(needle);
}
