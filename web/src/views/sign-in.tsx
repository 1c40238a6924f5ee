/**
 * Sign in: a logon through the password package (`POST /v1/logon`, MSV1_0), then `whoami` for
 * the caller's identity and rights. `DOMAIN\user` is split into domain and user name.
 */
import { useState } from 'preact/hooks';
import { createClient } from '../../../src/client/index.ts';
import type { Signed } from '../app.tsx';
import { ProblemMessage } from '../components/problem-message.tsx';
import { splitAccount } from '../lib/account-name.ts';
import { describeProblem, type Problem } from '../lib/problem.ts';
import { requestHeadingFocus } from '../live/heading-focus.ts';

/** Props of `SignIn`. */
export interface SignInProps {
  baseUrl: string;
  /** Why the reader is here (a sign-in that ended), if there is a reason. */
  problem?: Problem | undefined;
  onSignedIn: (signed: Signed) => void;
}

/** The sign-in page. */
export function SignIn({ baseUrl, problem, onSignedIn }: SignInProps) {
  const [userName, setUserName] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Problem | undefined>(problem);

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setFailure(undefined);
    try {
      const anonymous = createClient({ baseUrl });
      const account = splitAccount(userName);
      const logon = await anonymous.logon({ ...account, password, package: 'MSV1_0', logonType: 'Network' });
      const client = anonymous.withToken(logon.token);
      const me = await client.whoami();
      setPassword('');
      requestHeadingFocus();
      onSignedIn({ client, token: logon.token, me });
    } catch (error) {
      setFailure(describeProblem(error));
      setBusy(false);
    }
  }

  return (
    <main class="sign-in" id="main">
      <form class="card sign-in-card" onSubmit={submit} aria-describedby="sign-in-about">
        <h1>logond console</h1>
        <p id="sign-in-about" class="muted">
          Sign in with a local account. Administrators see and manage every session; other users their own.
        </p>
        {failure !== undefined && <ProblemMessage problem={failure} />}
        <div class="field">
          <label for="sign-in-user">User name</label>
          <input
            id="sign-in-user"
            name="username"
            autocomplete="username"
            autocapitalize="none"
            spellcheck={false}
            required
            value={userName}
            onInput={(e) => setUserName(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="sign-in-password">Password</label>
          <input
            id="sign-in-password"
            name="password"
            type="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </div>
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
