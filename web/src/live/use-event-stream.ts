/**
 * The console's live connection: `GET /v1/events` through the client SDK's `events()` iterator,
 * which reads the stream with fetch so it can send the bearer token (EventSource cannot) and
 * resumes with Last-Event-ID after a drop. Each (re)connection publishes a `console.resync`
 * event so every view reloads once: whatever changed while it was not listening shows up.
 */
import { useEffect, useState } from 'preact/hooks';
import { createClient } from '../../../src/client/index.ts';
import { describeProblem, isAbort, isSignedOut, type Problem } from '../lib/problem.ts';
import type { EventBus } from './event-bus.ts';

/** The type of the event the console publishes itself when the stream (re)connects. */
export const RESYNC = 'console.resync';

/** The state of the live connection, for the header's indicator. */
export type StreamStatus =
  | { readonly state: 'connecting' }
  | { readonly state: 'live' }
  | {
      readonly state: 'reconnecting';
      readonly attempt: number;
      readonly delayMs: number;
      readonly problem: Problem;
    }
  | { readonly state: 'stopped'; readonly problem: Problem };

/** Options of `useEventStream`. */
export interface EventStreamHookOptions {
  baseUrl: string;
  token: string;
  bus: EventBus;
  /** Called when the daemon answers 401: the console's token is gone. */
  onSignedOut(error: unknown): void;
}

/** Follows `/v1/events` while mounted; returns the connection state. */
export function useEventStream({ baseUrl, token, bus, onSignedOut }: EventStreamHookOptions): StreamStatus {
  const [status, setStatus] = useState<StreamStatus>({ state: 'connecting' });
  useEffect(() => {
    const abort = new AbortController();
    // The SDK yields events, not connections; this fetch notices each successful connection.
    const watchingFetch: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (res.ok && String(input).includes('/v1/events')) {
        setStatus({ state: 'live' });
        bus.publish({ seq: 0, type: RESYNC, time: new Date().toISOString(), data: {} });
      }
      return res;
    };
    const client = createClient({ baseUrl, token, fetch: watchingFetch });
    const follow = async (): Promise<void> => {
      try {
        for await (const event of client.events({
          signal: abort.signal,
          maxDelayMs: 10_000,
          onRetry: (info) =>
            setStatus({
              state: 'reconnecting',
              attempt: info.attempt,
              delayMs: info.delayMs,
              problem: describeProblem(info.error, 'Live updates'),
            }),
        })) {
          bus.publish(event);
        }
      } catch (error) {
        if (abort.signal.aborted || isAbort(error)) return;
        if (isSignedOut(error)) onSignedOut(error);
        setStatus({ state: 'stopped', problem: describeProblem(error, 'Live updates') });
      }
    };
    void follow();
    return () => abort.abort();
  }, [baseUrl, token, bus, onSignedOut]);
  return status;
}
