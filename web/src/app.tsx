/**
 * The console's root: signed out it shows the sign-in form; signed in, the shell with its views.
 * The bearer secret lives in sessionStorage (this tab only, gone when the tab closes), so a
 * reload keeps the sign-in; a secret the daemon no longer accepts sends the reader back to sign in.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { createClient, type LogondClient, type Whoami } from '../../src/client/index.ts';
import { ProblemMessage } from './components/problem-message.tsx';
import { describeProblem, isSignedOut, type Problem } from './lib/problem.ts';
import { Shell } from './shell.tsx';
import { SignIn } from './views/sign-in.tsx';

const TOKEN_KEY = 'logond.console.token';

/** A signed-in console: its client (with the token) and who it is. */
export interface Signed {
  readonly client: LogondClient;
  readonly token: string;
  readonly me: Whoami;
}

type State =
  | { readonly kind: 'restoring' }
  | { readonly kind: 'restore-failed'; readonly problem: Problem }
  | { readonly kind: 'signed-out'; readonly problem?: Problem }
  | { readonly kind: 'signed-in'; readonly signed: Signed };

function readToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

function writeToken(token: string | null): void {
  try {
    if (token === null) sessionStorage.removeItem(TOKEN_KEY);
    else sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    // Storage refused (private mode): the sign-in lasts until the page reloads.
  }
}

/** The console. `baseUrl` is the daemon (default: the page's own origin, which serves it). */
export function App({ baseUrl = location.origin }: { baseUrl?: string }) {
  const [state, setState] = useState<State>(() =>
    readToken() === null ? { kind: 'signed-out' } : { kind: 'restoring' },
  );

  useEffect(() => {
    if (state.kind !== 'restoring') return;
    const token = readToken();
    if (token === null) return setState({ kind: 'signed-out' });
    const client = createClient({ baseUrl, token });
    client.whoami().then(
      (me) => setState({ kind: 'signed-in', signed: { client, token, me } }),
      (error) => {
        if (!isSignedOut(error)) {
          // The token may still be good (the daemon is down or restarting): keep it, offer a retry.
          return setState({ kind: 'restore-failed', problem: describeProblem(error, 'Restore the sign-in') });
        }
        writeToken(null);
        setState({
          kind: 'signed-out',
          problem: { ...describeProblem(error), heading: 'Your previous sign-in has ended' },
        });
      },
    );
  }, [state.kind, baseUrl]);

  const onSignedIn = useCallback((signed: Signed) => {
    writeToken(signed.token);
    setState({ kind: 'signed-in', signed });
  }, []);

  const onSignedOut = useCallback((problem?: Problem) => {
    writeToken(null);
    setState(problem === undefined ? { kind: 'signed-out' } : { kind: 'signed-out', problem });
  }, []);

  if (state.kind === 'restoring') {
    return (
      <p class="restoring" role="status">
        Restoring your sign-in…
      </p>
    );
  }
  if (state.kind === 'restore-failed') {
    return (
      <main class="sign-in" id="main">
        <div class="card sign-in-card">
          <h1>logond console</h1>
          <ProblemMessage problem={state.problem} />
          <div class="modal-buttons">
            <button type="button" onClick={() => onSignedOut()}>
              Forget this sign-in
            </button>
            <button type="button" class="primary" onClick={() => setState({ kind: 'restoring' })}>
              Try again
            </button>
          </div>
        </div>
      </main>
    );
  }
  if (state.kind === 'signed-out')
    return <SignIn baseUrl={baseUrl} problem={state.problem} onSignedIn={onSignedIn} />;
  return <Shell signed={state.signed} onSignedOut={onSignedOut} />;
}
