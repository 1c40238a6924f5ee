/**
 * The notice area under the header: outcomes of actions. Successes are announced politely and
 * fade after a while; errors are alerts and stay until dismissed, so none goes unseen.
 */
import type { Problem } from '../lib/problem.ts';
import { ProblemMessage } from './problem-message.tsx';

/** One notice on screen. */
export type Notice =
  | { id: number; kind: 'success' | 'info'; text: string }
  | { id: number; kind: 'error'; problem: Problem };

/** Props of `Notices`. */
export interface NoticesProps {
  notices: readonly Notice[];
  onDismiss: (id: number) => void;
}

/** Both live regions exist from the start, so screen readers hear what is added to them. */
export function Notices({ notices, onDismiss }: NoticesProps) {
  return (
    <div class="notices">
      <div class="notice-errors">
        {notices.map((n) =>
          n.kind === 'error' ? (
            <ProblemMessage key={n.id} problem={n.problem} onDismiss={() => onDismiss(n.id)} />
          ) : null,
        )}
      </div>
      <div class="notice-status" role="status" aria-live="polite">
        {notices.map((n) =>
          n.kind === 'error' ? null : (
            <div key={n.id} class={`notice notice-${n.kind}`}>
              <span>{n.text}</span>
              <button
                type="button"
                class="icon-button"
                onClick={() => onDismiss(n.id)}
                aria-label="Dismiss this message"
              >
                ×
              </button>
            </div>
          ),
        )}
      </div>
    </div>
  );
}
