/**
 * Session time limits as Remote Desktop Services offers them (its "Session Time Limits" policies):
 *
 * - `idle`: an active session with no input for `ms` (MaxIdleTime) is disconnected, or logged off
 *   when `action` is `logoff` ("end session when time limits are reached");
 * - `active`: an active session connected for `ms` (MaxConnectionTime), the same two actions;
 * - `disconnected`: a disconnected session is logged off after `ms` (MaxDisconnectionTime); a
 *   remote session with nobody logged on waiting in WTSIdle is ended after the same time.
 *
 * The session the console shows is exempt from the idle and active limits, as RDS limits apply to
 * remote sessions. Deadlines are computed from the row's times, so they survive a restart; timers
 * run on the Clock, so tests advance a ManualClock instead of sleeping.
 */
import type { Clock, Timer } from '../nt/clock.ts';
import { NtError } from '../nt/nt-error.ts';
import { STATUS_INVALID_PARAMETER } from '../nt/ntstatus.ts';
import type { WtsSessionRow } from '../store/rows.ts';
import { WTSActive, WTSDisconnected, WTSIdle, WTSShadow } from './connect-state.ts';
import { isConsoleSession } from './stations.ts';

/** What a limit does when reached. */
export type TimeLimitAction = 'disconnect' | 'logoff';

/** The idle or active limit: a duration and its action (default `disconnect`). */
export interface TimeLimit {
  ms: number;
  action?: TimeLimitAction;
}

/** The three limits; each is off when absent. */
export interface TimeLimits {
  idle?: TimeLimit;
  active?: TimeLimit;
  /** Disconnected sessions can only be ended, so the action is always `logoff`. */
  disconnected?: { ms: number; action?: 'logoff' };
}

/** A limit that falls due: when, which, and what to do (`end` deletes a session with no user). */
export interface DueLimit {
  at: number;
  reason: 'idle' | 'active' | 'disconnected';
  action: TimeLimitAction | 'end';
}

function checkMs(name: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 2 ** 31) {
    throw new NtError(
      STATUS_INVALID_PARAMETER,
      `timeLimits.${name}.ms must be a number of milliseconds between 1 and 2^31`,
    );
  }
}

/** Validates limits; throws NtError(STATUS_INVALID_PARAMETER) naming the bad field. */
export function checkTimeLimits(limits: TimeLimits): void {
  for (const name of ['idle', 'active'] as const) {
    const l = limits[name];
    if (l === undefined) continue;
    checkMs(name, l.ms);
    if (l.action !== undefined && l.action !== 'disconnect' && l.action !== 'logoff') {
      throw new NtError(
        STATUS_INVALID_PARAMETER,
        `timeLimits.${name}.action must be 'disconnect' or 'logoff'`,
      );
    }
  }
  const d = limits.disconnected;
  if (d !== undefined) {
    checkMs('disconnected', d.ms);
    if (d.action !== undefined && d.action !== 'logoff') {
      throw new NtError(STATUS_INVALID_PARAMETER, "timeLimits.disconnected.action can only be 'logoff'");
    }
  }
}

/** The earliest limit of `row`, if one applies to it. */
export function nextDueLimit(row: WtsSessionRow, limits: TimeLimits): DueLimit | undefined {
  if (row.loggingOff) return undefined;
  const user = row.userSid !== null;
  if ((row.state === WTSActive || row.state === WTSShadow) && user && !isConsoleSession(row)) {
    let due: DueLimit | undefined;
    if (limits.idle !== undefined) {
      due = {
        at: row.lastInputTime + limits.idle.ms,
        reason: 'idle',
        action: limits.idle.action ?? 'disconnect',
      };
    }
    if (limits.active !== undefined) {
      const at = row.connectTime + limits.active.ms;
      if (due === undefined || at < due.at)
        due = { at, reason: 'active', action: limits.active.action ?? 'disconnect' };
    }
    return due;
  }
  if (limits.disconnected !== undefined) {
    if (row.state === WTSDisconnected && user) {
      return { at: row.disconnectTime + limits.disconnected.ms, reason: 'disconnected', action: 'logoff' };
    }
    if (row.state === WTSIdle && !user) {
      return { at: row.disconnectTime + limits.disconnected.ms, reason: 'disconnected', action: 'end' };
    }
  }
  return undefined;
}

/** One Clock timer per session with a limit; `onDue` is called with the session id when it fires. */
export class TimeLimitTimers {
  readonly #clock: Clock;
  readonly #limits: TimeLimits;
  readonly #onDue: (sessionId: number) => void;
  readonly #timers = new Map<number, { at: number; timer: Timer }>();
  readonly enabled: boolean;

  constructor(clock: Clock, limits: TimeLimits, onDue: (sessionId: number) => void) {
    this.#clock = clock;
    this.#limits = limits;
    this.#onDue = onDue;
    this.enabled =
      limits.idle !== undefined || limits.active !== undefined || limits.disconnected !== undefined;
  }

  /** (Re)arms the timer of a session from its row. */
  schedule(row: WtsSessionRow): void {
    if (!this.enabled) return;
    const due = nextDueLimit(row, this.#limits);
    const current = this.#timers.get(row.sessionId);
    if (current !== undefined && current.at === due?.at) return;
    this.cancel(row.sessionId);
    if (due === undefined) return;
    const timer = this.#clock.setTimer(due.at - this.#clock.now(), () => {
      this.#timers.delete(row.sessionId);
      this.#onDue(row.sessionId);
    });
    this.#timers.set(row.sessionId, { at: due.at, timer });
  }

  /** Disarms a session's timer. */
  cancel(sessionId: number): void {
    this.#timers.get(sessionId)?.timer.cancel();
    this.#timers.delete(sessionId);
  }

  /** Disarms every timer. */
  close(): void {
    for (const { timer } of this.#timers.values()) timer.cancel();
    this.#timers.clear();
  }
}
