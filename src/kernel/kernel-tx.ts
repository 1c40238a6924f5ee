import { formatLuid, isWellKnownLuid, type Luid } from '../nt/luid.ts';
import {
  type NtStatus,
  STATUS_BAD_LOGON_SESSION_STATE,
  STATUS_INSUFFICIENT_RESOURCES,
  STATUS_INVALID_HANDLE,
  STATUS_LOGON_SESSION_EXISTS,
  STATUS_NO_SUCH_LOGON_SESSION,
  STATUS_NOT_FOUND,
  STATUS_SUCCESS,
} from '../nt/ntstatus.ts';
import type { CascadeRow, HandleRow, KernelSessionRow, TokenRow } from '../store/rows.ts';
import type { Tx } from '../store/store.ts';
import type { IdAllocator, IdBlock } from './luid-allocator.ts';
import { createBearerSecret, hashBearerSecret } from './secret.ts';

/** Flag 0x1 of a kernel record: registered routines are called for it in strict mode (spec §1.2). */
export const SEP_LOGON_SESSION_TERMINATION_NOTIFY = 0x1;
/** Flag 0x20 of a token: it no longer holds a reference on its logon session (spec §1.6). */
export const TOKEN_SESSION_NOT_REFERENCED = 0x20;
/** The privileges of a restricted copy: none, one frozen array shared by every such token. */
const NO_PRIVILEGES: readonly string[] = Object.freeze([]);

/** TOKEN_TYPE values. */
export const TokenPrimary = 1;
export const TokenImpersonation = 2;

/** What a new token object is made of. */
export interface TokenSpec {
  logonId: Luid;
  type: 1 | 2;
  impersonationLevel: number;
  user: string;
  groups: readonly string[];
  privileges: readonly string[];
  restrictedSids?: readonly string[] | null;
  sessionId: number;
  source: string;
}

/** The first handle of a new token, or a new handle to an existing one. */
export interface HandleSpec {
  /** Who holds it: shown by "who keeps this logon session alive". */
  holder: string;
  /** Whether the handle gets a bearer secret (returned once, stored only as a hash). */
  bearer?: boolean;
}

/** The outcome of creating a token or a handle. */
export interface HandleResult {
  status: NtStatus;
  token?: TokenRow;
  handle?: HandleRow;
  /** The bearer secret, when one was asked for: shown once, never stored. */
  secret?: string;
}

/** Limits the kernel enforces. */
export interface KernelLimits {
  /** Maximum number of live token objects (default unlimited); the next creation gets 0xC000009A. */
  maxTokens: number;
}

/** State shared by every kernel transaction of one system. */
export interface KernelShared {
  readonly tokenIds: IdAllocator;
  readonly handleIds: IdAllocator;
  readonly limits: KernelLimits;
  readonly now: () => number;
  /**
   * Whether the store survives a crash. Cascade jobs are written to it only then (D3): a job row
   * exists so a restarted process can resume the cascade, and after a crash of a store that is not
   * durable there is nothing to resume.
   */
  readonly durable: boolean;
  /**
   * Cluster mode: every CloseHandle appends `token.handle-closed` in its transaction, so the other
   * daemons' token caches drop the handle (DESIGN.md "Cluster mode").
   */
  readonly announceHandleCloses: boolean;
}

/**
 * The reference monitor's operations inside one store transaction (spec §2.1–2.3, §2.6, §1.6).
 * Every method changes rows only through `tx`, so it is atomic with whatever else the transaction
 * does. Logon sessions whose count reaches 0 here are collected in `terminated` (and recorded in
 * the `cascades` table of a durable store); the kernel starts their cascades once the transaction
 * has committed.
 */
export class KernelTx {
  readonly tx: Tx;
  /** Cascade jobs recorded by this transaction (undefined until the first). */
  terminated: CascadeRow[] | undefined;
  /** Id blocks this transaction reserved; the kernel adopts them once it has committed. */
  pendingIds: Map<IdAllocator, IdBlock> | undefined;
  readonly #shared: KernelShared;
  /** The transaction's time: the clock is read once, on first use. */
  #now: number | undefined;

  constructor(tx: Tx, shared: KernelShared) {
    this.tx = tx;
    this.#shared = shared;
  }

  /**
   * Gives this transaction the time its caller already read for the same operation (LsaLogonUser
   * reads the clock once per logon), so the rows it creates need no clock read of their own.
   */
  setTime(now: number): void {
    this.#now = now;
  }

  /** The time of this transaction (one clock read per transaction, spec rows' `createdAt`). */
  #time(): number {
    if (this.#now === undefined) this.#now = this.#shared.now();
    return this.#now;
  }

  /** spec §2.1: 0xC00000EE if present; else a record with refcount 0. */
  createLogonSession(logonId: Luid): NtStatus {
    if (this.tx.get('kernelSessions', logonId) !== undefined) return STATUS_LOGON_SESSION_EXISTS;
    this.tx.put('kernelSessions', { logonId, refcount: 0, flags: 0, phase: 'active' });
    return STATUS_SUCCESS;
  }

  /** spec §2.2, D4: well-known → 0xC0000104; absent → 0xC000005F; referenced → 0xC0000104. */
  deleteLogonSession(logonId: Luid): NtStatus {
    const rec = this.tx.get('kernelSessions', logonId);
    if (rec !== undefined && isWellKnownLuid(logonId)) return STATUS_BAD_LOGON_SESSION_STATE;
    if (rec === undefined) return STATUS_NO_SUCH_LOGON_SESSION;
    if (rec.refcount !== 0) return STATUS_BAD_LOGON_SESSION_STATE;
    this.tx.delete('kernelSessions', logonId);
    return STATUS_SUCCESS;
  }

  /** spec §2.3, Q5: +1; absent or terminating → 0xC000005F. */
  referenceLogonSession(logonId: Luid): NtStatus {
    const rec = this.tx.get('kernelSessions', logonId);
    if (rec === undefined || rec.phase === 'terminating') return STATUS_NO_SUCH_LOGON_SESSION;
    this.tx.put('kernelSessions', {
      logonId: rec.logonId,
      refcount: rec.refcount + 1,
      flags: rec.flags,
      phase: rec.phase,
    });
    return STATUS_SUCCESS;
  }

  /**
   * spec §2.3: −1; absent → 0xC000005F. At 0 the session enters phase `terminating` and a cascade
   * job is recorded (D3), except for the well-known sessions, which never terminate (D4). A
   * dereference at 0 is an invariant violation (Q23): it throws and the transaction rolls back.
   */
  dereferenceLogonSession(logonId: Luid): NtStatus {
    const rec = this.tx.get('kernelSessions', logonId);
    if (rec === undefined) return STATUS_NO_SUCH_LOGON_SESSION;
    if (rec.refcount <= 0) throw new Error(`reference count underflow on logon session ${logonId}`);
    const refcount = rec.refcount - 1;
    if (refcount > 0 || isWellKnownLuid(logonId)) {
      this.tx.put('kernelSessions', { logonId: rec.logonId, refcount, flags: rec.flags, phase: rec.phase });
      return STATUS_SUCCESS;
    }
    this.tx.put('kernelSessions', { logonId: rec.logonId, refcount, flags: rec.flags, phase: 'terminating' });
    const job: CascadeRow = {
      logonId,
      packagesStarted: 0,
      marked: (rec.flags & SEP_LOGON_SESSION_TERMINATION_NOTIFY) !== 0,
      startedAt: this.#time(),
    };
    if (this.#shared.durable) this.tx.put('cascades', job);
    if (this.terminated === undefined) this.terminated = [job];
    else this.terminated.push(job);
    return STATUS_SUCCESS;
  }

  /** spec §2.6: absent → 0xC0000225; sets flag 0x1 (idempotent). */
  markForTerminationNotification(logonId: Luid): NtStatus {
    const rec = this.tx.get('kernelSessions', logonId);
    if (rec === undefined) return STATUS_NOT_FOUND;
    if ((rec.flags & SEP_LOGON_SESSION_TERMINATION_NOTIFY) === 0) {
      this.tx.put('kernelSessions', { ...rec, flags: rec.flags | SEP_LOGON_SESSION_TERMINATION_NOTIFY });
    }
    return STATUS_SUCCESS;
  }

  getLogonSession(logonId: Luid): KernelSessionRow | undefined {
    return this.tx.get('kernelSessions', logonId);
  }

  /**
   * Creates a token object with its first handle (spec §1.6: +1 on the logon session).
   * Fails with 0xC000005F on an unknown or terminating session, 0xC000009A past the token limit.
   */
  createToken(spec: TokenSpec, handle: HandleSpec): HandleResult {
    return this.#createToken(
      spec.logonId,
      spec.type,
      spec.impersonationLevel,
      spec.user,
      spec.groups,
      spec.privileges,
      spec.restrictedSids ?? null,
      spec.sessionId,
      spec.source,
      handle,
    );
  }

  /** createToken with the spec spread out, so DuplicateTokenEx builds no intermediate object. */
  #createToken(
    logonId: Luid,
    type: 1 | 2,
    impersonationLevel: number,
    user: string,
    groups: readonly string[],
    privileges: readonly string[],
    restrictedSids: readonly string[] | null,
    sessionId: number,
    source: string,
    handle: HandleSpec,
  ): HandleResult {
    const max = this.#shared.limits.maxTokens;
    if (max !== Number.POSITIVE_INFINITY && this.tx.count('tokens') >= max)
      return { status: STATUS_INSUFFICIENT_RESOURCES };
    const status = this.referenceLogonSession(logonId);
    if (status !== STATUS_SUCCESS) return { status };
    const token: TokenRow = {
      id: this.#shared.tokenIds.next(this.tx, this),
      logonId,
      type,
      impersonationLevel,
      user,
      groups,
      privileges,
      restrictedSids,
      flags: 0,
      handleCount: 1,
      sessionId,
      source,
      createdAt: this.#time(),
    };
    this.tx.put('tokens', token);
    return this.#newHandle(token, handle);
  }

  /** A new handle to `token` (already stored), with the outcome naming both. */
  #newHandle(token: TokenRow, spec: HandleSpec): HandleResult {
    const id = this.#shared.handleIds.next(this.tx, this);
    const secret = spec.bearer === true ? createBearerSecret(id) : undefined;
    const row: HandleRow = {
      id,
      tokenId: token.id,
      holder: spec.holder,
      secretHash: secret === undefined ? null : hashBearerSecret(secret),
      createdAt: this.#time(),
    };
    this.tx.put('handles', row);
    return secret === undefined
      ? { status: STATUS_SUCCESS, token, handle: row }
      : { status: STATUS_SUCCESS, token, handle: row, secret };
  }

  /** The token a handle refers to, or undefined for a closed or unknown handle. */
  resolveHandle(handleId: number): { handle: HandleRow; token: TokenRow } | undefined {
    const handle = this.tx.get('handles', handleId);
    if (handle === undefined) return undefined;
    const token = this.tx.get('tokens', handle.tokenId);
    if (token === undefined) return undefined;
    return { handle, token };
  }

  /** The token behind an open handle (resolveHandle without the pair). */
  #tokenOf(handle: HandleRow | undefined): TokenRow | undefined {
    return handle === undefined ? undefined : this.tx.get('tokens', handle.tokenId);
  }

  /**
   * A new token object copied from the one behind `handleId` (DuplicateTokenEx; spec §1.6: +1).
   * `overrides` change the type, impersonation level, session or add restricting SIDs.
   */
  duplicateToken(
    handleId: number,
    overrides: Partial<
      Pick<TokenSpec, 'type' | 'impersonationLevel' | 'sessionId' | 'restrictedSids' | 'source'>
    >,
    handle: HandleSpec,
  ): HandleResult {
    const t = this.#tokenOf(this.tx.get('handles', handleId));
    if (t === undefined) return { status: STATUS_INVALID_HANDLE };
    return this.#createToken(
      t.logonId,
      overrides.type ?? t.type,
      overrides.impersonationLevel ?? t.impersonationLevel,
      t.user,
      t.groups,
      overrides.restrictedSids ? NO_PRIVILEGES : t.privileges,
      overrides.restrictedSids ?? t.restrictedSids,
      overrides.sessionId ?? t.sessionId,
      overrides.source ?? 'duplicate',
      handle,
    );
  }

  /** Another handle to the same token object: changes no reference count (spec §1.6). */
  duplicateHandle(handleId: number, handle: HandleSpec): HandleResult {
    const src = this.#tokenOf(this.tx.get('handles', handleId));
    if (src === undefined) return { status: STATUS_INVALID_HANDLE };
    const token = { ...src, handleCount: src.handleCount + 1 };
    this.tx.put('tokens', token);
    return this.#newHandle(token, handle);
  }

  /**
   * Closes a handle. When it was the token's last, the token object dies and drops its reference
   * on the logon session unless flag 0x20 is set (spec §1.6), which may start the cascade.
   */
  closeHandle(handleId: number): NtStatus {
    const token = this.#tokenOf(this.tx.get('handles', handleId));
    if (token === undefined) return STATUS_INVALID_HANDLE;
    this.tx.delete('handles', handleId);
    if (this.#shared.announceHandleCloses) {
      this.tx.appendEvent(
        'token.handle-closed',
        { handle: handleId, tokenId: token.id, logonId: formatLuid(token.logonId) },
        this.#time(),
      );
    }
    if (token.handleCount > 1) {
      this.tx.put('tokens', { ...token, handleCount: token.handleCount - 1 });
      return STATUS_SUCCESS;
    }
    this.tx.delete('tokens', token.id);
    if ((token.flags & TOKEN_SESSION_NOT_REFERENCED) === 0) this.dereferenceLogonSession(token.logonId);
    return STATUS_SUCCESS;
  }

  /**
   * NtSetInformationToken(TokenSessionReference, 0) (spec §1.6): sets flag 0x20 and drops the
   * token's reference once; the privilege check is the caller's (it needs the caller identity).
   */
  releaseSessionReference(handleId: number): NtStatus {
    const token = this.#tokenOf(this.tx.get('handles', handleId));
    if (token === undefined) return STATUS_INVALID_HANDLE;
    if ((token.flags & TOKEN_SESSION_NOT_REFERENCED) !== 0) return STATUS_SUCCESS;
    this.tx.put('tokens', { ...token, flags: token.flags | TOKEN_SESSION_NOT_REFERENCED });
    return this.dereferenceLogonSession(token.logonId);
  }

  /** Tokens on a logon session and the handles that keep each alive: who holds the session. */
  holdersOf(logonId: Luid): { token: TokenRow; handles: HandleRow[] }[] {
    return this.tx
      .find('tokens', 'logonId', logonId)
      .map((token) => ({ token, handles: this.tx.find('handles', 'tokenId', token.id) }));
  }
}
