/**
 * The console's one subscription to `/v1/events`, shared by every view: the stream hands each
 * event to the bus, and views listen for the types they show.
 */
import type { LogondEvent } from '../../../src/client/index.ts';

/** A listener of events. */
export type EventListener = (event: LogondEvent) => void;

/** Fan-out of live events to the views. */
export class EventBus {
  readonly #listeners = new Set<EventListener>();

  /** Calls `listener` for every event from now on; returns the function that stops it. */
  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Hands `event` to every listener; one that throws does not stop the others. */
  publish(event: LogondEvent): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch (error) {
        console.error('an event listener failed', error);
      }
    }
  }
}

/** Whether `type` matches one of `types` (a type ending in `.` is a prefix, as the API reads it). */
export function matchesTypes(type: string, types: readonly string[]): boolean {
  return types.some((t) => (t.endsWith('.') ? type.startsWith(t) : type === t));
}
