/**
 * `logond logon <user>`: logs on and saves the token for later commands. By default it opens a
 * terminal session (as a Remote Desktop logon does), so `query session` shows it with `>` and
 * `logoff` ends it; `--network` (or `--package`, `--logon-type`) calls LsaLogonUser alone.
 */
import { hostname } from 'node:os';
import type { Command } from '../command.ts';
import type { CommandContext } from '../context.ts';
import { readPassword } from '../password.ts';

function splitUser(text: string): { domain?: string; userName: string } {
  const at = text.indexOf('\\');
  return at === -1 ? { userName: text } : { domain: text.slice(0, at), userName: text.slice(at + 1) };
}

async function run(ctx: CommandContext): Promise<number> {
  const a = ctx.args;
  const { domain, userName } = splitUser(a.positionals[0]!);
  const password = await readPassword(ctx.io, {
    prompt: `Password for ${a.positionals[0]}: `,
    fromStdin: a.flag('password-stdin') === true,
    command: ctx.command,
  });
  const client = ctx.anonymousClient();
  const network =
    a.flag('network') === true || a.string('package') !== undefined || a.string('logon-type') !== undefined;
  let answer: { token: string; handle: number; logonId: string; sessionId: number; reconnected?: boolean };
  if (network) {
    const logonType = a.string('logon-type') ?? 'Network';
    const body: Parameters<typeof client.logon>[0] = {
      userName,
      password,
      logonType: /^[0-9]+$/.test(logonType) ? Number(logonType) : logonType,
    };
    if (a.string('package') !== undefined) body.package = a.string('package')!;
    if (domain !== undefined) body.domain = domain;
    answer = await client.logon(body);
  } else {
    const clientName = a.string('client-name') ?? hostname().slice(0, 20);
    const body: Parameters<typeof client.openWtsSession>[0] = { userName, password, clientName };
    if (a.string('station') !== undefined) body.station = a.string('station')!;
    answer = await client.openWtsSession(body);
  }
  if (a.flag('print-token')) {
    ctx.print(ctx.json ? JSON.stringify(answer, null, 2) : answer.token);
    return 0;
  }
  const saved = {
    token: answer.token,
    userName,
    logonId: answer.logonId,
    sessionId: answer.sessionId,
    handle: answer.handle,
  };
  ctx.credentials.set(ctx.server, {
    ...saved,
    ...(domain !== undefined ? { domain } : {}),
    savedAt: new Date().toISOString(),
  });
  if (ctx.json) ctx.printJson(answer);
  else {
    const where = network
      ? 'network logon'
      : `${answer.reconnected ? 'reconnected to session' : 'session'} ${answer.sessionId}`;
    ctx.print(
      `Logged on to ${ctx.server} as ${a.positionals[0]}: ${where}, logon session ${answer.logonId}.`,
    );
    ctx.print(`Token saved to ${ctx.credentials.path}.`);
  }
  return 0;
}

/** `logond logon`. */
export const logonCommand: Command = {
  path: ['logon'],
  summary: 'log on and save the token for the server (opens a terminal session unless --network)',
  usage: '<user>',
  args: { min: 1, max: 1 },
  description: [
    'Asks for the password without echo when stdin is a terminal; otherwise use --password-stdin.',
    'The token is saved (mode 0600) in the credentials file, keyed by server URL, unless --print-token.',
    'A user name may carry a domain: HOST\\alice.',
  ].join('\n'),
  options: {
    'password-stdin': {
      type: 'boolean',
      description: 'read the password from stdin (one trailing newline is dropped)',
    },
    'print-token': { type: 'boolean', description: 'print the token on stdout instead of saving it' },
    network: {
      type: 'boolean',
      description: 'a plain LsaLogonUser logon with no terminal session (POST /v1/logon)',
    },
    package: {
      type: 'string',
      valueName: 'NAME',
      default: 'MSV1_0',
      description: 'authentication package (implies --network)',
    },
    'logon-type': {
      type: 'string',
      valueName: 'TYPE',
      default: 'Network',
      description: 'logon type name or number (implies --network)',
    },
    station: {
      type: 'string',
      valueName: 'NAME',
      default: 'RDP-Tcp',
      description: 'the listener to connect through',
    },
    'client-name': {
      type: 'string',
      valueName: 'NAME',
      default: 'this host name',
      description: 'the client name the session shows',
    },
  },
  examples: [
    'logond logon alice',
    'printf %s "$PW" | logond logon alice --password-stdin',
    'export LOGOND_TOKEN=$(logond logon svc --network --password-stdin --print-token < pw.txt)',
  ],
  run,
};
