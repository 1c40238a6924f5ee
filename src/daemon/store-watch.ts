/**
 * Whether the store answers, watched from outside it (cluster mode). A lost database usually fails
 * fast (a refused or reset connection: the request answers 503 itself), but a silent one (a network
 * partition, a stalled server) leaves queries waiting on TCP. The watch probes the store every
 * `intervalMs`; a probe that fails with a connection error, or is unanswered after `deadlineMs`,
 * marks the store unavailable, and the daemon then answers 503 STATUS_DEVICE_NOT_READY at once
 * instead of queueing requests behind it (nothing reaches the store, so nothing changes). The first
 * probe that answers marks it available again. A request that fails because the store cannot be
 * reached marks it unavailable too (`failed`).
 */
import { isStoreUnavailable } from './store-unavailable.ts';

/** Options of a watch. */
export interface StoreWatchOptions {
  /** Time between probes (default 1,000 ms). */
  intervalMs?: number;
  /** A probe unanswered this long marks the store unavailable (default 3,000 ms). */
  deadlineMs?: number;
  /** Hears each change, with the reason when it becomes unavailable. */
  onChange?: (available: boolean, reason: string | undefined) => void;
}

/** The watch (see the file comment). */
export class StoreWatch {
  readonly #probe: () => Promise<unknown>;
  readonly #intervalMs: number;
  readonly #deadlineMs: number;
  readonly #onChange: StoreWatchOptions['onChange'];
  #available = true;
  #reason: string | undefined;
  /** When the probe under way started, if one is. */
  #probing: number | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(probe: () => Promise<unknown>, options: StoreWatchOptions = {}) {
    this.#probe = probe;
    this.#intervalMs = options.intervalMs ?? 1000;
    this.#deadlineMs = options.deadlineMs ?? 3000;
    this.#onChange = options.onChange;
  }

  /** Whether the store answered at the last look. */
  get available(): boolean {
    return this.#available;
  }

  /** Why it is unavailable (for the problem's sentence and the log). */
  get reason(): string | undefined {
    return this.#reason;
  }

  /** Starts probing. */
  start(): void {
    this.#timer ??= setInterval(() => this.#tick(), this.#intervalMs);
    this.#timer.unref();
  }

  /** Stops probing. */
  close(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** A request found the store unreachable: refuse the next ones until a probe answers. */
  failed(reason: string): void {
    this.#set(false, reason);
    this.#tick();
  }

  #tick(): void {
    if (this.#probing !== undefined) {
      if (Date.now() - this.#probing > this.#deadlineMs)
        this.#set(false, `no answer within ${this.#deadlineMs} ms`);
      return;
    }
    const started = Date.now();
    this.#probing = started;
    this.#probe().then(
      () => {
        this.#probing = undefined;
        this.#set(true, undefined);
      },
      (error: unknown) => {
        this.#probing = undefined;
        if (isStoreUnavailable(error))
          this.#set(false, error instanceof Error ? error.message : String(error));
      },
    );
  }

  #set(available: boolean, reason: string | undefined): void {
    if (available === this.#available) return;
    this.#available = available;
    this.#reason = reason;
    this.#onChange?.(available, reason);
  }
}
