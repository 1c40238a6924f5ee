/**
 * Names of local accounts, with Windows' rules for local user and group names.
 *
 * A user name has 1 to 20 characters (UTF-16 units, as Windows counts them), a group name 1 to 256.
 * Neither may contain `" / \ [ ] : ; | = , + * ? < > @` or control characters, nor consist only of
 * periods and spaces. logond also refuses leading or trailing spaces, which Windows would keep but
 * which make two accounts look alike. Names compare case-insensitively: `toAccountKey` gives the
 * stored key.
 */

/** USERNAME_LENGTH / the SAM limit for local user names. */
export const MAX_USER_NAME_LENGTH = 20;
/** The SAM limit for local group names. */
export const MAX_GROUP_NAME_LENGTH = 256;

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it rejects.
const FORBIDDEN = /["/\\[\]:;|=,+*?<>@\u0000-\u001f]/;
const ONLY_DOTS_AND_SPACES = /^[. ]+$/;

function nameProblem(kind: string, name: unknown, maxLength: number): string | undefined {
  if (typeof name !== 'string') return `The ${kind} name must be a string.`;
  if (name.length === 0) return `The ${kind} name is empty.`;
  if (name.length > maxLength) return `The ${kind} name "${name}" is longer than ${maxLength} characters.`;
  if (FORBIDDEN.test(name))
    return `The ${kind} name "${name}" contains a character that is not allowed (" / \\ [ ] : ; | = , + * ? < > @ or a control character).`;
  if (ONLY_DOTS_AND_SPACES.test(name))
    return `The ${kind} name "${name}" consists only of periods and spaces.`;
  if (name.trim() !== name) return `The ${kind} name "${name}" starts or ends with a space.`;
  return undefined;
}

/** Why `name` is not a valid local user name, as a sentence, or `undefined` when it is valid. */
export function userNameProblem(name: unknown): string | undefined {
  return nameProblem('user', name, MAX_USER_NAME_LENGTH);
}

/** Why `name` is not a valid local group name, as a sentence, or `undefined` when it is valid. */
export function groupNameProblem(name: unknown): string | undefined {
  return nameProblem('group', name, MAX_GROUP_NAME_LENGTH);
}

/** Whether `name` is a valid local user name. */
export function isUserName(name: unknown): name is string {
  return userNameProblem(name) === undefined;
}

/** The case-insensitive key an account is stored under: the lower-cased name. */
export function toAccountKey(name: string): string {
  return name.toLowerCase();
}
