/**
 * `logond events`: the event log (logons, logoffs, terminations, account changes), one line per
 * event; `--follow` keeps the SSE stream open, resuming after dropped connections, until Ctrl-C.
 */
import type { LogondEvent } from '../../client/types.ts';
import type { Command } from '../command.ts';
import type { CommandContext } from '../context.ts';
import { formatEventLine } from '../format/event-line.ts';

const PAGE = 100;

async function run(ctx: CommandContext): Promise<number> {
  const a = ctx.args;
  const client = ctx.client();
  const types = a.strings('types', { split: true });
  const after = a.integer('after');
  const limit = a.integer('limit');
  if (a.flag('follow')) {
    const signal = ctx.io.stopSignal();
    const stream = client.events({
      types,
      ...(after !== undefined ? { after } : {}),
      signal,
      onRetry: (r) =>
        ctx.note(
          `logond: event stream lost; reconnecting in ${Math.round(r.delayMs / 100) / 10}s${r.lastEventId ? ` after event ${r.lastEventId}` : ''}`,
        ),
    });
    let count = 0;
    for await (const e of stream) {
      ctx.print(ctx.json ? JSON.stringify(e) : formatEventLine(e));
      if (limit !== undefined && ++count >= limit) break;
    }
    return 0;
  }
  const events: LogondEvent[] = [];
  let cursor = after ?? 0;
  let last = cursor;
  for (;;) {
    const want = limit === undefined ? PAGE : Math.min(PAGE, limit - events.length);
    if (want <= 0) break;
    const page = await client.eventLog({
      after: cursor,
      limit: want,
      ...(types.length > 0 ? { types } : {}),
    });
    events.push(...page.events);
    last = page.last;
    if (page.events.length < want) break;
    cursor = page.events.at(-1)!.seq;
  }
  if (ctx.json) ctx.printJson({ events, last });
  else for (const e of events) ctx.print(formatEventLine(e));
  return 0;
}

/** `logond events`. */
export const eventsCommand: Command = {
  path: ['events'],
  summary: 'print the event log, or follow it live with --follow',
  options: {
    types: {
      type: 'string',
      valueName: 'A,B',
      multiple: true,
      default: 'every type',
      description: 'event types; a type ending in "." is a prefix (wts.)',
    },
    after: {
      type: 'string',
      valueName: 'N',
      default: '0, or only new events with --follow',
      description: 'start after sequence number N',
    },
    limit: { type: 'string', valueName: 'N', default: 'no limit', description: 'stop after N events' },
    follow: { type: 'boolean', short: 'f', description: 'keep following the live stream (SSE) until Ctrl-C' },
  },
  description:
    "With --json, the log is printed as the API's page, and --follow prints one JSON event per line.",
  examples: ['logond events --types logon-session.terminated --follow', 'logond events --after 120 --json'],
  run,
};
