/**
 * Sessions: the host's WTS sessions as Task Manager's Users tab and qwinsta show them, live. The
 * caller's own sessions are marked; actions appear only where the caller has the right
 * (lib/session-rights.ts), and the daemon still checks every one.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { HostView, WtsSession } from '../../../src/client/index.ts';
import { ProblemMessage } from '../components/problem-message.tsx';
import { ViewHeader } from '../components/view-header.tsx';
import { formatAccount, idleAt } from '../lib/format.ts';
import { useConsole } from '../live/console-context.ts';
import { useLiveResource } from '../live/use-live-resource.ts';
import { useNow } from '../live/use-now.ts';
import { LogoffDialog, ResetDialog, StartProgramDialog } from './session-dialogs.tsx';
import { type Pending, SESSION_COLUMNS, SessionRow } from './session-row.tsx';

const TYPES = ['wts.', 'logon-session.'] as const;

type Dialog = { kind: 'logoff' | 'reset' | 'start'; session: WtsSession };

/** The Sessions view. */
export function SessionsView() {
  const { client, me, notify, fail } = useConsole();
  // Cluster mode: the session host shown (default: the daemon's own); hosts listed when there are several.
  const [server, setServer] = useState<string | undefined>();
  const [hosts, setHosts] = useState<readonly HostView[]>([]);
  useEffect(() => {
    client.hosts().then(
      (h) => setHosts(h.hosts),
      () => setHosts([]),
    );
  }, [client]);
  const on = server === undefined ? {} : { server };
  const load = useCallback(
    () => client.listWtsSessions(server === undefined ? {} : { server }),
    [client, server],
  );
  const sessions = useLiveResource(load, { types: TYPES, what: 'Load sessions' });
  const now = useNow(15_000);
  const [pending, setPending] = useState<ReadonlyMap<number, Pending>>(new Map());
  const [dialog, setDialog] = useState<Dialog | undefined>();
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const [started, setStarted] = useState<ReadonlyMap<number, number>>(new Map());

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
      const result = await client.logoff(s.sessionId, { wait, ...on });
      if (wait && result.completed) {
        notify({ kind: 'success', text: sentence(`${who} is logged off; its programs have ended.`) });
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
      await client.disconnect(s.sessionId, { wait: true, ...on });
      notify({ kind: 'success', text: sentence(`${who} is disconnected; its programs keep running.`) });
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
      await client.reset(s.sessionId, on);
      notify({ kind: 'success', text: sentence(`${who} is reset.`) });
    } catch (error) {
      setOne(s.sessionId, undefined);
      fail(error, `Reset ${who}`);
    }
    sessions.reload();
  }

  const shown = sessions.data?.server ?? me.domain;
  return (
    <section aria-labelledby="sessions-title" class="view">
      <ViewHeader
        title="Sessions"
        id="sessions-title"
        summary={sessions.data === undefined ? 'Loading…' : `${plural(list.length, 'session')} on ${shown}`}
        loading={sessions.loading}
        onRefresh={sessions.reload}
      >
        {hosts.length > 1 && (
          <label class="host-select">
            Host{' '}
            <select
              value={server ?? hosts.find((h) => h.self)?.name ?? ''}
              onChange={(e) => {
                const name = (e.currentTarget as HTMLSelectElement).value;
                setServer(hosts.find((h) => h.name === name)?.self === true ? undefined : name);
                setOpen(new Set());
                setPending(new Map());
              }}
            >
              {hosts.map((h) => (
                <option key={h.name} value={h.name}>
                  {h.up ? h.name : `${h.name} (down)`}
                </option>
              ))}
            </select>
          </label>
        )}
      </ViewHeader>
      {sessions.problem !== undefined && <ProblemMessage problem={sessions.problem} />}
      <div class="table-wrap">
        <table class="grid sessions" aria-label={`Sessions on ${shown}`}>
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
            {list.map((s) => (
              <SessionRow
                key={s.sessionId}
                session={s}
                {...on}
                me={me}
                pending={pending.get(s.sessionId)}
                open={open.has(s.sessionId)}
                started={started.get(s.sessionId) ?? 0}
                idleMs={idleAt(s.idleMs, sessions.fetchedAt, now)}
                label={label(s)}
                onLogoff={() => setDialog({ kind: 'logoff', session: s })}
                onDisconnect={() => void disconnect(s)}
                onReset={() => setDialog({ kind: 'reset', session: s })}
                onToggle={() => toggle(s.sessionId)}
                onStart={() => setDialog({ kind: 'start', session: s })}
              />
            ))}
            {sessions.data !== undefined && list.length === 0 && (
              <tr>
                <td colSpan={SESSION_COLUMNS} class="empty">
                  No sessions you may see.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
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
          {...on}
          label={label(dialog.session)}
          onClose={() => setDialog(undefined)}
          onStarted={(pid, program) => {
            setDialog(undefined);
            notify({ kind: 'success', text: `Started ${program} (pid ${pid}) in ${label(dialog.session)}.` });
            const id = dialog.session.sessionId;
            setStarted((m) => new Map(m).set(id, (m.get(id) ?? 0) + 1));
            setOpen((o) => new Set(o).add(id));
          }}
        />
      )}
    </section>
  );
}

/** `session 3 (HOST\alice)`; sentences that start with it capitalise it (`sentence`). */
function label(s: WtsSession): string {
  const account = formatAccount(s.domain, s.userName);
  return account === '' ? `session ${s.sessionId}` : `session ${s.sessionId} (${account})`;
}

function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
