import type { Luid } from '../nt/luid.ts';
import {
  type NtStatus,
  STATUS_INVALID_HANDLE,
  STATUS_PRIVILEGE_NOT_HELD,
  STATUS_SUCCESS,
} from '../nt/ntstatus.ts';
import { SE_TCB_NAME } from '../security/well-known-sids.ts';
import type { CascadeRow, HandleRow, KernelSessionRow, TokenRow } from '../store/rows.ts';
import type { Store, Tx } from '../store/store.ts';
import { type Caller, holdsPrivilege } from './caller.ts';
import {
  type HandleResult,
  type HandleSpec,
  type KernelShared,
  KernelTx,
  type TokenSpec,
} from './kernel-tx.ts';
import { IdAllocator, LuidAllocator } from './luid-allocator.ts';
import { handleOfBearerSecret, isBearerSecretOf } from './secret.ts';
import { type AnyTerminationRoutine, TerminationRoutines } from './termination-routines.ts';

/** Options of the kernel. */
export interface KernelOptions {
  store: Store;
  now: () => number;
  /** Registration limit of termination routines (D2; default 1,024). */
  routineLimit?: number;
  /** Maximum live token objects (default unlimited). */
  maxTokens?: number;
  /** LUIDs reserved per store transaction (default 4,096). */
  luidBlock?: number;
  /** Cluster mode: append `token.handle-closed` with every CloseHandle (default false). */
  announceHandleCloses?: boolean;
}

/** A token's holders: the token object and the handles that keep it alive. */
export interface TokenHolders {
  token: TokenRow;
  handles: HandleRow[];
}

/**
 * The kernel reference monitor (spec §1.2, §1.3, §1.6, §2.1–2.6): logon-session records with
 * reference counts, token objects and their handles, and the termination-routine registry.
 *
 * Every method is one store transaction. `transact` lets upper layers combine kernel operations
 * with their own rows in one transaction; logon sessions whose count reached 0 are handed to the
 * termination listener (the LSA's cascade) once that transaction has committed.
 */
export class Kernel {
  readonly routines: TerminationRoutines;
  readonly luids: LuidAllocator;
  readonly #store: Store;
  readonly #shared: KernelShared;
  #onTerminating: (logonId: Luid, row: CascadeRow | undefined) => void = () => {};

  constructor(options: KernelOptions) {
    this.#store = options.store;
    this.routines = new TerminationRoutines(options.routineLimit ?? 1024);
    this.luids = new LuidAllocator(options.store, options.luidBlock ?? 4096);
    this.#shared = {
      tokenIds: new IdAllocator('tokenIds', 1024, options.store),
      handleIds: new IdAllocator('handleIds', 1024, options.store),
      limits: { maxTokens: options.maxTokens ?? Number.POSITIVE_INFINITY },
      now: options.now,
      durable: options.store.durable,
      announceHandleCloses: options.announceHandleCloses === true,
    };
  }

  /** Sets who hears of logon sessions entering phase Terminating (the cascade runner). */
  setTerminationListener(listener: (logonId: Luid, row: CascadeRow | undefined) => void): void {
    this.#onTerminating = listener;
  }

  /**
   * Runs `fn` in one store transaction with the kernel's operations; see the class comment. One
   * promise layer over the store's: the listener hears of the sessions that the final run of `fn`
   * terminated (a store may run it more than once, even after this call returns) once the commit
   * resolves, and before the caller does.
   */
  transact<R>(fn: (k: KernelTx) => R): Promise<R> {
    let last: KernelTx | undefined;
    return this.#store
      .transact((tx) => {
        // A store may run `fn` more than once: only the run that committed counts.
        last = new KernelTx(tx, this.#shared);
        return fn(last);
      })
      .then((result) => {
        const k = last!;
        if (k.pendingIds !== undefined) for (const [allocator, block] of k.pendingIds) allocator.adopt(block);
        if (k.terminated !== undefined) for (const row of k.terminated) this.#onTerminating(row.logonId, row);
        return result;
      });
  }

  /** Runs `fn` in a read-only transaction. */
  read<R>(fn: (k: KernelTx) => R): Promise<R> {
    return this.#store.read((tx) => fn(new KernelTx(tx as Tx, this.#shared)));
  }

  /** A fresh LUID (spec §1.1). */
  allocateLocallyUniqueId(): Promise<Luid> {
    return this.luids.allocate();
  }

  /** spec §2.1. */
  createLogonSession(logonId: Luid): Promise<NtStatus> {
    return this.transact((k) => k.createLogonSession(logonId));
  }

  /** spec §2.2. */
  deleteLogonSession(logonId: Luid): Promise<NtStatus> {
    return this.transact((k) => k.deleteLogonSession(logonId));
  }

  /** spec §2.3. */
  referenceLogonSession(logonId: Luid): Promise<NtStatus> {
    return this.transact((k) => k.referenceLogonSession(logonId));
  }

  /** spec §2.3; at 0 the cascade starts once the transaction commits. */
  dereferenceLogonSession(logonId: Luid): Promise<NtStatus> {
    return this.transact((k) => k.dereferenceLogonSession(logonId));
  }

  /** spec §2.6 (SeMarkLogonSessionForTerminationNotification). */
  markForTerminationNotification(logonId: Luid): Promise<NtStatus> {
    return this.transact((k) => k.markForTerminationNotification(logonId));
  }

  /** spec §2.4 (SeRegisterLogonSessionTerminatedRoutine[Ex]). */
  registerTerminationRoutine(
    routine: AnyTerminationRoutine | null | undefined,
    context?: unknown,
    form: 'bigint' | 'pair' = 'bigint',
  ): NtStatus {
    return this.routines.register(routine, context, this.#shared.now(), form);
  }

  /** spec §2.5 (SeUnregisterLogonSessionTerminatedRoutine). */
  unregisterTerminationRoutine(routine: AnyTerminationRoutine | null | undefined): NtStatus {
    return this.routines.unregister(routine);
  }

  /** The kernel record of a logon session. */
  getLogonSession(logonId: Luid): Promise<KernelSessionRow | undefined> {
    return this.read((k) => k.getLogonSession(logonId));
  }

  /** Every kernel record. */
  listLogonSessions(): Promise<KernelSessionRow[]> {
    return this.#store.read((tx) => tx.scan('kernelSessions'));
  }

  /** Creates a token object with its first handle (spec §1.6). */
  createToken(spec: TokenSpec, handle: HandleSpec): Promise<HandleResult> {
    return this.transact((k) => k.createToken(spec, handle));
  }

  /** DuplicateTokenEx: a new token object on the same logon session (+1). */
  duplicateToken(
    handleId: number,
    overrides: Parameters<KernelTx['duplicateToken']>[1],
    handle: HandleSpec,
  ): Promise<HandleResult> {
    return this.transact((k) => k.duplicateToken(handleId, overrides, handle));
  }

  /** CreateRestrictedToken: a new token object with restricting SIDs and no privileges (+1). */
  createRestrictedToken(
    handleId: number,
    restrictedSids: readonly string[],
    handle: HandleSpec,
  ): Promise<HandleResult> {
    return this.transact((k) => k.duplicateToken(handleId, { restrictedSids, source: 'restricted' }, handle));
  }

  /** DuplicateHandle: a second handle to the same token object (no reference change). */
  duplicateHandle(handleId: number, handle: HandleSpec): Promise<HandleResult> {
    return this.transact((k) => k.duplicateHandle(handleId, handle));
  }

  /** CloseHandle on a token handle. */
  closeHandle(handleId: number): Promise<NtStatus> {
    return this.transact((k) => k.closeHandle(handleId));
  }

  /**
   * NtSetInformationToken(TokenSessionReference) (spec §1.6): needs SeTcbPrivilege (0xC0000061);
   * value 0 drops the token's reference once; a non-zero value changes nothing.
   */
  async setTokenSessionReference(caller: Caller, handleId: number, value: number): Promise<NtStatus> {
    if (!holdsPrivilege(caller, SE_TCB_NAME)) return STATUS_PRIVILEGE_NOT_HELD;
    return this.transact((k) => {
      if (k.resolveHandle(handleId) === undefined) return STATUS_INVALID_HANDLE;
      return value === 0 ? k.releaseSessionReference(handleId) : STATUS_SUCCESS;
    });
  }

  /** The token behind a handle. */
  getToken(handleId: number): Promise<{ handle: HandleRow; token: TokenRow } | undefined> {
    return this.read((k) => k.resolveHandle(handleId));
  }

  /** The caller identity of a handle, or undefined if it is not open. */
  async identify(handleId: number): Promise<Caller | undefined> {
    const r = await this.getToken(handleId);
    return r === undefined ? undefined : toCaller(r.token, r.handle.id);
  }

  /** Validates a bearer secret: the identity of its handle, or undefined (unknown, closed, forged). */
  async authenticate(
    secret: string,
  ): Promise<{ caller: Caller; token: TokenRow; handle: HandleRow } | undefined> {
    const id = handleOfBearerSecret(secret);
    if (id === undefined) return undefined;
    const r = await this.getToken(id);
    if (r === undefined || !isBearerSecretOf(secret, r.handle.secretHash)) return undefined;
    return { caller: toCaller(r.token, r.handle.id), token: r.token, handle: r.handle };
  }

  /** Who keeps a logon session alive: its tokens and their handles. */
  holdersOf(logonId: Luid): Promise<TokenHolders[]> {
    return this.read((k) => k.holdersOf(logonId));
  }
}

/** The caller identity a token gives. Restricted tokens keep their user but only the restricting SIDs count. */
export function toCaller(token: TokenRow, handle: number): Caller {
  return {
    user: token.user,
    groups: token.groups,
    privileges: token.privileges,
    logonId: token.logonId,
    sessionId: token.sessionId,
    handle,
    trusted: false,
  };
}
