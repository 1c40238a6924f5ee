import type { Luid, LuidPair } from '../nt/luid.ts';
import {
  type NtStatus,
  STATUS_INSUFFICIENT_RESOURCES,
  STATUS_INVALID_PARAMETER,
  STATUS_NOT_FOUND,
  STATUS_SUCCESS,
} from '../nt/ntstatus.ts';

/** A termination routine (spec §1.3): called with the LUID of a terminating logon session. */
export type TerminationRoutine = (logonId: Luid, context?: unknown) => unknown;

/** The Win32 form of a routine: it receives the `{ LowPart, HighPart }` pair (spec D10). */
export type Win32TerminationRoutine = (LogonId: LuidPair, Context?: unknown) => unknown;

/** Either form, as the registry stores it (the registration's `form` says which). */
// biome-ignore lint/suspicious/noExplicitAny: the registration's `form` decides the argument's type
export type AnyTerminationRoutine = (logonId: any, context?: unknown) => unknown;

/** One registration: the same routine may be registered several times (spec Q21). */
export interface Registration {
  readonly id: number;
  readonly routine: AnyTerminationRoutine;
  readonly context: unknown;
  readonly registeredAt: number;
  /** How the routine receives the LUID: `bigint` (idiomatic) or a `{ LowPart, HighPart }` pair (Win32). */
  readonly form: 'bigint' | 'pair';
}

/**
 * The termination-routine registry (spec §1.3, §2.4, §2.5, D2). Newest registration first;
 * the cascade iterates over a snapshot so routines may unregister themselves (spec §2.24).
 */
export class TerminationRoutines {
  #entries: Registration[] = [];
  #nextId = 1;
  readonly #limit: number;

  constructor(limit = 1024) {
    this.#limit = limit;
  }

  /** spec §2.4: null → 0xC000000D; the limit (D2) → 0xC000009A; else inserted at the head. */
  register(
    routine: AnyTerminationRoutine | null | undefined,
    context: unknown,
    now: number,
    form: 'bigint' | 'pair' = 'bigint',
  ): NtStatus {
    if (typeof routine !== 'function') return STATUS_INVALID_PARAMETER;
    if (this.#entries.length >= this.#limit) return STATUS_INSUFFICIENT_RESOURCES;
    this.#entries = [{ id: this.#nextId++, routine, context, registeredAt: now, form }, ...this.#entries];
    return STATUS_SUCCESS;
  }

  /** spec §2.5, D2: null → 0xC000000D; unknown → 0xC0000225; removes the most recent matching entry. */
  unregister(routine: AnyTerminationRoutine | null | undefined): NtStatus {
    if (typeof routine !== 'function') return STATUS_INVALID_PARAMETER;
    const i = this.#entries.findIndex((e) => e.routine === routine);
    if (i < 0) return STATUS_NOT_FOUND;
    this.#entries = [...this.#entries.slice(0, i), ...this.#entries.slice(i + 1)];
    return STATUS_SUCCESS;
  }

  /** The registrations, newest first. The array is never mutated, so it is a snapshot. */
  snapshot(): readonly Registration[] {
    return this.#entries;
  }

  get size(): number {
    return this.#entries.length;
  }

  get limit(): number {
    return this.#limit;
  }
}
