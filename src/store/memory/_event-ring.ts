import type { EventRow } from '../rows.ts';
import { matchesEventTypes, type ReadEventsOptions } from '../store.ts';

/** Slots a new ring starts with (it doubles when full). */
const INITIAL_CAPACITY = 1024;

/**
 * The memory store's event log: the newest `retention` events in a ring of parallel arrays
 * (type, time, data; the sequence number follows from the position). Nothing is copied or
 * allocated per event once the ring has grown to the retention: a retained event costs its data
 * object and two array slots, not an EventRow and a boxed time. Retained events outlive several
 * young-generation collections, so every byte of them is paid again per logon.
 *
 * Appends never overwrite: the ring grows when full, and `trim` (at commit) drops the oldest
 * events beyond the retention, so a rolled-back transaction can `truncate` its own appends exactly.
 */
export class EventRing {
  readonly #retention: number;
  #types: (string | undefined)[];
  #times: Float64Array;
  #data: (Record<string, unknown> | undefined)[];
  /** Slot of the oldest retained event. */
  #start = 0;
  #count = 0;
  /** Sequence number of the oldest retained event (of the next one while empty). */
  #first = 1;

  constructor(retention: number) {
    this.#retention = Math.max(1, retention);
    const capacity = Math.min(INITIAL_CAPACITY, this.#retention);
    this.#types = new Array<string | undefined>(capacity).fill(undefined);
    this.#times = new Float64Array(capacity);
    this.#data = new Array<Record<string, unknown> | undefined>(capacity).fill(undefined);
  }

  /** The highest sequence number appended (0 when none). */
  get last(): number {
    return this.#first + this.#count - 1;
  }

  /** Appends an event; returns its sequence number. */
  append(type: string, time: number, data: Record<string, unknown>): number {
    let capacity = this.#data.length;
    if (this.#count === capacity) capacity = this.#grow();
    let slot = this.#start + this.#count;
    if (slot >= capacity) slot -= capacity;
    this.#types[slot] = type;
    this.#times[slot] = time;
    this.#data[slot] = data;
    this.#count++;
    return this.#first + this.#count - 1;
  }

  /** Forgets the events after `lastSeq` (a rollback of the appends since then). */
  truncate(lastSeq: number): void {
    while (this.last > lastSeq) {
      this.#count--;
      this.#clear(this.#slot(this.#count));
    }
  }

  /** Drops the oldest events beyond the retention. */
  trim(): void {
    const capacity = this.#data.length;
    while (this.#count > this.#retention) {
      this.#clear(this.#start);
      this.#start = this.#start + 1 === capacity ? 0 : this.#start + 1;
      this.#first++;
      this.#count--;
    }
  }

  /** The retained events after `options.after`, in order, filtered by type, at most `limit`. */
  read(options: ReadEventsOptions): EventRow[] {
    const after = options.after;
    const from = after >= 0 ? Math.max(0, Math.floor(after) + 1 - this.#first) : 0;
    const out: EventRow[] = [];
    for (let i = from; i < this.#count && out.length < options.limit; i++) {
      const slot = this.#slot(i);
      const type = this.#types[slot]!;
      if (matchesEventTypes(type, options.types))
        out.push({ seq: this.#first + i, type, time: this.#times[slot]!, data: this.#data[slot]! });
    }
    return out;
  }

  #slot(offset: number): number {
    const slot = this.#start + offset;
    return slot >= this.#data.length ? slot - this.#data.length : slot;
  }

  #clear(slot: number): void {
    this.#types[slot] = undefined;
    this.#times[slot] = 0;
    this.#data[slot] = undefined;
  }

  /** Doubles the ring, oldest event first in slot 0; returns the new capacity. */
  #grow(): number {
    const capacity = this.#data.length * 2;
    const types = new Array<string | undefined>(capacity).fill(undefined);
    const times = new Float64Array(capacity);
    const data = new Array<Record<string, unknown> | undefined>(capacity).fill(undefined);
    for (let i = 0; i < this.#count; i++) {
      const slot = this.#slot(i);
      types[i] = this.#types[slot];
      times[i] = this.#times[slot]!;
      data[i] = this.#data[slot];
    }
    this.#types = types;
    this.#times = times;
    this.#data = data;
    this.#start = 0;
    return capacity;
  }
}
