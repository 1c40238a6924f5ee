/**
 * First start (issue 4): if no user is a member of Administrators, create `Administrator` in
 * that group, with the configured password or a generated one printed once, on the given output
 * (stdout), never logged. Once per store: in a cluster, the first daemon to start does it.
 */
import { randomBytes } from 'node:crypto';
import { SID_ADMINISTRATORS } from '../security/well-known-sids.ts';
import type { System } from '../system.ts';

/** The account the first start creates. */
export const BOOTSTRAP_ADMIN_NAME = 'Administrator';

/** What `ensureAdministrator` did. */
export type BootstrapOutcome = 'existing' | 'created';

/**
 * Makes sure an administrator exists. If `Administrator` exists but is no longer an
 * administrator, it is added back to Administrators and gets the new password.
 */
export async function ensureAdministrator(
  system: System,
  options: { password: string | undefined; print: (line: string) => void },
): Promise<BootstrapOutcome> {
  const { accounts } = system;
  const users = await accounts.listUsers();
  if (users.some((u) => u.groups.includes(SID_ADMINISTRATORS))) return 'existing';
  const password = options.password ?? randomBytes(18).toString('base64url');
  const existing = users.find((u) => u.userName.toLowerCase() === BOOTSTRAP_ADMIN_NAME.toLowerCase());
  if (existing === undefined) {
    try {
      await accounts.createUser({
        userName: BOOTSTRAP_ADMIN_NAME,
        password,
        groups: [SID_ADMINISTRATORS],
        fullName: 'Built-in account for administering logond',
      });
    } catch (error) {
      // Daemons of a cluster starting together race here: the one whose account was created prints
      // the password; the others find its administrator.
      if ((await accounts.listUsers()).some((u) => u.groups.includes(SID_ADMINISTRATORS))) return 'existing';
      throw error;
    }
  } else {
    await accounts.addToGroup(existing.userName, SID_ADMINISTRATORS);
    await accounts.setPassword(existing.userName, password);
  }
  if (options.password === undefined) options.print(`Administrator password: ${password}\n`);
  return 'created';
}
