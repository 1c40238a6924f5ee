/**
 * The signed-in frame: header (host, live indicator, who, sign out), the view navigation, the
 * notice area and the current view. Owns the live event stream and the notices every view uses.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Signed } from './app.tsx';
import { LiveIndicator } from './components/live-indicator.tsx';
import { type Notice, Notices } from './components/notices.tsx';
import { formatAccount } from './lib/format.ts';
import { describeProblem, isSignedOut, type Problem } from './lib/problem.ts';
import { hrefOf, parseRoute, type ViewId, viewsFor } from './lib/route.ts';
import { ConsoleContext, type ConsoleState, type NoticeInput } from './live/console-context.ts';
import { EventBus } from './live/event-bus.ts';
import { requestHeadingFocus } from './live/heading-focus.ts';
import { useEventStream } from './live/use-event-stream.ts';
import { EventsView } from './views/events-view.tsx';
import { LogonSessionsView } from './views/logon-sessions-view.tsx';
import { SessionsView } from './views/sessions-view.tsx';
import { UsersView } from './views/users-view.tsx';

const NOTICE_FADE_MS = 10_000;

/** Props of `Shell`. */
export interface ShellProps {
  signed: Signed;
  /** Forget the sign-in; `problem` says why when it was not the reader's choice. */
  onSignedOut: (problem?: Problem) => void;
}

function useRoute(): ViewId {
  const [view, setView] = useState<ViewId>(() => parseRoute(location.hash));
  useEffect(() => {
    const onHash = (): void => setView(parseRoute(location.hash));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  return view;
}

/** The signed-in console. */
export function Shell({ signed, onSignedOut }: ShellProps) {
  const { client, me, token } = signed;
  const view = useRoute();
  const bus = useMemo(() => new EventBus(), []);
  const [notices, setNotices] = useState<Notice[]>([]);
  const [signingOut, setSigningOut] = useState(false);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setNotices((list) => list.filter((n) => n.id !== id)), []);

  const notify = useCallback(
    (notice: NoticeInput): number => {
      const id = nextId.current++;
      // Errors stay until dismissed; of the other notices only the latest few are kept.
      setNotices((list) => {
        const recent = list.filter((n) => n.kind !== 'error').slice(-2);
        return [...list.filter((n) => n.kind === 'error' || recent.includes(n)), { ...notice, id } as Notice];
      });
      if (notice.kind !== 'error') setTimeout(() => dismiss(id), NOTICE_FADE_MS);
      return id;
    },
    [dismiss],
  );

  const ended = useCallback(
    (error: unknown) =>
      onSignedOut({
        ...describeProblem(error),
        heading: 'Your sign-in has ended',
        detail: `${describeProblem(error).detail} Sign in again to continue.`,
      }),
    [onSignedOut],
  );

  const fail = useCallback(
    (error: unknown, doing: string) => {
      if (isSignedOut(error)) ended(error);
      else notify({ kind: 'error', problem: describeProblem(error, doing) });
    },
    [ended, notify],
  );

  const stream = useEventStream({ baseUrl: client.baseUrl, token, bus, onSignedOut: ended });
  const state = useMemo<ConsoleState>(
    () => ({ client, me, bus, notify, fail }),
    [client, me, bus, notify, fail],
  );

  async function signOut(): Promise<void> {
    setSigningOut(true);
    try {
      await client.closeCurrentToken();
      onSignedOut();
    } catch (error) {
      // 401: the token was already closed, which is what signing out wanted.
      if (isSignedOut(error)) onSignedOut();
      else {
        fail(error, 'Sign out');
        setSigningOut(false);
      }
    }
  }

  return (
    <ConsoleContext.Provider value={state}>
      <button type="button" class="skip-link" onClick={() => document.getElementById('main')?.focus()}>
        Skip to content
      </button>
      <header class="topbar">
        <div class="brand">
          <span class="brand-name">logond</span>
          {me.domain !== '' && <span class="brand-host">{me.domain}</span>}
        </div>
        <LiveIndicator status={stream} />
        <div class="who">
          <span class="who-name" title={me.userSid}>
            {formatAccount(me.domain, me.userName)}
          </span>
          {me.administrator && <span class="badge badge-admin">administrator</span>}
        </div>
        <button type="button" class="sign-out" onClick={signOut} disabled={signingOut}>
          {signingOut ? 'Signing out…' : 'Sign out'}
        </button>
      </header>
      <nav class="views" aria-label="Views">
        <ul>
          {viewsFor(me.administrator).map((v) => (
            <li key={v.id}>
              <a
                href={hrefOf(v.id)}
                aria-current={v.id === view ? 'page' : undefined}
                onClick={requestHeadingFocus}
              >
                {v.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <Notices notices={notices} onDismiss={dismiss} />
      <main id="main" tabindex={-1}>
        {view === 'sessions' && <SessionsView />}
        {view === 'logon-sessions' && <LogonSessionsView />}
        {view === 'users' && <UsersView />}
        {view === 'events' && <EventsView />}
      </main>
    </ConsoleContext.Provider>
  );
}
