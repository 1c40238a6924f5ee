/**
 * `query process` output: columns USERNAME, SESSIONNAME, ID, PID, IMAGE as Windows prints them,
 * `>` before the processes of the caller's session.
 *
 * ```
 *  USERNAME              SESSIONNAME         ID    PID  IMAGE
 * >alice                 rdp-tcp#2            2  48213  sleep
 * ```
 */
import type { SessionProcess, WtsSession } from '../../client/types.ts';
import { left, right } from './columns.ts';

/** The header line of `query process`. */
export const PROCESS_TABLE_HEADER = ` ${left('USERNAME', 22)}${left('SESSIONNAME', 18)}${right('ID', 4)}${right('PID', 7)}  IMAGE`;

/** The IMAGE column: the program's file name, as Windows shows the image name. */
export function imageName(program: string): string {
  return program.split(/[\\/]/).at(-1) ?? program;
}

/** The table of `processes`, each shown with its `session`'s user and name. */
export function formatProcessTable(session: WtsSession, processes: readonly SessionProcess[]): string {
  const marker = session.current ? '>' : ' ';
  const lines = processes.map((p) => {
    const user = left(session.userName.toLowerCase(), 21);
    const name = left(session.winStationName.toLowerCase(), 17);
    return `${marker}${user} ${name} ${right(String(p.sessionId), 4)}${right(String(p.pid), 7)}  ${imageName(p.program)}`;
  });
  return [PROCESS_TABLE_HEADER, ...lines].join('\n');
}
