/** How the sign-in form reads what was typed as the user name. */

/** `DOMAIN\\user` → `{ domain, userName }`; a bare name has no domain; blanks around parts are dropped. */
export function splitAccount(text: string): { userName: string; domain?: string } {
  const i = text.indexOf('\\');
  if (i < 0) return { userName: text.trim() };
  return { domain: text.slice(0, i).trim(), userName: text.slice(i + 1).trim() };
}
