/**
 * Events: the event log, newest first — the last page from `/v1/events/log`, then every event
 * the live stream brings. Filter by category and text; pause to read without the list moving.
 */
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { LogondEvent } from '../../../src/client/index.ts';
import { ProblemMessage } from '../components/problem-message.tsx';
import { ViewHeader } from '../components/view-header.tsx';
import { FEED_LIMIT, mergeEvents } from '../lib/event-feed.ts';
import {
  auditId,
  EVENT_CATEGORIES,
  type EventCategory,
  eventCategory,
  matchesFilter,
  summarizeEvent,
} from '../lib/event-summary.ts';
import { formatTime } from '../lib/format.ts';
import { describeProblem, isSignedOut, type Problem } from '../lib/problem.ts';
import { useConsole } from '../live/console-context.ts';
import { RESYNC } from '../live/use-event-stream.ts';

const PAGE = 200;

/** The Events view. */
export function EventsView() {
  const { client, bus, fail } = useConsole();
  const [feed, setFeed] = useState<LogondEvent[]>([]);
  const [problem, setProblem] = useState<Problem | undefined>();
  const [loading, setLoading] = useState(true);
  const [paused, setPaused] = useState<LogondEvent[] | undefined>();
  const [categories, setCategories] = useState<ReadonlySet<EventCategory>>(
    new Set(EVENT_CATEGORIES.map((c) => c.id)),
  );
  const [text, setText] = useState('');

  const loadRecent = useCallback(async () => {
    setLoading(true);
    try {
      const { last } = await client.eventLog({ limit: 1 });
      const page = await client.eventLog({ after: Math.max(0, last - PAGE), limit: PAGE });
      setFeed((f) => mergeEvents(f, page.events));
      setProblem(undefined);
    } catch (error) {
      if (isSignedOut(error)) fail(error, 'Load the event log');
      else setProblem(describeProblem(error, 'Load the event log'));
    } finally {
      setLoading(false);
    }
  }, [client, fail]);

  useEffect(() => {
    void loadRecent();
    return bus.subscribe((event) => {
      if (event.type !== RESYNC) setFeed((f) => mergeEvents(f, [event]));
    });
  }, [loadRecent, bus]);

  const shown = paused ?? feed;
  const visible = useMemo(
    () => shown.filter((e) => matchesFilter(e, { categories, text })),
    [shown, categories, text],
  );
  const waiting = paused === undefined ? 0 : feed.filter((e) => e.seq > (paused[0]?.seq ?? 0)).length;
  const newest = visible[0];

  return (
    <section aria-labelledby="events-title" class="view">
      <ViewHeader
        title="Events"
        id="events-title"
        summary={`The event log, newest first (up to ${FEED_LIMIT} kept on this page).`}
        loading={loading}
        onRefresh={() => void loadRecent()}
      >
        <button
          type="button"
          aria-pressed={paused !== undefined}
          onClick={() => setPaused(paused === undefined ? feed : undefined)}
        >
          {paused === undefined ? 'Pause' : waiting > 0 ? `Resume (${waiting} new)` : 'Resume'}
        </button>
      </ViewHeader>
      {problem !== undefined && <ProblemMessage problem={problem} />}
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter events">
        <fieldset class="choices inline">
          <legend>Types</legend>
          {EVENT_CATEGORIES.map((c) => (
            <div class="check" key={c.id}>
              <input
                id={`event-cat-${c.id}`}
                type="checkbox"
                checked={categories.has(c.id)}
                onChange={(e) => {
                  const next = new Set(categories);
                  if (e.currentTarget.checked) next.add(c.id);
                  else next.delete(c.id);
                  setCategories(next);
                }}
              />
              <label for={`event-cat-${c.id}`}>{c.label}</label>
            </div>
          ))}
        </fieldset>
        <div class="field inline">
          <label for="event-text">Contains</label>
          <input
            id="event-text"
            type="search"
            placeholder="type, user, LUID…"
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
          />
        </div>
      </form>
      <p class="visually-hidden" role="status" aria-live="polite">
        {newest === undefined
          ? 'No events shown.'
          : `${visible.length} events shown; newest: ${summarizeEvent(newest)}`}
      </p>
      <table class="grid events" aria-label="Event log">
        <thead>
          <tr>
            <th scope="col">Seq</th>
            <th scope="col">Time</th>
            <th scope="col">Type</th>
            <th scope="col">Event ID</th>
            <th scope="col">What happened</th>
          </tr>
        </thead>
        <tbody>
          {visible.map((e) => (
            <tr key={e.seq} data-event-type={e.type} class={`cat-${eventCategory(e.type)}`}>
              <td data-label="Seq" class="num">
                {e.seq}
              </td>
              <td data-label="Time">
                {e.time === null ? '—' : <time dateTime={e.time}>{formatTime(e.time)}</time>}
              </td>
              <td data-label="Type">
                <code class="event-type">{e.type}</code>
              </td>
              <td data-label="Event ID" class={auditId(e) === undefined ? 'num blank' : 'num'}>
                {auditId(e) ?? <span class="muted">—</span>}
              </td>
              <td data-label="Summary">
                <details>
                  <summary>{summarizeEvent(e)}</summary>
                  <pre class="event-data">{JSON.stringify(e.data, null, 2)}</pre>
                </details>
              </td>
            </tr>
          ))}
          {!loading && visible.length === 0 && (
            <tr>
              <td colSpan={5} class="empty">
                {shown.length === 0 ? 'No events yet.' : 'No event matches the filter.'}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}
