/**
 * Logon sessions: the LSA's sessions (LUID, user, package, logon type, WTS session, logon time,
 * reference count) and, on demand, who holds each alive. A terminated session leaves the list
 * as soon as its event arrives, before the reload confirms it.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ProblemMessage } from '../components/problem-message.tsx';
import { ViewHeader } from '../components/view-header.tsx';
import { formatAccount, formatLogonType, formatTime } from '../lib/format.ts';
import { matchesLogonSession } from '../lib/logon-session-filter.ts';
import { useConsole } from '../live/console-context.ts';
import { useLiveResource } from '../live/use-live-resource.ts';
import { HoldersPanel } from './holders-panel.tsx';

const TYPES = ['logon-session.'] as const;
const COLUMNS = 8;

/** The Logon sessions view. */
export function LogonSessionsView() {
  const { client, me, bus } = useConsole();
  const load = useCallback(() => client.listLogonSessions(), [client]);
  const sessions = useLiveResource(load, { types: TYPES, what: 'Load logon sessions' });
  const [gone, setGone] = useState<ReadonlySet<string>>(new Set());
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const [filter, setFilter] = useState('');

  useEffect(
    () =>
      bus.subscribe((event) => {
        const logonId = (event.data as { logonId?: unknown } | null)?.logonId;
        if (event.type === 'logon-session.terminated' && typeof logonId === 'string') {
          setGone((g) => new Set(g).add(logonId));
        }
      }),
    [bus],
  );
  // LUIDs are never reused, so a terminated one stays hidden; once a reload no longer lists it,
  // it need not be remembered.
  useEffect(() => {
    const listed = new Set((sessions.data ?? []).map((s) => s.logonId));
    setGone((g) =>
      [...g].every((id) => listed.has(id)) ? g : new Set([...g].filter((id) => listed.has(id))),
    );
  }, [sessions.data]);

  const all = (sessions.data ?? []).filter((s) => !gone.has(s.logonId));
  const list = all.filter((s) => matchesLogonSession(s, filter));
  const toggle = (id: string): void =>
    setOpen((o) => {
      const next = new Set(o);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <section aria-labelledby="logon-sessions-title" class="view">
      <ViewHeader
        title="Logon sessions"
        id="logon-sessions-title"
        summary={
          sessions.data === undefined
            ? 'Loading…'
            : `${all.length} logon session${all.length === 1 ? '' : 's'}${me.administrator ? '' : ' of yours'}`
        }
        loading={sessions.loading}
        onRefresh={sessions.reload}
      >
        <div class="field inline">
          <label for="logon-filter">Filter</label>
          <input
            id="logon-filter"
            type="search"
            placeholder="user, LUID, package…"
            value={filter}
            onInput={(e) => setFilter(e.currentTarget.value)}
          />
        </div>
      </ViewHeader>
      {sessions.problem !== undefined && <ProblemMessage problem={sessions.problem} />}
      <table class="grid logon-sessions" aria-label="Logon sessions">
        <thead>
          <tr>
            <th scope="col">LUID</th>
            <th scope="col">User</th>
            <th scope="col">Package</th>
            <th scope="col">Logon type</th>
            <th scope="col">Session</th>
            <th scope="col">Logon time</th>
            <th scope="col">Refs</th>
            <th scope="col">Held by</th>
          </tr>
        </thead>
        <tbody>
          {list.map((s) => {
            const mine = s.logonId === me.logonId;
            const detailId = `holders-${s.logonId.replace(/[^0-9a-z]/gi, '-')}`;
            return [
              <tr key={s.logonId} class={mine ? 'current' : undefined} data-logon-id={s.logonId}>
                <td data-label="LUID">
                  <code>{s.logonId}</code>
                  {mine && <span class="badge badge-own">this console</span>}
                </td>
                <td data-label="User">
                  {formatAccount(s.logonDomain, s.userName) || <span class="muted">none</span>}
                </td>
                <td data-label="Package">{s.authenticationPackage}</td>
                <td data-label="Logon type">
                  {formatLogonType(s.logonType, s.logonTypeName)}
                  {s.phase !== 'active' && <span class="badge">{s.phase}</span>}
                </td>
                <td data-label="Session" class="num">
                  {s.session}
                </td>
                <td data-label="Logon time">
                  {s.logonTime === null ? (
                    <span class="muted">—</span>
                  ) : (
                    <time dateTime={s.logonTime}>{formatTime(s.logonTime)}</time>
                  )}
                </td>
                <td data-label="Refs" class="num">
                  {s.referenceCount}
                </td>
                <td data-label="Held by">
                  <button
                    type="button"
                    aria-expanded={open.has(s.logonId)}
                    aria-controls={detailId}
                    onClick={() => toggle(s.logonId)}
                  >
                    {open.has(s.logonId) ? 'Hide holders' : 'Show holders'}
                  </button>
                </td>
              </tr>,
              open.has(s.logonId) && (
                <tr key={`${s.logonId}-holders`} class="detail" id={detailId}>
                  <td colSpan={COLUMNS}>
                    <HoldersPanel logonId={s.logonId} />
                  </td>
                </tr>
              ),
            ];
          })}
          {sessions.data !== undefined && list.length === 0 && (
            <tr>
              <td colSpan={COLUMNS} class="empty">
                {all.length === 0 ? 'No logon sessions you may see.' : 'No logon session matches the filter.'}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}
