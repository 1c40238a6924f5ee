/** The header's live-connection indicator: Live, Connecting, Reconnecting (why), or Stopped (why). */
import { formatDuration } from '../lib/format.ts';
import type { StreamStatus } from '../live/use-event-stream.ts';

/** Shows the state of `/v1/events`; the reason of a drop is in the tooltip and for screen readers. */
export function LiveIndicator({ status }: { status: StreamStatus }) {
  const [label, tone, why] =
    status.state === 'live'
      ? ['Live', 'ok', 'Receiving live updates.']
      : status.state === 'connecting'
        ? ['Connecting…', 'wait', 'Connecting to the live event stream.']
        : status.state === 'reconnecting'
          ? [
              'Reconnecting…',
              'wait',
              `${status.problem.heading}. ${status.problem.detail} Retrying in ${formatDuration(status.delayMs)}.`,
            ]
          : [
              'Not live',
              'bad',
              `${status.problem.heading}. ${status.problem.detail} Use Refresh to update views.`,
            ];
  return (
    <span class={`live live-${tone}`} title={why} role="status">
      <span class="live-dot" aria-hidden="true" />
      {label}
      <span class="visually-hidden"> — {why}</span>
    </span>
  );
}
