/**
 * Remote Desktop Services permissions: the access bits of a WTS session's security descriptor
 * (spec §1.9, test 92). Values are the SDK's `WTS_SECURITY_*` (equal to MS-TSTS `WINSTATION_*`);
 * the WMI page that swaps RESET and LOGOFF is wrong (spec Q10).
 */

/** Query Information: enumerate or query another user's session, WTSQueryUserToken. */
export const WTS_SECURITY_QUERY_INFORMATION = 0x1;
/** Set Information. */
export const WTS_SECURITY_SET_INFORMATION = 0x2;
/** Reset: rwinsta, and WTSLogoffSession of another user's session (SEED-3, D6). */
export const WTS_SECURITY_RESET = 0x4;
/** Virtual Channels. */
export const WTS_SECURITY_VIRTUAL_CHANNELS = 0x8;
/** Remote Control (shadowing). */
export const WTS_SECURITY_REMOTE_CONTROL = 0x10;
/** Logon: creating a new session. */
export const WTS_SECURITY_LOGON = 0x20;
/** Logoff (spec Q9: not part of ALL_ACCESS). */
export const WTS_SECURITY_LOGOFF = 0x40;
/** Message. */
export const WTS_SECURITY_MESSAGE = 0x80;
/** Connect. */
export const WTS_SECURITY_CONNECT = 0x100;
/** Disconnect: WTSDisconnectSession of another user's session (MS-WDIS). */
export const WTS_SECURITY_DISCONNECT = 0x200;
/** DELETE | READ_CONTROL | WRITE_DAC | WRITE_OWNER. */
export const STANDARD_RIGHTS_REQUIRED = 0xf0000;

/** Guest access: LOGON. */
export const WTS_SECURITY_GUEST_ACCESS = WTS_SECURITY_LOGON;
/** Current guest access: VIRTUAL_CHANNELS | LOGOFF (0x48). */
export const WTS_SECURITY_CURRENT_GUEST_ACCESS = WTS_SECURITY_VIRTUAL_CHANNELS | WTS_SECURITY_LOGOFF;
/** User access: CURRENT_GUEST | QUERY_INFORMATION | CONNECT (0x149). */
export const WTS_SECURITY_USER_ACCESS =
  WTS_SECURITY_CURRENT_GUEST_ACCESS | WTS_SECURITY_QUERY_INFORMATION | WTS_SECURITY_CONNECT;
/** Current user access: SET | RESET | VIRTUAL_CHANNELS | LOGOFF | DISCONNECT (0x24E). */
export const WTS_SECURITY_CURRENT_USER_ACCESS =
  WTS_SECURITY_SET_INFORMATION |
  WTS_SECURITY_RESET |
  WTS_SECURITY_VIRTUAL_CHANNELS |
  WTS_SECURITY_LOGOFF |
  WTS_SECURITY_DISCONNECT;
/**
 * Full Control: STANDARD_RIGHTS_REQUIRED and every bit except LOGOFF (0xF03BF; MS-TSTS winsta.h).
 * Holders pass a RESET check but not a LOGOFF-only check (spec Q9).
 */
export const WTS_SECURITY_ALL_ACCESS =
  STANDARD_RIGHTS_REQUIRED |
  WTS_SECURITY_QUERY_INFORMATION |
  WTS_SECURITY_SET_INFORMATION |
  WTS_SECURITY_RESET |
  WTS_SECURITY_VIRTUAL_CHANNELS |
  WTS_SECURITY_REMOTE_CONTROL |
  WTS_SECURITY_LOGON |
  WTS_SECURITY_MESSAGE |
  WTS_SECURITY_CONNECT |
  WTS_SECURITY_DISCONNECT;

/** Each single permission bit with its UI name (MS-RDSP), in bit order. */
export const WTS_PERMISSIONS: readonly { readonly bit: number; readonly name: string }[] = [
  { bit: WTS_SECURITY_QUERY_INFORMATION, name: 'Query Information' },
  { bit: WTS_SECURITY_SET_INFORMATION, name: 'Set Information' },
  { bit: WTS_SECURITY_RESET, name: 'Reset' },
  { bit: WTS_SECURITY_VIRTUAL_CHANNELS, name: 'Virtual Channels' },
  { bit: WTS_SECURITY_REMOTE_CONTROL, name: 'Remote Control' },
  { bit: WTS_SECURITY_LOGON, name: 'Logon' },
  { bit: WTS_SECURITY_LOGOFF, name: 'Logoff' },
  { bit: WTS_SECURITY_MESSAGE, name: 'Message' },
  { bit: WTS_SECURITY_CONNECT, name: 'Connect' },
  { bit: WTS_SECURITY_DISCONNECT, name: 'Disconnect' },
];

/** The UI names of the WTS permission bits set in `mask`, in bit order (other bits are ignored). */
export function wtsPermissionNames(mask: number): string[] {
  return WTS_PERMISSIONS.filter((p) => (mask & p.bit) !== 0).map((p) => p.name);
}
