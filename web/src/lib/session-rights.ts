/**
 * Which actions the console offers on a WTS session. The daemon decides (every call is
 * access-checked against the caller's token); the console only avoids offering what would be
 * refused: administrators manage every session that has a user, an ordinary user manages their
 * own (a user always holds every permission on their own session, spec §1.9; D6).
 */
import type { Whoami, WtsSession } from '../../../src/client/index.ts';

/** The actions of the Sessions view (start and list programs live in the Programs panel). */
export interface SessionActions {
  logoff: boolean;
  disconnect: boolean;
  reset: boolean;
  startProgram: boolean;
  listPrograms: boolean;
}

/** The part of `whoami` the rules read. */
export type Caller = Pick<Whoami, 'userName' | 'domain' | 'userSid' | 'administrator' | 'privileges'>;

/** The part of a session the rules read. */
export type SessionFacts = Pick<WtsSession, 'userName' | 'domain' | 'state'> & { userSid?: unknown };

const WTS_ACTIVE = 0;
const WTS_CONNECTED = 1;
const WTS_LISTEN = 6;
/** Starting a program in another user's session acts as that user: it needs "act as part of the OS". */
const SE_TCB = 'SeTcbPrivilege';

/** Whether `session` belongs to the caller: same SID when the session gives one, else same account name. */
export function isOwnSession(session: SessionFacts, caller: Caller): boolean {
  if (session.userName === '') return false;
  if (typeof session.userSid === 'string' && session.userSid !== '')
    return session.userSid === caller.userSid;
  return (
    session.userName.toLowerCase() === caller.userName.toLowerCase() &&
    (session.domain ?? '').toLowerCase() === (caller.domain ?? '').toLowerCase()
  );
}

/**
 * The actions to show on `session` for `caller`. Sessions without a user (session 0, listeners)
 * offer none: logging them off is refused and changes nothing (D7), and no program runs in them.
 * Disconnect needs a connected client. Starting a program in another user's session needs
 * SeTcbPrivilege, which administrators do not hold by default (as WTSQueryUserToken on Windows).
 */
export function sessionActions(session: SessionFacts, caller: Caller): SessionActions {
  const hasUser = session.userName !== '' && session.state !== WTS_LISTEN;
  const own = isOwnSession(session, caller);
  const manage = hasUser && (caller.administrator || own);
  const connected = session.state === WTS_ACTIVE || session.state === WTS_CONNECTED;
  const tcb = caller.privileges.includes(SE_TCB);
  return {
    logoff: manage,
    disconnect: manage && connected,
    reset: manage,
    startProgram: hasUser && (own || tcb),
    listPrograms: manage || (hasUser && tcb),
  };
}

/** Whether any action is offered (the row gets an actions cell). */
export function hasAnyAction(actions: SessionActions): boolean {
  return (
    actions.logoff || actions.disconnect || actions.reset || actions.startProgram || actions.listPrograms
  );
}
