/**
 * A dialog's submit: runs the action, keeps its failure to show inside the dialog (where the
 * reader is looking), and ends the sign-in on a 401 like every other call.
 */
import { useState } from 'preact/hooks';
import { describeProblem, isSignedOut, type Problem } from '../lib/problem.ts';
import { useConsole } from './console-context.ts';

/** The state of a dialog's submit. */
export interface Submit {
  readonly busy: boolean;
  readonly problem: Problem | undefined;
  /** Shows a problem found before calling the API (a form check). */
  setProblem(problem: Problem | undefined): void;
  /**
   * Runs `action`; `doing` heads its problem (`Create the user`); `partly` (read on failure)
   * adds what the action had already done before it failed.
   */
  run(doing: string, action: () => Promise<void>, partly?: () => string): Promise<void>;
}

/** See the module comment. */
export function useSubmit(): Submit {
  const { fail } = useConsole();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | undefined>();
  async function run(doing: string, action: () => Promise<void>, partly?: () => string): Promise<void> {
    setBusy(true);
    setProblem(undefined);
    try {
      await action();
    } catch (error) {
      if (isSignedOut(error)) fail(error, doing);
      else {
        const problem = describeProblem(error, doing);
        const done = partly?.() ?? '';
        setProblem(done === '' ? problem : { ...problem, detail: `${problem.detail} ${done}` });
      }
    } finally {
      setBusy(false);
    }
  }
  return { busy, problem, setProblem, run };
}

/** A problem found by the form itself, before any request. */
export function formProblem(detail: string): Problem {
  return { heading: 'Check the form', detail, codes: [], status: undefined };
}
