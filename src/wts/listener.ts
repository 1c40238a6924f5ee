/**
 * The RDP-Tcp listener (spec §1.7: state WTSListen, id 65536; MS-WCS: no user ever, cannot be
 * reset) and its descriptor, which decides who may open a remote session (the Logon permission,
 * spec §1.9): SYSTEM and Administrators hold Full Control, Remote Desktop Users hold User and Guest
 * access, as the RDP-Tcp connection's default permissions on Windows Server.
 */
import {
  accessCheck,
  fromSecurityDescriptorText,
  type SecurityDescriptor,
  toSecurityDescriptorText,
} from '../security/security-descriptor.ts';
import { SID_ADMINISTRATORS, SID_REMOTE_DESKTOP_USERS, SID_SYSTEM } from '../security/well-known-sids.ts';
import {
  WTS_SECURITY_ALL_ACCESS,
  WTS_SECURITY_GUEST_ACCESS,
  WTS_SECURITY_LOGON,
  WTS_SECURITY_USER_ACCESS,
} from '../security/wts-permissions.ts';
import type { WtsSessionRow } from '../store/rows.ts';
import { WTSListen } from './connect-state.ts';
import {
  createSessionRow,
  LISTENER_SESSION_ID,
  PROTOCOL_RDP,
  RDP_STATION,
  toSessionKey,
} from './session-row.ts';
import type { WtsContext } from './wts-context.ts';

/** The listener's default descriptor (see the file comment). */
export function createListenerDescriptor(): SecurityDescriptor {
  return {
    owner: SID_SYSTEM,
    dacl: [
      { type: 'allow', sid: SID_SYSTEM, mask: WTS_SECURITY_ALL_ACCESS },
      { type: 'allow', sid: SID_ADMINISTRATORS, mask: WTS_SECURITY_ALL_ACCESS },
      {
        type: 'allow',
        sid: SID_REMOTE_DESKTOP_USERS,
        mask: WTS_SECURITY_USER_ACCESS | WTS_SECURITY_GUEST_ACCESS,
      },
    ],
  };
}

/** A new listener row for `host`. */
export function createListenerRow(host: string, now: number): WtsSessionRow {
  return {
    ...createSessionRow({
      host,
      sessionId: LISTENER_SESSION_ID,
      winStationName: RDP_STATION,
      state: WTSListen,
      protocolType: PROTOCOL_RDP,
      now,
    }),
    securityDescriptor: toSecurityDescriptorText(createListenerDescriptor()),
  };
}

/** Whether the listener is there and listening. */
export async function isListening(ctx: WtsContext): Promise<boolean> {
  const row = await ctx.kernel.read((k) =>
    k.tx.get('wtsSessions', toSessionKey(ctx.host, LISTENER_SESSION_ID)),
  );
  return row !== undefined && row.state === WTSListen;
}

/** Whether the user of token handle `handle` holds the Logon permission on the listener. */
export async function checkLogonPermission(ctx: WtsContext, handle: number): Promise<boolean> {
  return ctx.kernel.read((k) => {
    const row = k.tx.get('wtsSessions', toSessionKey(ctx.host, LISTENER_SESSION_ID));
    const token = k.resolveHandle(handle)?.token;
    const sd = row === undefined ? undefined : fromSecurityDescriptorText(row.securityDescriptor);
    if (token === undefined || sd === undefined) return false;
    return accessCheck(sd, [token.user, ...token.groups], WTS_SECURITY_LOGON).granted;
  });
}
