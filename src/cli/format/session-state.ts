/**
 * The words qwinsta and quser print for a WTS_CONNECTSTATE_CLASS value (spec §1.7, §2.23): lower
 * case, as the MS-CLI documentation shows them.
 */

/** The state words by WTS_CONNECTSTATE_CLASS value 0-9. */
export const STATE_WORDS: readonly string[] = [
  'active',
  'conn',
  'connQ',
  'shadow',
  'disc',
  'idle',
  'listen',
  'reset',
  'down',
  'init',
];

const BY_NAME: Readonly<Record<string, string>> = {
  wtsactive: 'active',
  active: 'active',
  wtsconnected: 'conn',
  connected: 'conn',
  wtsconnectquery: 'connQ',
  connectquery: 'connQ',
  wtsshadow: 'shadow',
  shadow: 'shadow',
  wtsdisconnected: 'disc',
  disconnected: 'disc',
  wtsidle: 'idle',
  idle: 'idle',
  wtslisten: 'listen',
  listen: 'listen',
  wtsreset: 'reset',
  reset: 'reset',
  wtsdown: 'down',
  down: 'down',
  wtsinit: 'init',
  init: 'init',
};

/** The word for a session's state, from its number or (failing that) its name. */
export function stateWord(state: number | string | null | undefined, stateName?: string | null): string {
  if (typeof state === 'number' && STATE_WORDS[state] !== undefined) return STATE_WORDS[state];
  for (const name of [state, stateName]) {
    if (typeof name === 'string' && name !== '') return BY_NAME[name.toLowerCase()] ?? name.toLowerCase();
  }
  return '';
}
