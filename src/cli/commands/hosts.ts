/** `logond hosts`: the session hosts of the cluster (WTSEnumerateServers), with whether each is up. */
import type { Command } from '../command.ts';
import type { CommandContext } from '../context.ts';
import { formatHostTable } from '../format/host-table.ts';

async function run(ctx: CommandContext): Promise<number> {
  const answer = await ctx.client().hosts();
  if (ctx.json) ctx.printJson(answer);
  else ctx.print(formatHostTable(answer.hosts));
  return 0;
}

/** `logond hosts`. */
export const hostsCommand: Command = {
  path: ['hosts'],
  summary: 'list the session hosts of the cluster: NAME STATE ADDRESS LAST HEARTBEAT, > on the daemon’s own',
  description: [
    'A host is down when its heartbeat is older than the cluster’s down-after time; its sessions show as',
    'down, and an administrator can reset them through any other daemon ("logond reset session ID --server NAME").',
  ].join('\n'),
  examples: ['logond hosts', 'logond query session --server hostb', 'logond query session --server "*"'],
  run,
};
