/**
 * `logond logonsessions`: every logon session the caller may see, one block each as Sysinternals
 * LogonSessions prints them; `--holders` adds the tokens and handles that keep each alive.
 */
import type { LogonSessionHolders } from '../../client/types.ts';
import type { Command } from '../command.ts';
import type { CommandContext } from '../context.ts';
import { formatLogonSessions } from '../format/logon-sessions.ts';

async function run(ctx: CommandContext): Promise<number> {
  const client = ctx.client();
  const sessions = await client.listLogonSessions();
  let holders: Map<string, LogonSessionHolders> | undefined;
  if (ctx.args.flag('holders')) {
    const all = await Promise.all(sessions.map((s) => client.getLogonSessionHolders(s.logonId)));
    holders = new Map(all.map((h, i) => [sessions[i]!.logonId, h]));
  }
  if (ctx.json) {
    ctx.printJson({
      sessions: holders
        ? sessions.map((s) => ({ ...s, holders: holders.get(s.logonId)?.holders ?? [] }))
        : sessions,
    });
  } else if (sessions.length > 0) {
    ctx.print(formatLogonSessions(sessions, holders ? { holders } : {}));
  }
  return 0;
}

/** `logond logonsessions`. */
export const logonsessionsCommand: Command = {
  path: ['logonsessions'],
  summary: 'list logon sessions as Sysinternals LogonSessions does (administrators see all)',
  options: {
    holders: {
      type: 'boolean',
      description: 'also list the tokens and handles that keep each session alive',
    },
  },
  run,
};
