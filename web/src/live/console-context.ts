/**
 * What every view of a signed-in console shares: the API client acting with the console's
 * token, the caller (whoami), the live event bus, and the notice area.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { LogondClient, Whoami } from '../../../src/client/index.ts';
import type { Problem } from '../lib/problem.ts';
import type { EventBus } from './event-bus.ts';

/** A message in the notice area: errors stay until dismissed, the rest fade after a while. */
export type NoticeInput = { kind: 'success' | 'info'; text: string } | { kind: 'error'; problem: Problem };

/** The shared state of a signed-in console. */
export interface ConsoleState {
  readonly client: LogondClient;
  readonly me: Whoami;
  readonly bus: EventBus;
  /** Shows a notice; returns its id. */
  notify(notice: NoticeInput): number;
  /** Reports a failed action: a 401 ends the sign-in, anything else becomes an error notice. */
  fail(error: unknown, doing: string): void;
}

/** The context that carries `ConsoleState`. */
export const ConsoleContext = createContext<ConsoleState | undefined>(undefined);

/** The console state; only views under a signed-in console call this. */
export function useConsole(): ConsoleState {
  const state = useContext(ConsoleContext);
  if (state === undefined) throw new Error('useConsole() outside a signed-in console');
  return state;
}
