/**
 * One WTS session in the Sessions view: the qwinsta/Task Manager columns, the caller's marks,
 * the progress of an action under way, the actions the caller may take, and (opened) its
 * Programs panel. Cells without a value are marked `blank` so phone-sized cards can drop them.
 */
import type { Whoami, WtsSession } from '../../../src/client/index.ts';
import {
  clientLines,
  formatAccount,
  formatDuration,
  formatIdle,
  formatState,
  formatTime,
  stateTone,
} from '../lib/format.ts';
import { hasAnyAction, isOwnSession, sessionActions } from '../lib/session-rights.ts';
import { useNow } from '../live/use-now.ts';
import { ProcessesPanel } from './processes-panel.tsx';

/** The number of columns of the Sessions table. */
export const SESSION_COLUMNS = 8;

/** An action under way on a session, shown in its row until it ends (or the session goes). */
export interface Pending {
  readonly action: 'logoff' | 'disconnect' | 'reset';
  readonly startedAt: number;
  readonly wait: boolean;
}

const PENDING_WORDS: Record<Pending['action'], string> = {
  logoff: 'Logging off',
  disconnect: 'Disconnecting',
  reset: 'Resetting',
};

/** Props of `SessionRow`. */
export interface SessionRowProps {
  session: WtsSession;
  /** The session host of the cluster it lives on (default: the daemon's own). */
  server?: string;
  me: Whoami;
  pending: Pending | undefined;
  /** Whether its Programs panel is open. */
  open: boolean;
  /** Programs the console started in it so far (its Programs panel reloads on a change). */
  started: number;
  /** Its idle time now (see `idleAt`), or null when unknown. */
  idleMs: number | null;
  /** `session 3 (HOST\alice)`, for names and messages. */
  label: string;
  onLogoff: () => void;
  onDisconnect: () => void;
  onReset: () => void;
  onToggle: () => void;
  onStart: () => void;
}

/** The row, and its Programs panel when open. */
export function SessionRow(props: SessionRowProps) {
  const { session: s, me, pending, open, idleMs, label } = props;
  const actions = sessionActions(s, me);
  const own = isOwnSession(s, me);
  const account = formatAccount(s.domain, s.userName);
  const client = clientLines(s.clientName, s.clientAddress);
  const detailId = `session-${s.sessionId}-programs`;
  const rowClass = [own ? 'own' : '', s.current ? 'current' : '', pending ? 'busy' : ''].join(' ').trim();
  const busy = pending !== undefined;
  return (
    <>
      <tr class={rowClass} data-session-id={s.sessionId}>
        <td data-label="ID" class="num">
          {s.current && (
            <span class="current-mark" title="The session of this console's token (qwinsta marks it with >)">
              &gt;<span class="visually-hidden">current session </span>
            </span>
          )}
          {s.sessionId}
        </td>
        <td data-label="Session" class={s.winStationName === '' ? 'nowrap blank' : 'nowrap'}>
          {s.winStationName === '' ? <span class="muted">—</span> : s.winStationName}
        </td>
        <td data-label="User" class={account === '' ? 'blank' : 'nowrap'}>
          {account === '' ? <span class="muted">none</span> : account}
          {own && <span class="badge badge-own">you</span>}
        </td>
        <td data-label="State" class="nowrap">
          {pending === undefined ? (
            <span class={`state state-${stateTone(s.state)}`}>{formatState(s.state, s.stateName)}</span>
          ) : (
            <PendingProgress pending={pending} what={label} />
          )}
        </td>
        <td
          data-label="Idle"
          class={idleMs === null ? 'nowrap blank muted' : 'nowrap'}
          title={idleMs === null ? 'not known' : formatDuration(idleMs)}
        >
          {formatIdle(idleMs)}
        </td>
        <td data-label="Logon time" class={s.logonTime === null ? 'blank' : undefined}>
          {s.logonTime === null ? (
            <span class="muted">—</span>
          ) : (
            <time dateTime={s.logonTime}>{formatTime(s.logonTime)}</time>
          )}
        </td>
        <td data-label="Client" class={client.first === '' ? 'blank' : undefined}>
          {client.first === '' ? <span class="muted">—</span> : client.first}
          {client.second !== '' && <span class="sub">{client.second}</span>}
        </td>
        <td data-label="Actions" class={hasAnyAction(actions) ? 'actions' : 'actions blank'}>
          {hasAnyAction(actions) ? (
            <fieldset class="action-row">
              <legend class="visually-hidden">{`Actions for ${label}`}</legend>
              {actions.logoff && (
                <button type="button" class="danger" disabled={busy} onClick={props.onLogoff}>
                  Log off
                </button>
              )}
              {actions.disconnect && (
                <button type="button" disabled={busy} onClick={props.onDisconnect}>
                  Disconnect
                </button>
              )}
              {actions.reset && (
                <button type="button" disabled={busy} onClick={props.onReset}>
                  Reset
                </button>
              )}
              {actions.listPrograms && (
                <button type="button" aria-expanded={open} aria-controls={detailId} onClick={props.onToggle}>
                  Programs
                </button>
              )}
            </fieldset>
          ) : (
            <span class="muted">—</span>
          )}
        </td>
      </tr>
      {open && actions.listPrograms && (
        <tr class="detail" id={detailId}>
          <td colSpan={SESSION_COLUMNS}>
            <ProcessesPanel
              sessionId={s.sessionId}
              {...(props.server === undefined ? {} : { server: props.server })}
              title={`Programs in ${label}`}
              startedCount={props.started}
              {...(actions.startProgram ? { onStart: props.onStart } : {})}
            />
          </td>
        </tr>
      )}
    </>
  );
}

/** A row's progress: what is under way, for how long, with an indeterminate progress bar. */
function PendingProgress({ pending, what }: { pending: Pending; what: string }) {
  const now = useNow(1000);
  const words = PENDING_WORDS[pending.action];
  const requested = pending.action === 'logoff' && !pending.wait ? ' (requested)' : '';
  return (
    <span class="pending">
      <progress aria-label={`${words} ${what}`} />
      <span>
        {words}…{requested} {formatDuration(now - pending.startedAt)}
      </span>
    </span>
  );
}
