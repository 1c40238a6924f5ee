/**
 * Constants of the Win32-shaped WTS API (wtsapi32.h, SDK-WTS; spec §1.7–1.9, test 93).
 */

export {
  WTS_SECURITY_ALL_ACCESS,
  WTS_SECURITY_CONNECT,
  WTS_SECURITY_CURRENT_GUEST_ACCESS,
  WTS_SECURITY_CURRENT_USER_ACCESS,
  WTS_SECURITY_DISCONNECT,
  WTS_SECURITY_GUEST_ACCESS,
  WTS_SECURITY_LOGOFF,
  WTS_SECURITY_LOGON,
  WTS_SECURITY_MESSAGE,
  WTS_SECURITY_QUERY_INFORMATION,
  WTS_SECURITY_REMOTE_CONTROL,
  WTS_SECURITY_RESET,
  WTS_SECURITY_SET_INFORMATION,
  WTS_SECURITY_USER_ACCESS,
  WTS_SECURITY_VIRTUAL_CHANNELS,
} from '../security/wts-permissions.ts';
export {
  WTSActive,
  WTSConnected,
  WTSConnectQuery,
  WTSDisconnected,
  WTSDown,
  WTSIdle,
  WTSInit,
  WTSListen,
  WTSReset,
  WTSShadow,
} from '../wts/connect-state.ts';
export {
  WTS_CONSOLE_CONNECT,
  WTS_CONSOLE_DISCONNECT,
  WTS_REMOTE_CONNECT,
  WTS_REMOTE_DISCONNECT,
  WTS_SESSION_CREATE,
  WTS_SESSION_DESKTOP_READY,
  WTS_SESSION_LOCK,
  WTS_SESSION_LOGOFF,
  WTS_SESSION_LOGON,
  WTS_SESSION_REMOTE_CONTROL,
  WTS_SESSION_TERMINATE,
  WTS_SESSION_UNLOCK,
} from '../wts/session-notification.ts';

/** The server logond runs on: no handle needed (spec §2.15). */
export const WTS_CURRENT_SERVER_HANDLE = 0;
/** The caller's own session: the session of the caller's token (spec D10). */
export const WTS_CURRENT_SESSION = 0xffffffff;
/** Every session (WTSEnumerateProcessesEx). */
export const WTS_ANY_SESSION = 0xfffffffe;

/** WTS_INFO_CLASS (spec §1.8, MS-WIC), in declaration order. */
export const WTSInitialProgram = 0;
export const WTSApplicationName = 1;
export const WTSWorkingDirectory = 2;
export const WTSOEMId = 3;
export const WTSSessionId = 4;
export const WTSUserName = 5;
export const WTSWinStationName = 6;
export const WTSDomainName = 7;
export const WTSConnectState = 8;
export const WTSClientBuildNumber = 9;
export const WTSClientName = 10;
export const WTSClientDirectory = 11;
export const WTSClientProductId = 12;
export const WTSClientHardwareId = 13;
export const WTSClientAddress = 14;
export const WTSClientDisplay = 15;
export const WTSClientProtocolType = 16;
export const WTSIdleTime = 17;
export const WTSLogonTime = 18;
export const WTSIncomingBytes = 19;
export const WTSOutgoingBytes = 20;
export const WTSIncomingFrames = 21;
export const WTSOutgoingFrames = 22;
export const WTSClientInfo = 23;
export const WTSSessionInfo = 24;
export const WTSSessionInfoEx = 25;
export const WTSConfigInfo = 26;
export const WTSValidationInfo = 27;
export const WTSSessionAddressV4 = 28;
export const WTSIsRemoteSession = 29;

/** WTS_TYPE_CLASS: what WTSFreeMemoryEx frees (spec §1.7). */
export const WTSTypeProcessInfoLevel0 = 0;
export const WTSTypeProcessInfoLevel1 = 1;
export const WTSTypeSessionInfoLevel1 = 2;

/** WTSClientProtocolType values (MS-WIC). */
export const WTS_PROTOCOL_TYPE_CONSOLE = 0;
export const WTS_PROTOCOL_TYPE_ICA = 1;
export const WTS_PROTOCOL_TYPE_RDP = 2;

/** WTSINFOEX_LEVEL1 SessionFlags. */
export const WTS_SESSIONSTATE_LOCK = 0;
export const WTS_SESSIONSTATE_UNLOCK = 1;
export const WTS_SESSIONSTATE_UNKNOWN = 0xffffffff;

/** Array lengths of the WTS structures (SDK-WTS). */
export const WINSTATIONNAME_LENGTH = 32;
export const DOMAIN_LENGTH = 17;
export const USERNAME_LENGTH = 20;
export const CLIENTNAME_LENGTH = 20;
export const CLIENTADDRESS_LENGTH = 30;
export const MAX_PATH = 260;

/** Win32 errors the WTS functions set (spec §1.10, D7). */
export const ERROR_FILE_NOT_FOUND = 2;
export const ERROR_ACCESS_DENIED = 5;
export const ERROR_INVALID_HANDLE = 6;
export const ERROR_NOT_SUPPORTED = 50;
export const ERROR_INVALID_PARAMETER = 87;
export const ERROR_NO_TOKEN = 1008;
export const ERROR_PRIVILEGE_NOT_HELD = 1314;
/** A session host that is not registered, is down or cannot be reached (RPC_NT_SERVER_UNAVAILABLE). */
export const RPC_S_SERVER_UNAVAILABLE = 1722;
export const ERROR_INVALID_USER_BUFFER = 1784;
export const ERROR_CTX_WINSTATION_NOT_FOUND = 7022;
