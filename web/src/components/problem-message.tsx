/**
 * A failure as the console shows it: plain heading, the daemon's sentence, then the codes
 * (HTTP status, NTSTATUS, Win32 error) on their own line for searching and support tickets.
 */
import type { Problem } from '../lib/problem.ts';

/** Props of `ProblemMessage`. */
export interface ProblemMessageProps {
  problem: Problem;
  /** Announce at once (role=alert); false for a message that is part of a page already read. */
  alert?: boolean;
  onDismiss?: () => void;
}

/** Shows one problem. */
export function ProblemMessage({ problem, alert = true, onDismiss }: ProblemMessageProps) {
  return (
    <div class="problem" role={alert ? 'alert' : undefined}>
      <div class="problem-text">
        <strong class="problem-heading">{problem.heading}</strong>
        <span class="problem-detail">{problem.detail}</span>
        {problem.codes.length > 0 && <span class="problem-codes">{problem.codes.join(' · ')}</span>}
      </div>
      {onDismiss !== undefined && (
        <button type="button" class="icon-button" onClick={onDismiss} aria-label="Dismiss this message">
          ×
        </button>
      )}
    </div>
  );
}
