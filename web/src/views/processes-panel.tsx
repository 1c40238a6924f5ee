/**
 * The programs running in one WTS session, reloaded when the session's notifications arrive, when
 * the console starts one, and every few seconds while the panel is open.
 */
import { useCallback, useEffect, useRef } from 'preact/hooks';
import { ProblemMessage } from '../components/problem-message.tsx';
import { formatTime, isIsoTime } from '../lib/format.ts';
import { useConsole } from '../live/console-context.ts';
import { useLiveResource } from '../live/use-live-resource.ts';

const TYPES = ['wts.', 'process.', 'logon-session.terminated'] as const;
const POLL_MS = 10_000;

/** Props of `ProcessesPanel`. */
export interface ProcessesPanelProps {
  sessionId: number;
  /** The session host of the cluster it lives on (default: the daemon's own). */
  server?: string;
  title: string;
  /** Opens the Start program dialog; absent when the caller may not start programs there. */
  onStart?: () => void;
  /** Changes when the console itself started a program here (no event may announce it). */
  startedCount?: number;
}

/** Lists a session's programs: pid, command line, start time. */
export function ProcessesPanel({ sessionId, server, title, onStart, startedCount = 0 }: ProcessesPanelProps) {
  const { client } = useConsole();
  const load = useCallback(
    () => client.listProcesses(sessionId, server === undefined ? {} : { server }),
    [client, sessionId, server],
  );
  const processes = useLiveResource(load, {
    types: TYPES,
    what: `List the programs of session ${sessionId}`,
  });
  const { reload } = processes;
  const seen = useRef(startedCount);
  useEffect(() => {
    if (seen.current === startedCount) return;
    seen.current = startedCount;
    reload();
  }, [startedCount, reload]);
  // A program that exits by itself may announce nothing: look again now and then while open.
  useEffect(() => {
    const timer = setInterval(reload, POLL_MS);
    return () => clearInterval(timer);
  }, [reload]);
  const list = processes.data ?? [];
  return (
    <div class="panel">
      <div class="panel-head">
        <h2>{title}</h2>
        <div class="view-tools">
          {onStart !== undefined && (
            <button type="button" onClick={onStart}>
              Start program…
            </button>
          )}
          <button type="button" class={processes.loading ? 'busy' : undefined} onClick={processes.reload}>
            Refresh
          </button>
        </div>
      </div>
      {processes.problem !== undefined && <ProblemMessage problem={processes.problem} />}
      {processes.data !== undefined &&
        (list.length === 0 ? (
          <p class="muted">No programs are running in this session.</p>
        ) : (
          <table class="grid compact" aria-label={title}>
            <thead>
              <tr>
                <th scope="col">PID</th>
                <th scope="col">Command line</th>
                <th scope="col">Started</th>
              </tr>
            </thead>
            <tbody>
              {list.map((p) => (
                <tr key={p.pid}>
                  <td data-label="PID" class="num">
                    {p.pid}
                  </td>
                  <td data-label="Command line">
                    <code>{[p.program, ...p.args].join(' ')}</code>
                  </td>
                  <td data-label="Started">
                    {isIsoTime(p.startTime) ? (
                      <time dateTime={p.startTime}>{formatTime(p.startTime)}</time>
                    ) : (
                      <span class="muted">—</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </div>
  );
}
