/**
 * Sessions: the host's WTS sessions as Task Manager's Users tab and qwinsta show them, live. The
 * caller's own sessions are marked; actions appear only where the caller has the right
 * (lib/session-rights.ts), and the daemon still checks every one.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { WtsSession } from '../../../src/client/index.ts';
import { ProblemMessage } from '../components/problem-message.tsx';
import { ViewHeader } from '../components/view-header.tsx';
import {
  formatAccount,
  formatClient,
  formatDuration,
  formatIdle,
  formatState,
  formatTime,
  idleAt,
  stateTone,
} from '../lib/format.ts';
import { hasAnyAction, isOwnSession, sessionActions } from '../lib/session-rights.ts';
import { useConsole } from '../live/console-context.ts';
import { useLiveResource } from '../live/use-live-resource.ts';
import { useNow } from '../live/use-now.ts';
import { ProcessesPanel } from './processes-panel.tsx';
import { LogoffDialog, ResetDialog, StartProgramDialog } from './session-dialogs.tsx';

const TYPES = ['wts.', 'logon-session.'] as const;
const COLUMNS = 8;

/** An action under way on a session, shown in its row until it ends (or the session goes). */
export interface Pending {
  readonly action: 'logoff' | 'disconnect' | 'reset';
  readonly startedAt: number;
  readonly wait: boolean;
}

type Dialog = { kind: 'logoff' | 'reset' | 'start'; session: WtsSession };

const PENDING_WORDS: Record<Pending['action'], string> = {
  logoff: 'Logging off',
  disconnect: 'Disconnecting',
  reset: 'Resetting',
};

/** The Sessions view. */
export function SessionsView() {
  const { client, me, notify, fail } = useConsole();
  const load = useCallback(() => client.listWtsSessions(), [client]);
  const sessions = useLiveResource(load, { types: TYPES, what: 'Load sessions' });
  const now = useNow(15_000);
  const [pending, setPending] = useState<ReadonlyMap<number, Pending>>(new Map());
  const [dialog, setDialog] = useState<Dialog | undefined>();
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());

  const list = sessions.data?.sessions ?? [];
  const ids = list.map((s) => s.sessionId).join(',');
  // A pending action whose session has left the list is over.
  useEffect(() => {
    const present = new Set(list.map((s) => s.sessionId));
    setPending((p) =>
      [...p.keys()].every((id) => present.has(id)) ? p : new Map([...p].filter(([id]) => present.has(id))),
    );
  }, [ids]);

  const setOne = (id: number, value: Pending | undefined): void =>
    setPending((p) => {
      const next = new Map(p);
      if (value === undefined) next.delete(id);
      else next.set(id, value);
      return next;
    });

  const toggle = (id: number): void =>
    setOpen((o) => {
      const next = new Set(o);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  async function logoff(s: WtsSession, wait: boolean): Promise<void> {
    const who = label(s);
    setOne(s.sessionId, { action: 'logoff', startedAt: Date.now(), wait });
    try {
      const result = await client.logoff(s.sessionId, { wait });
      if (wait && result.completed) {
        notify({ kind: 'success', text: `${who} is logged off; its programs have ended.` });
        setOne(s.sessionId, undefined);
      } else {
        notify({ kind: 'info', text: `Log-off of ${who} requested; it leaves the list when it ends.` });
      }
      sessions.reload();
    } catch (error) {
      setOne(s.sessionId, undefined);
      fail(error, `Log off ${who}`);
    }
  }

  async function disconnect(s: WtsSession): Promise<void> {
    const who = label(s);
    setOne(s.sessionId, { action: 'disconnect', startedAt: Date.now(), wait: true });
    try {
      await client.disconnect(s.sessionId, { wait: true });
      notify({ kind: 'success', text: `${who} is disconnected; its programs keep running.` });
    } catch (error) {
      fail(error, `Disconnect ${who}`);
    } finally {
      setOne(s.sessionId, undefined);
      sessions.reload();
    }
  }

  async function reset(s: WtsSession): Promise<void> {
    const who = label(s);
    setOne(s.sessionId, { action: 'reset', startedAt: Date.now(), wait: true });
    try {
      await client.reset(s.sessionId);
      notify({ kind: 'success', text: `${who} is reset.` });
    } catch (error) {
      setOne(s.sessionId, undefined);
      fail(error, `Reset ${who}`);
    }
    sessions.reload();
  }

  const server = sessions.data?.server ?? me.domain;
  return (
    <section aria-labelledby="sessions-title" class="view">
      <ViewHeader
        title="Sessions"
        id="sessions-title"
        summary={sessions.data === undefined ? 'Loading…' : `${plural(list.length, 'session')} on ${server}`}
        loading={sessions.loading}
        onRefresh={sessions.reload}
      />
      {sessions.problem !== undefined && <ProblemMessage problem={sessions.problem} />}
      <table class="grid sessions" aria-label={`Sessions on ${server}`}>
        <thead>
          <tr>
            <th scope="col">ID</th>
            <th scope="col">Session</th>
            <th scope="col">User</th>
            <th scope="col">State</th>
            <th scope="col">Idle</th>
            <th scope="col">Logon time</th>
            <th scope="col">Client</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {list.map((s) => {
            const actions = sessionActions(s, me);
            const own = isOwnSession(s, me);
            const busy = pending.get(s.sessionId);
            const idle = idleAt(s.idleMs, sessions.fetchedAt, now);
            const detailId = `session-${s.sessionId}-programs`;
            const rowClass = [own ? 'own' : '', s.current ? 'current' : '', busy ? 'busy' : '']
              .join(' ')
              .trim();
            return [
              <tr key={s.sessionId} class={rowClass} data-session-id={s.sessionId}>
                <td data-label="ID" class="num">
                  {s.current && (
                    <span class="current-mark" title="The session of this console's token">
                      &gt;<span class="visually-hidden">current session </span>
                    </span>
                  )}
                  {s.sessionId}
                </td>
                <td data-label="Session">{s.winStationName}</td>
                <td data-label="User">
                  {formatAccount(s.domain, s.userName) || <span class="muted">none</span>}
                  {own && <span class="badge badge-own">you</span>}
                </td>
                <td data-label="State">
                  {busy === undefined ? (
                    <span class={`state state-${stateTone(s.state)}`}>
                      {formatState(s.state, s.stateName)}
                    </span>
                  ) : (
                    <PendingProgress pending={busy} what={label(s)} />
                  )}
                </td>
                <td data-label="Idle" title={idle === null ? 'not known' : formatDuration(idle)}>
                  {formatIdle(idle)}
                </td>
                <td data-label="Logon time">
                  {s.logonTime === null ? (
                    <span class="muted">—</span>
                  ) : (
                    <time dateTime={s.logonTime}>{formatTime(s.logonTime)}</time>
                  )}
                </td>
                <td data-label="Client">
                  {formatClient(s.clientName, s.clientAddress) || <span class="muted">—</span>}
                </td>
                <td data-label="Actions" class="actions">
                  {hasAnyAction(actions) ? (
                    <fieldset class="action-row">
                      <legend class="visually-hidden">{`Actions for ${label(s)}`}</legend>
                      {actions.logoff && (
                        <button
                          type="button"
                          class="danger"
                          disabled={busy !== undefined}
                          onClick={() => setDialog({ kind: 'logoff', session: s })}
                        >
                          Log off
                        </button>
                      )}
                      {actions.disconnect && (
                        <button
                          type="button"
                          disabled={busy !== undefined}
                          onClick={() => void disconnect(s)}
                        >
                          Disconnect
                        </button>
                      )}
                      {actions.reset && (
                        <button
                          type="button"
                          disabled={busy !== undefined}
                          onClick={() => setDialog({ kind: 'reset', session: s })}
                        >
                          Reset
                        </button>
                      )}
                      {actions.startProgram && (
                        <button
                          type="button"
                          disabled={busy !== undefined}
                          onClick={() => setDialog({ kind: 'start', session: s })}
                        >
                          Start program…
                        </button>
                      )}
                      {actions.listPrograms && (
                        <button
                          type="button"
                          aria-expanded={open.has(s.sessionId)}
                          aria-controls={detailId}
                          onClick={() => toggle(s.sessionId)}
                        >
                          Programs
                        </button>
                      )}
                    </fieldset>
                  ) : (
                    <span class="muted">—</span>
                  )}
                </td>
              </tr>,
              open.has(s.sessionId) && (
                <tr key={`${s.sessionId}-detail`} class="detail" id={detailId}>
                  <td colSpan={COLUMNS}>
                    <ProcessesPanel sessionId={s.sessionId} title={`Programs in ${label(s)}`} />
                  </td>
                </tr>
              ),
            ];
          })}
          {sessions.data !== undefined && list.length === 0 && (
            <tr>
              <td colSpan={COLUMNS} class="empty">
                No sessions you may see.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {dialog?.kind === 'logoff' && (
        <LogoffDialog
          session={dialog.session}
          label={label(dialog.session)}
          onClose={() => setDialog(undefined)}
          onConfirm={(wait) => {
            setDialog(undefined);
            void logoff(dialog.session, wait);
          }}
        />
      )}
      {dialog?.kind === 'reset' && (
        <ResetDialog
          label={label(dialog.session)}
          onClose={() => setDialog(undefined)}
          onConfirm={() => {
            setDialog(undefined);
            void reset(dialog.session);
          }}
        />
      )}
      {dialog?.kind === 'start' && (
        <StartProgramDialog
          session={dialog.session}
          label={label(dialog.session)}
          onClose={() => setDialog(undefined)}
          onStarted={(pid, program) => {
            setDialog(undefined);
            notify({ kind: 'success', text: `Started ${program} (pid ${pid}) in ${label(dialog.session)}.` });
            setOpen((o) => new Set(o).add(dialog.session.sessionId));
          }}
        />
      )}
    </section>
  );
}

/** A row's progress: what is under way, for how long, with an indeterminate progress bar. */
function PendingProgress({ pending, what }: { pending: Pending; what: string }) {
  const now = useNow(1000);
  const words = PENDING_WORDS[pending.action];
  const waiting = pending.action === 'logoff' && !pending.wait ? ' (requested)' : '';
  return (
    <span class="pending">
      <progress aria-label={`${words} ${what}`} />
      <span>
        {words}…{waiting} {formatDuration(now - pending.startedAt)}
      </span>
    </span>
  );
}

/** `session 3 (HOST\alice)`. */
function label(s: WtsSession): string {
  const account = formatAccount(s.domain, s.userName);
  return account === '' ? `session ${s.sessionId}` : `session ${s.sessionId} (${account})`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
