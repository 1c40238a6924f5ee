/** Well-known SIDs (spec §1.9; issue 3). SIDs are strings in the `S-1-…` form throughout logond. */

/** Everyone (World). */
export const SID_EVERYONE = 'S-1-1-0';
/** NT AUTHORITY\LOCAL (logon-type SID for local logons). */
export const SID_LOCAL = 'S-1-2-0';
/** NT AUTHORITY\NETWORK: added to tokens of Network logons. */
export const SID_NETWORK = 'S-1-5-2';
/** NT AUTHORITY\BATCH. */
export const SID_BATCH = 'S-1-5-3';
/** NT AUTHORITY\INTERACTIVE: added to tokens of Interactive, RemoteInteractive, Unlock and cached logons. */
export const SID_INTERACTIVE = 'S-1-5-4';
/** NT AUTHORITY\SERVICE. */
export const SID_SERVICE = 'S-1-5-6';
/** NT AUTHORITY\ANONYMOUS LOGON. */
export const SID_ANONYMOUS = 'S-1-5-7';
/** NT AUTHORITY\Authenticated Users. */
export const SID_AUTHENTICATED_USERS = 'S-1-5-11';
/** NT AUTHORITY\REMOTE INTERACTIVE LOGON. */
export const SID_REMOTE_INTERACTIVE_LOGON = 'S-1-5-14';
/** NT AUTHORITY\SYSTEM (LocalSystem). */
export const SID_SYSTEM = 'S-1-5-18';
/** NT AUTHORITY\LOCAL SERVICE. */
export const SID_LOCAL_SERVICE = 'S-1-5-19';
/** NT AUTHORITY\NETWORK SERVICE. */
export const SID_NETWORK_SERVICE = 'S-1-5-20';
/** BUILTIN\Administrators. */
export const SID_ADMINISTRATORS = 'S-1-5-32-544';
/** BUILTIN\Users. */
export const SID_USERS = 'S-1-5-32-545';
/** BUILTIN\Remote Desktop Users. */
export const SID_REMOTE_DESKTOP_USERS = 'S-1-5-32-555';

/** SeTcbPrivilege ("act as part of the operating system"): needed for WTSQueryUserToken and TokenSessionReference. */
export const SE_TCB_NAME = 'SeTcbPrivilege';
