/**
 * The descriptions `whoami /priv` prints beside each privilege, and the group types `whoami /groups`
 * prints, derived from the SID where the API gives only a SID and a name.
 */

/** Privilege name → the description Windows shows. */
export const PRIVILEGE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  SeAssignPrimaryTokenPrivilege: 'Replace a process level token',
  SeAuditPrivilege: 'Generate security audits',
  SeBackupPrivilege: 'Back up files and directories',
  SeChangeNotifyPrivilege: 'Bypass traverse checking',
  SeCreateGlobalPrivilege: 'Create global objects',
  SeCreatePagefilePrivilege: 'Create a pagefile',
  SeCreatePermanentPrivilege: 'Create permanent shared objects',
  SeCreateSymbolicLinkPrivilege: 'Create symbolic links',
  SeCreateTokenPrivilege: 'Create a token object',
  SeDebugPrivilege: 'Debug programs',
  SeDelegateSessionUserImpersonatePrivilege:
    'Obtain an impersonation token for another user in the same session',
  SeEnableDelegationPrivilege: 'Enable computer and user accounts to be trusted for delegation',
  SeImpersonatePrivilege: 'Impersonate a client after authentication',
  SeIncreaseBasePriorityPrivilege: 'Increase scheduling priority',
  SeIncreaseQuotaPrivilege: 'Adjust memory quotas for a process',
  SeIncreaseWorkingSetPrivilege: 'Increase a process working set',
  SeLoadDriverPrivilege: 'Load and unload device drivers',
  SeLockMemoryPrivilege: 'Lock pages in memory',
  SeMachineAccountPrivilege: 'Add workstations to domain',
  SeManageVolumePrivilege: 'Perform volume maintenance tasks',
  SeProfileSingleProcessPrivilege: 'Profile single process',
  SeRelabelPrivilege: 'Modify an object label',
  SeRemoteShutdownPrivilege: 'Force shutdown from a remote system',
  SeRestorePrivilege: 'Restore files and directories',
  SeSecurityPrivilege: 'Manage auditing and security log',
  SeShutdownPrivilege: 'Shut down the system',
  SeSyncAgentPrivilege: 'Synchronize directory service data',
  SeSystemEnvironmentPrivilege: 'Modify firmware environment values',
  SeSystemProfilePrivilege: 'Profile system performance',
  SeSystemtimePrivilege: 'Change the system time',
  SeTakeOwnershipPrivilege: 'Take ownership of files or other objects',
  SeTcbPrivilege: 'Act as part of the operating system',
  SeTimeZonePrivilege: 'Change the time zone',
  SeTrustedCredManAccessPrivilege: 'Access Credential Manager as a trusted caller',
  SeUndockPrivilege: 'Remove computer from docking station',
};

/** The Type column of `whoami /groups` for a SID: Alias (local groups), Label, or Well-known group. */
export function groupType(sid: string): string {
  if (/^S-1-5-32-/i.test(sid) || /^S-1-5-21-/i.test(sid)) return 'Alias';
  if (/^S-1-16-/i.test(sid)) return 'Label';
  return 'Well-known group';
}
