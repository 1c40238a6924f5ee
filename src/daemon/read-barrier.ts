/**
 * A read barrier: `sync()` resolves once a read that began after the call has finished, so its
 * result covers everything committed before the call. Calls made while a read is under way share
 * the next read (one read serves every call made before it was sent), so a burst of N calls costs
 * two reads, not N. The event hub uses it to learn the newest event sequence number before a
 * cached token is trusted (token-cache.ts).
 */

/** One read at a time, shared by the callers that came before it. */
export class ReadBarrier<T> {
  readonly #read: () => Promise<T>;
  readonly #onValue: (value: T) => void;
  #running: Promise<void> | undefined;
  #queued: Promise<void> | undefined;

  /** `read` fetches the value; `onValue` hears each value read, before the callers resume. */
  constructor(read: () => Promise<T>, onValue: (value: T) => void) {
    this.#read = read;
    this.#onValue = onValue;
  }

  /** Resolves after a read begun after this call; rejects with that read's error. */
  sync(): Promise<void> {
    if (this.#queued !== undefined) return this.#queued;
    if (this.#running === undefined) return this.#start();
    // The read under way may have been sent before this call: wait for it, then read again.
    const queued: Promise<void> = this.#running.then(
      () => this.#next(queued),
      () => this.#next(queued),
    );
    this.#queued = queued;
    return queued;
  }

  #next(queued: Promise<void>): Promise<void> {
    if (this.#queued === queued) this.#queued = undefined;
    return this.#start();
  }

  #start(): Promise<void> {
    const running: Promise<void> = this.#read().then(
      (value) => {
        if (this.#running === running) this.#running = undefined;
        this.#onValue(value);
      },
      (error: unknown) => {
        if (this.#running === running) this.#running = undefined;
        throw error;
      },
    );
    this.#running = running;
    return running;
  }
}
