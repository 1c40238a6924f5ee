/**
 * Every `logond` command, in the order `logond --help` lists them.
 */
import type { Command } from '../command.ts';
import { disconnectCommand } from './disconnect.ts';
import { eventsCommand } from './events.ts';
import { groupsCommands } from './groups.ts';
import { hostsCommand } from './hosts.ts';
import { logoffCommand } from './logoff.ts';
import { logonCommand } from './logon.ts';
import { logonsessionsCommand } from './logonsessions.ts';
import { logoutCommand } from './logout.ts';
import { queryProcessCommand } from './query-process.ts';
import { querySessionCommand } from './query-session.ts';
import { queryUserCommand } from './query-user.ts';
import { resetSessionCommand } from './reset-session.ts';
import { runCommand } from './run.ts';
import { serveCommand } from './serve.ts';
import { usersCommands } from './users.ts';
import { whoamiCommand } from './whoami.ts';

/** The commands, in help order. */
export const COMMANDS: readonly Command[] = [
  serveCommand,
  logonCommand,
  logoutCommand,
  whoamiCommand,
  logonsessionsCommand,
  querySessionCommand,
  queryUserCommand,
  queryProcessCommand,
  logoffCommand,
  disconnectCommand,
  resetSessionCommand,
  runCommand,
  hostsCommand,
  ...usersCommands,
  ...groupsCommands,
  eventsCommand,
];
