/**
 * Loads a resource from the API and loads it again whenever a live event of the given types
 * arrives (coalesced, so a burst of events costs one request), keeping what was shown while a
 * reload runs. A failed load is kept as a problem for the view to show; a 401 ends the sign-in.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { createLoadLoop } from '../lib/load-loop.ts';
import { describeProblem, isSignedOut, type Problem } from '../lib/problem.ts';
import { useConsole } from './console-context.ts';
import { matchesTypes } from './event-bus.ts';
import { RESYNC } from './use-event-stream.ts';

/** A resource as a view sees it. */
export interface LiveResource<T> {
  /** The last loaded value, if any load succeeded. */
  readonly data: T | undefined;
  /** The last load's failure, cleared by the next success. */
  readonly problem: Problem | undefined;
  readonly loading: boolean;
  /** `Date.now()` of the last successful load. */
  readonly fetchedAt: number;
  /** Loads again now. */
  reload(): void;
}

/** Options of `useLiveResource`. */
export interface LiveResourceOptions {
  /** Event types that make it reload (`wts.` is a prefix). */
  types: readonly string[];
  /** What the load is, for the problem heading (`Load sessions`). */
  what: string;
  /** Coalescing delay in ms (default 120). */
  delayMs?: number;
}

/** See the module comment. `load` must be stable (wrap it in useCallback). */
export function useLiveResource<T>(load: () => Promise<T>, options: LiveResourceOptions): LiveResource<T> {
  const { bus, fail } = useConsole();
  const [state, setState] = useState<{
    data: T | undefined;
    problem: Problem | undefined;
    fetchedAt: number;
  }>({
    data: undefined,
    problem: undefined,
    fetchedAt: 0,
  });
  const [loading, setLoading] = useState(true);
  const alive = useRef(true);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // The loop reads the latest `load` and `what` through refs: a load started for an older source
  // (say, the host shown before the Host selector changed) is dropped and followed by one of this.
  const latest = useRef({ load, fail, what: options.what });
  latest.current = { load, fail, what: options.what };
  const loop = useRef<(() => Promise<void>) | undefined>(undefined);
  loop.current ??= createLoadLoop<T>({
    current: () => latest.current.load,
    alive: () => alive.current,
    busy: setLoading,
    settle: (outcome) => {
      const { fail: signOut, what } = latest.current;
      if (outcome.ok) setState({ data: outcome.data, problem: undefined, fetchedAt: Date.now() });
      else if (isSignedOut(outcome.error)) signOut(outcome.error, what);
      else setState((s) => ({ ...s, problem: describeProblem(outcome.error, what) }));
    },
  });
  // A new identity whenever `load` changes, so the effect below loads the new source at once.
  const run = useCallback(() => void loop.current?.(), [load]);

  useEffect(() => {
    alive.current = true;
    run();
    const stop = bus.subscribe((event) => {
      if (event.type !== RESYNC && !matchesTypes(event.type, options.types)) return;
      clearTimeout(timer.current);
      timer.current = setTimeout(run, options.delayMs ?? 120);
    });
    return () => {
      alive.current = false;
      clearTimeout(timer.current);
      stop();
    };
  }, [run, bus, options.types.join(','), options.delayMs]);

  return { ...state, loading, reload: run };
}
