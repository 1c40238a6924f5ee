import * as sids from '../security/well-known-sids.ts';
import * as lt from './logon-type.ts';

const LOGON_TYPE_SID: Readonly<Record<number, string>> = {
  [lt.Interactive]: sids.SID_INTERACTIVE,
  [lt.RemoteInteractive]: sids.SID_INTERACTIVE,
  [lt.Unlock]: sids.SID_INTERACTIVE,
  [lt.CachedInteractive]: sids.SID_INTERACTIVE,
  [lt.CachedRemoteInteractive]: sids.SID_INTERACTIVE,
  [lt.CachedUnlock]: sids.SID_INTERACTIVE,
  [lt.Network]: sids.SID_NETWORK,
  [lt.NetworkCleartext]: sids.SID_NETWORK,
  [lt.Batch]: sids.SID_BATCH,
  [lt.Service]: sids.SID_SERVICE,
};

/**
 * The group SIDs of a new logon token (spec §2.10 step 4): the package's groups, the caller's
 * LocalGroups, Everyone, Authenticated Users and the logon-type SIDs, each once, in that order.
 */
export function buildTokenGroups(
  packageGroups: readonly string[] | undefined,
  localGroups: readonly string[] | undefined,
  logonType: number,
): string[] {
  const groups = new Set<string>([
    ...(packageGroups ?? []),
    ...(localGroups ?? []),
    sids.SID_EVERYONE,
    sids.SID_AUTHENTICATED_USERS,
  ]);
  const typeSid = LOGON_TYPE_SID[logonType];
  if (typeSid !== undefined) groups.add(typeSid);
  if (logonType === lt.RemoteInteractive) groups.add(sids.SID_REMOTE_INTERACTIVE_LOGON);
  return [...groups];
}

/** Logon types above this (none are defined, spec §1.5) are not cached. */
const MAX_LOGON_TYPE = lt.CachedUnlock;

/** How many distinct package group lists one cache remembers. */
const ENTRIES = 8;

interface Entry {
  /** A private copy of the package's list: a package may reuse and change its own array. */
  readonly source: readonly string[];
  readonly byLogonType: Map<number, readonly string[]>;
}

/**
 * Token group lists shared between logons: tokens of users with the same package groups and logon
 * type get one frozen array (token rows are never mutated), instead of one array per token. The
 * package's list is matched by content, so a package that builds a new array per logon still hits.
 * Logons with LocalGroups or an undefined logon type are not cached.
 */
export class TokenGroupCache {
  readonly #entries: Entry[] = [];
  #next = 0;

  /** The groups of a token, shared with earlier tokens of the same shape when possible. */
  groupsFor(
    packageGroups: readonly string[] | undefined,
    localGroups: readonly string[] | undefined,
    logonType: number,
  ): readonly string[] {
    const cacheable =
      (localGroups === undefined || localGroups.length === 0) &&
      Number.isInteger(logonType) &&
      logonType >= 0 &&
      logonType <= MAX_LOGON_TYPE;
    if (!cacheable) return buildTokenGroups(packageGroups, localGroups, logonType);
    const source = packageGroups ?? [];
    let entry = this.#find(source);
    if (entry === undefined) {
      entry = { source: [...source], byLogonType: new Map() };
      this.#entries[this.#next] = entry;
      this.#next = (this.#next + 1) % ENTRIES;
    }
    let groups = entry.byLogonType.get(logonType);
    if (groups === undefined) {
      groups = Object.freeze(buildTokenGroups(source, undefined, logonType));
      entry.byLogonType.set(logonType, groups);
    }
    return groups;
  }

  #find(source: readonly string[]): Entry | undefined {
    for (const entry of this.#entries) if (isSameList(entry.source, source)) return entry;
    return undefined;
  }
}

function isSameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
