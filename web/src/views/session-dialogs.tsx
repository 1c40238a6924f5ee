/**
 * The Sessions view's dialogs: confirm a log-off (waiting until the session is gone, or not),
 * confirm a reset, and start a program in a session.
 */
import { useState } from 'preact/hooks';
import type { WtsSession } from '../../../src/client/index.ts';
import { Modal } from '../components/modal.tsx';
import { ProblemMessage } from '../components/problem-message.tsx';
import { describeProblem, isSignedOut, type Problem } from '../lib/problem.ts';
import { splitArgs } from '../lib/split-args.ts';
import { useConsole } from '../live/console-context.ts';

/** Props of `LogoffDialog`. */
export interface LogoffDialogProps {
  session: WtsSession;
  label: string;
  onClose: () => void;
  onConfirm: (wait: boolean) => void;
}

/** Confirms a log-off; "wait" (the default) shows progress until the session and its programs are gone. */
export function LogoffDialog({ session, label, onClose, onConfirm }: LogoffDialogProps) {
  const [wait, setWait] = useState(true);
  return (
    <Modal title={`Log off ${label}?`} onClose={onClose}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          onConfirm(wait);
        }}
      >
        <p>
          The programs in session {session.sessionId} are asked to end, then stopped; its tokens close and its
          logon sessions end. Unsaved work in it is lost.
        </p>
        <div class="check">
          <input
            id="logoff-wait"
            type="checkbox"
            checked={wait}
            onChange={(e) => setWait(e.currentTarget.checked)}
          />
          <label for="logoff-wait">Wait until the session and its programs are gone</label>
        </div>
        <div class="modal-buttons">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="danger" autofocus>
            Log off
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** Props of `ResetDialog`. */
export interface ResetDialogProps {
  label: string;
  onClose: () => void;
  onConfirm: () => void;
}

/** Confirms a reset (rwinsta). */
export function ResetDialog({ label, onClose, onConfirm }: ResetDialogProps) {
  return (
    <Modal title={`Reset ${label}?`} onClose={onClose}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          onConfirm();
        }}
      >
        <p>Resetting logs the user off at once and deletes the session. Unsaved work in it is lost.</p>
        <div class="modal-buttons">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="danger" autofocus>
            Reset
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** Props of `StartProgramDialog`. */
export interface StartProgramDialogProps {
  session: WtsSession;
  label: string;
  onClose: () => void;
  onStarted: (pid: number, program: string) => void;
  /** The session host of the cluster it lives on (default: the daemon's own). */
  server?: string;
}

/** Starts a program in a session, under the session's user; failures stay in the dialog. */
export function StartProgramDialog({ session, server, label, onClose, onStarted }: StartProgramDialogProps) {
  const { client, fail } = useConsole();
  const [program, setProgram] = useState('');
  const [args, setArgs] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | undefined>();

  async function submit(e: Event): Promise<void> {
    e.preventDefault();
    const split = splitArgs(args);
    if (!split.ok) {
      setProblem({ heading: 'Check the arguments', detail: split.error, codes: [], status: undefined });
      return;
    }
    setBusy(true);
    setProblem(undefined);
    try {
      const started = await client.startProcess(
        session.sessionId,
        { program: program.trim(), args: split.args },
        server === undefined ? {} : { server },
      );
      onStarted(started.pid, program.trim());
    } catch (error) {
      if (isSignedOut(error)) fail(error, 'Start a program');
      setProblem(describeProblem(error, 'Start the program'));
      setBusy(false);
    }
  }

  return (
    <Modal title={`Start a program in ${label}`} onClose={onClose}>
      <form onSubmit={submit}>
        {problem !== undefined && <ProblemMessage problem={problem} />}
        <div class="field">
          <label for="start-program">Program</label>
          <input
            id="start-program"
            required
            autocomplete="off"
            spellcheck={false}
            placeholder="/usr/bin/sleep"
            value={program}
            onInput={(e) => setProgram(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="start-args">Arguments</label>
          <input
            id="start-args"
            autocomplete="off"
            spellcheck={false}
            placeholder="600"
            aria-describedby="start-args-help"
            value={args}
            onInput={(e) => setArgs(e.currentTarget.value)}
          />
          <p id="start-args-help" class="hint">
            Separated by spaces; quote an argument that contains spaces.
          </p>
        </div>
        <div class="modal-buttons">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="primary" disabled={busy}>
            {busy ? 'Starting…' : 'Start'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
