/**
 * The exit codes of `logond` (documented in `logond --help` and the README). A script can branch
 * on them without parsing messages.
 */

/** Success. */
export const EXIT_OK = 0;
/** The server answered with an error not covered by a more specific code (conflict, bad state, ...). */
export const EXIT_FAILURE = 1;
/** The command line is wrong: unknown command or option, missing or extra argument, bad value. */
export const EXIT_USAGE = 2;
/** Not authenticated: no token, a closed or forged token (401), or a failed logon. */
export const EXIT_NOT_AUTHENTICATED = 3;
/** Access denied (403): the caller's token lacks the right or permission. */
export const EXIT_ACCESS_DENIED = 4;
/** Not found (404): no such WTS session, logon session, user, group or package. */
export const EXIT_NOT_FOUND = 5;
/** The daemon could not be reached (connection refused, DNS, timeout). */
export const EXIT_UNREACHABLE = 6;
/** Interrupted (Ctrl-C at a prompt), as shells report SIGINT. */
export const EXIT_INTERRUPTED = 130;
