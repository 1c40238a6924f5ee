/**
 * Display names of SIDs for answers such as whoami's group list: the well-known names Windows
 * prints (`BUILTIN\Administrators`), and `COMPUTER\name` for local groups and users from the
 * account store. Local names are cached and reloaded after any `account.` event.
 */
import { wellKnownSidName } from '../security/sid.ts';
import type { System } from '../system.ts';

/** SID → display name. */
export class SidNames {
  readonly #system: System;
  #local: Map<string, string> | undefined;
  #loading: Promise<Map<string, string>> | undefined;

  constructor(system: System) {
    this.#system = system;
  }

  /** Forgets the local names (an account or group changed). */
  invalidate(): void {
    this.#local = undefined;
    this.#loading = undefined;
  }

  /** The display name of each SID, in order; a SID with no name is its own name. */
  async namesOf(sids: readonly string[]): Promise<string[]> {
    const local = this.#local ?? (await this.#load());
    return sids.map((sid) => wellKnownSidName(sid) ?? local.get(sid) ?? sid);
  }

  #load(): Promise<Map<string, string>> {
    if (this.#loading !== undefined) return this.#loading;
    const accounts = this.#system.accounts;
    const prefix = `${accounts.computerName}\\`;
    const loading = Promise.all([accounts.listGroups(), accounts.listUsers()]).then(([groups, users]) => {
      const map = new Map<string, string>();
      for (const g of groups) map.set(g.sid, `${prefix}${g.name}`);
      for (const u of users) map.set(u.sid, `${prefix}${u.userName}`);
      // Keep the result only if nothing changed while it loaded.
      if (this.#loading === loading) this.#local = map;
      return map;
    });
    this.#loading = loading;
    return loading;
  }
}
