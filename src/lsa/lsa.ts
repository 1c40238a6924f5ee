import { type Caller, isAdministrator } from '../kernel/caller.ts';
import type { Kernel } from '../kernel/kernel.ts';
import { type HandleResult, type HandleSpec, TokenImpersonation, TokenPrimary } from '../kernel/kernel-tx.ts';
import {
  ANONYMOUS_LOGON_LUID,
  formatLuid,
  LOCALSERVICE_LUID,
  type Luid,
  NETWORKSERVICE_LUID,
  SYSTEM_LUID,
} from '../nt/luid.ts';
import {
  isNtSuccess,
  type NtStatus,
  STATUS_ACCESS_DENIED,
  STATUS_INTERNAL_ERROR,
  STATUS_INVALID_PARAMETER,
  STATUS_NO_SUCH_LOGON_SESSION,
  STATUS_NO_SUCH_PACKAGE,
  STATUS_SUCCESS,
} from '../nt/ntstatus.ts';
import * as sids from '../security/well-known-sids.ts';
import type { KernelSessionRow, LsaSessionRow } from '../store/rows.ts';
import type { Store } from '../store/store.ts';
import { type CascadeLogger, CascadeRunner, type TerminationNotify } from './cascade.ts';
import { type LogonSessionData, toLogonSessionData } from './logon-session-data.ts';
import * as lt from './logon-type.ts';
import { createLsaLogonSession, deleteLsaLogonSession, emptyLsaSession } from './lsa-table.ts';
import type { AuthenticationPackage, LogonUserOutput, LsaDispatchTable } from './package.ts';
import { TokenGroupCache } from './token-groups.ts';

/** The handle LsaLogonUser returns by default: held by the client, no bearer secret. */
const CLIENT_HANDLE: HandleSpec = Object.freeze({ holder: 'client', bearer: false });

/** The privileges of a token whose package named none: one frozen array shared by every such token. */
const NO_PRIVILEGES: readonly string[] = Object.freeze([]);

/** Options of the LSA. */
export interface LsaOptions {
  store: Store;
  kernel: Kernel;
  packages: readonly AuthenticationPackage[];
  terminationNotify: TerminationNotify;
  callTimeoutMs: number;
  logger: CascadeLogger;
  now: () => number;
  computerName: string;
  host: string;
}

/** What LsaLogonUser is asked to do (spec §2.10). */
export interface LogonUserOptions {
  /** The package, by id or name. */
  package: number | string;
  logonType: number;
  /** The package's submit buffer. */
  authenticationInformation: unknown;
  /** Extra group SIDs the caller adds (LocalGroups). */
  localGroups?: readonly string[];
  workstation?: string;
  clientAddress?: string;
  /** WTS session id the token is for (default 0). */
  sessionId?: number;
  /** Who will hold the returned handle (default `client`). */
  holder?: string;
  /** Whether the handle gets a bearer secret. */
  bearer?: boolean;
}

/** What LsaLogonUser returns (spec §2.10 step 9). */
export interface LogonUserResult {
  status: NtStatus;
  subStatus: NtStatus;
  logonId?: Luid;
  /** The token handle (the caller must close it). */
  handle?: number;
  /** The bearer secret of the handle, when asked for. */
  secret?: string;
  /** 1 primary, 2 impersonation (Network logons). */
  tokenType?: number;
  profileBuffer?: Record<string, unknown>;
  accountName?: string;
  authenticatingAuthority?: string;
  userSid?: string;
}

/** One loaded package. */
interface Loaded {
  readonly id: number;
  readonly pkg: AuthenticationPackage;
}

/**
 * The Local Security Authority (spec §1.4, §2.7–2.13): the LSA logon-session table, the package
 * registry and dispatch table, LsaLogonUser, enumeration and session data, and the cascade runner.
 */
export class Lsa {
  readonly cascade: CascadeRunner;
  readonly #o: LsaOptions;
  readonly #packages: Loaded[];
  /** Packages by lower-cased name (the first of equal names wins), and by their own spelling. */
  readonly #byName = new Map<string, Loaded>();
  readonly #groups = new TokenGroupCache();
  /**
   * The listed data of each LSA row, with the kernel row it was built from: while a store hands out
   * the same row objects (rows are immutable snapshots), listing builds nothing again, and callers
   * may key caches on the data object (the daemon keeps its JSON).
   */
  readonly #listed = new WeakMap<
    LsaSessionRow,
    { kernel: KernelSessionRow | undefined; data: LogonSessionData }
  >();

  constructor(options: LsaOptions) {
    this.#o = options;
    this.#packages = options.packages.map((pkg, id) => ({ id, pkg }));
    for (const loaded of this.#packages) {
      const lower = loaded.pkg.name.toLowerCase();
      if (!this.#byName.has(lower)) this.#byName.set(lower, loaded);
    }
    for (const loaded of this.#packages)
      this.#byName.set(loaded.pkg.name, this.#byName.get(loaded.pkg.name.toLowerCase())!);
    this.cascade = new CascadeRunner({
      store: options.store,
      kernel: options.kernel,
      packages: options.packages,
      terminationNotify: options.terminationNotify,
      callTimeoutMs: options.callTimeoutMs,
      logger: options.logger,
      now: options.now,
    });
    options.kernel.setTerminationListener((logonId, row) => this.cascade.start(logonId, row));
  }

  /**
   * Creates the well-known sessions (D4) if missing, initialises every package with its id and
   * dispatch table (a failure stops the start), and resumes cascades left by a previous run.
   */
  async init(): Promise<void> {
    const { kernel, computerName, host } = this.#o;
    const now = this.#o.now();
    const wellKnown: [Luid, string, string, string, number][] = [
      [SYSTEM_LUID, `${computerName.toUpperCase()}$`, 'WORKGROUP', sids.SID_SYSTEM, lt.UndefinedLogonType],
      [ANONYMOUS_LOGON_LUID, 'ANONYMOUS LOGON', 'NT AUTHORITY', sids.SID_ANONYMOUS, lt.Network],
      [LOCALSERVICE_LUID, 'LOCAL SERVICE', 'NT AUTHORITY', sids.SID_LOCAL_SERVICE, lt.Service],
      [NETWORKSERVICE_LUID, 'NETWORK SERVICE', 'NT AUTHORITY', sids.SID_NETWORK_SERVICE, lt.Service],
    ];
    await kernel.transact((k) => {
      for (const [logonId, userName, logonDomain, sid, logonType] of wellKnown) {
        if (k.tx.get('lsaSessions', logonId) !== undefined) continue;
        k.createLogonSession(logonId);
        k.tx.put('lsaSessions', {
          ...emptyLsaSession(logonId, -1, 'Negotiate', host, now),
          phase: 'active',
          userName,
          logonDomain,
          sid,
          logonType,
        });
      }
    });
    for (const { id, pkg } of this.#packages) {
      const status = await pkg.LsaApInitializePackage(id, this.#dispatchTable(id, pkg.name));
      if (!isNtSuccess(status))
        throw new Error(
          `authentication package ${pkg.name} failed to initialise: 0x${(status >>> 0).toString(16)}`,
        );
    }
    await this.cascade.resumeAll();
  }

  /** The dispatch table a package gets (spec §2.9): only the implemented members. */
  #dispatchTable(id: number, name: string): LsaDispatchTable {
    const { kernel, host } = this.#o;
    return Object.freeze({
      CreateLogonSession: (logonId: Luid) => {
        if (typeof logonId !== 'bigint') return Promise.resolve(STATUS_INVALID_PARAMETER);
        return kernel.transact((k) =>
          createLsaLogonSession(k, emptyLsaSession(logonId, id, name, host, this.#o.now())),
        );
      },
      DeleteLogonSession: (logonId: Luid) => {
        if (typeof logonId !== 'bigint') return Promise.resolve(STATUS_INVALID_PARAMETER);
        return kernel.transact((k) => deleteLsaLogonSession(k, logonId));
      },
      AllocateLocallyUniqueId: () => kernel.luids.allocate(),
    });
  }

  /** The loaded packages, in id order. */
  get packages(): readonly AuthenticationPackage[] {
    return this.#o.packages;
  }

  /** LsaLookupAuthenticationPackage: the id of a package by name (case-insensitive); 0xC00000FE if none. */
  lookupAuthenticationPackage(name: string): { status: NtStatus; packageId?: number } {
    const found = this.#byName.get(name) ?? this.#byName.get(String(name).toLowerCase());
    return found === undefined
      ? { status: STATUS_NO_SUCH_PACKAGE }
      : { status: STATUS_SUCCESS, packageId: found.id };
  }

  #package(ref: number | string): Loaded | undefined {
    if (typeof ref === 'number') return this.#packages[ref];
    return this.#byName.get(ref) ?? this.#byName.get(String(ref).toLowerCase());
  }

  /**
   * LsaLogonUser (spec §2.10, D5, Q17). The package validates and creates the logon session; the
   * LSA adds groups, creates the token (primary, or impersonation for Network logons), fills its
   * record and hands the session over, all in one transaction. If that fails, the owning package
   * hears LsaApLogonTerminated once and the session is deleted.
   */
  async logonUser(options: LogonUserOptions): Promise<LogonUserResult> {
    const o = this.#o;
    const loaded = this.#package(options.package);
    if (loaded === undefined) return { status: STATUS_NO_SUCH_PACKAGE, subStatus: 0 };
    const logonType = options.logonType;
    const workstation = options.workstation ?? '';
    const clientAddress = options.clientAddress ?? '';
    const sessionId = options.sessionId ?? 0;
    // One clock read for the whole logon: the package's request time, the logon time, the event.
    const now = o.now();
    const out: LogonUserOutput = {};
    let status: NtStatus;
    try {
      status = await loaded.pkg.LsaApLogonUser(
        {
          LogonType: logonType,
          AuthenticationInformation: options.authenticationInformation,
          Workstation: workstation,
          ClientAddress: clientAddress,
          SessionId: sessionId,
          Time: now,
        },
        out,
      );
    } catch (error) {
      o.logger.warn('LsaApLogonUser threw', { package: loaded.pkg.name, error: String(error) });
      status = STATUS_INTERNAL_ERROR;
    }
    if (!isNtSuccess(status)) {
      // A package must delete what it created (SEED-2); remove a leftover anyway, without notifications.
      if (typeof out.LogonId === 'bigint') await this.#deleteIfCreating(out.LogonId, loaded.id);
      await this.#auditFailure(status >>> 0, out, loaded, logonType, workstation, clientAddress);
      return {
        status: status >>> 0,
        subStatus: (out.SubStatus ?? 0) >>> 0,
        ...(out.AccountName === undefined ? {} : { accountName: out.AccountName }),
      };
    }
    const logonId = out.LogonId;
    const info = out.TokenInformation;
    let failure: NtStatus = STATUS_SUCCESS;
    let created: HandleResult | undefined;
    if (
      typeof logonId !== 'bigint' ||
      info === undefined ||
      typeof info.User !== 'string' ||
      !info.User.startsWith('S-1-')
    ) {
      failure = STATUS_INVALID_PARAMETER;
    } else {
      const groups = this.#groups.groupsFor(info.Groups, options.localGroups, logonType);
      const privileges = info.Privileges ?? NO_PRIVILEGES;
      const type = logonType === lt.Network ? TokenImpersonation : TokenPrimary;
      const handleSpec: HandleSpec =
        options.holder === undefined && options.bearer !== true
          ? CLIENT_HANDLE
          : { holder: options.holder ?? 'client', bearer: options.bearer === true };
      created = await o.kernel.transact((k) => {
        k.setTime(now);
        const lsa = k.tx.get('lsaSessions', logonId);
        if (lsa === undefined || lsa.phase !== 'creating' || lsa.owningPackage !== loaded.id)
          return { status: STATUS_NO_SUCH_LOGON_SESSION };
        const t = k.createToken(
          {
            logonId,
            type,
            impersonationLevel: 2,
            user: info.User,
            groups,
            privileges,
            sessionId,
            source: 'logon',
          },
          handleSpec,
        );
        if (t.status !== STATUS_SUCCESS) return t;
        const row: LsaSessionRow = {
          logonId: lsa.logonId,
          phase: 'active',
          owningPackage: lsa.owningPackage,
          authenticationPackage: lsa.authenticationPackage,
          logonType,
          session: sessionId,
          logonTime: now,
          sid: info.User,
          userName: out.AccountName ?? '',
          logonDomain: out.AuthenticatingAuthority ?? '',
          logonServer: out.LogonServer ?? o.computerName,
          dnsDomainName: out.DnsDomainName ?? '',
          upn: out.Upn ?? '',
          userFlags: out.UserFlags ?? 0,
          host: lsa.host,
        };
        k.tx.put('lsaSessions', row);
        k.tx.appendEvent(
          'logon-session.created',
          {
            logonId: formatLuid(logonId),
            userName: row.userName,
            logonDomain: row.logonDomain,
            sid: row.sid,
            authenticationPackage: row.authenticationPackage,
            logonType,
            session: sessionId,
            workstation,
            clientAddress,
            host: row.host,
            audit: 4624,
          },
          now,
        );
        return t;
      });
      failure = created.status;
    }
    if (failure !== STATUS_SUCCESS || created?.handle === undefined || typeof logonId !== 'bigint') {
      // spec §2.10 step 8, Q17: the owning package hears LsaApLogonTerminated once; the session goes.
      if (typeof logonId === 'bigint') {
        try {
          await loaded.pkg.LsaApLogonTerminated(logonId);
        } catch (error) {
          o.logger.warn('LsaApLogonTerminated threw', { package: loaded.pkg.name, error: String(error) });
        }
        await this.#deleteIfCreating(logonId, loaded.id);
      }
      await this.#auditFailure(failure, out, loaded, logonType, workstation, clientAddress);
      return { status: failure, subStatus: 0 };
    }
    const result: LogonUserResult = {
      status: STATUS_SUCCESS,
      subStatus: 0,
      logonId,
      handle: created.handle.id,
      tokenType: created.token?.type ?? TokenPrimary,
      profileBuffer: out.ProfileBuffer ?? {},
      accountName: out.AccountName ?? '',
      authenticatingAuthority: out.AuthenticatingAuthority ?? '',
      userSid: info!.User,
    };
    if (created.secret !== undefined) result.secret = created.secret;
    return result;
  }

  async #deleteIfCreating(logonId: Luid, packageId: number): Promise<void> {
    await this.#o.kernel.transact((k) => {
      const lsa = k.tx.get('lsaSessions', logonId);
      if (lsa !== undefined && lsa.phase === 'creating' && lsa.owningPackage === packageId)
        deleteLsaLogonSession(k, logonId);
    });
  }

  async #auditFailure(
    status: NtStatus,
    out: LogonUserOutput,
    loaded: Loaded,
    logonType: number,
    workstation: string,
    clientAddress: string,
  ): Promise<void> {
    await this.#o.store.transact((tx) =>
      tx.appendEvent(
        'logon.failed',
        {
          status,
          subStatus: (out.SubStatus ?? 0) >>> 0,
          accountName: out.AccountName ?? '',
          authenticationPackage: loaded.pkg.name,
          logonType,
          workstation,
          clientAddress,
          host: this.#o.host,
          audit: 4625,
        },
        this.#o.now(),
      ),
    );
  }

  /** LsaEnumerateLogonSessions (spec §2.12): every LUID in the LSA table, once each. */
  enumerateLogonSessions(): Promise<Luid[]> {
    return this.#o.store.read((tx) => tx.scan('lsaSessions').map((r) => r.logonId));
  }

  /**
   * LsaGetLogonSessionData (spec §2.13, Q8): the session's owner (same user or the caller's own
   * logon session) or an administrator; otherwise 0xC0000022. Unknown → 0xC000005F.
   */
  async getLogonSessionData(
    caller: Caller,
    logonId: Luid,
  ): Promise<{ status: NtStatus; data?: LogonSessionData }> {
    const found = await this.#o.store.read((tx) => {
      const lsa = tx.get('lsaSessions', logonId);
      return lsa === undefined ? undefined : toLogonSessionData(lsa, tx.get('kernelSessions', logonId));
    });
    const owner = found !== undefined && (found.sid === caller.user || caller.logonId === logonId);
    if (!isAdministrator(caller) && !owner) return { status: STATUS_ACCESS_DENIED };
    if (found === undefined) return { status: STATUS_NO_SUCH_LOGON_SESSION };
    return { status: STATUS_SUCCESS, data: found };
  }

  /**
   * Every logon session's data the caller may see (spec §2.13 access rule): administrators all of
   * them, in the LSA table's order; others the sessions of their user (found by the `sid` index,
   * not by a scan) in that order, then their own logon session if it belongs to another user.
   * The data are frozen and shared between calls while the session's rows are unchanged.
   */
  async listLogonSessions(caller: Caller): Promise<LogonSessionData[]> {
    const admin = isAdministrator(caller);
    return this.#o.store.read((tx) => {
      let rows: LsaSessionRow[];
      if (admin) rows = tx.scan('lsaSessions');
      else {
        rows = tx.find('lsaSessions', 'sid', caller.user);
        const own = tx.get('lsaSessions', caller.logonId);
        if (own !== undefined && own.sid !== caller.user) rows = [...rows, own];
      }
      return rows.map((r) => this.#listedData(r, tx.get('kernelSessions', r.logonId)));
    });
  }

  #listedData(lsa: LsaSessionRow, kernel: KernelSessionRow | undefined): LogonSessionData {
    const known = this.#listed.get(lsa);
    if (known !== undefined && known.kernel === kernel) return known.data;
    const data = Object.freeze(toLogonSessionData(lsa, kernel));
    this.#listed.set(lsa, { kernel, data });
    return data;
  }
}
