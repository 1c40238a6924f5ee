/**
 * A session's client: its name (CLIENTNAME_LENGTH = 20 characters, spec §1.7) and IP address,
 * checked and normalised without an I/O library (IPv6 through the URL parser).
 */
import { NtError } from '../nt/nt-error.ts';
import { STATUS_INVALID_PARAMETER } from '../nt/ntstatus.ts';
import type { SessionClient } from './session-row.ts';

/** CLIENTNAME_LENGTH (SDK-WTS). */
export const CLIENTNAME_LENGTH = 20;

/** AF_INET and AF_INET6 as WTS_CLIENT_ADDRESS carries them (Windows values). */
export const AF_UNSPEC = 0;
export const AF_INET = 2;
export const AF_INET6 = 23;

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** The normalised form of an IPv4 or IPv6 address, or undefined if `text` is neither. */
export function toIpAddress(text: string): string | undefined {
  if (IPV4.test(text)) return text;
  if (!text.includes(':') || /[^0-9a-fA-F:.]/.test(text)) return undefined;
  try {
    return new URL(`http://[${text}]/`).hostname.slice(1, -1);
  } catch {
    return undefined;
  }
}

/** The bytes of a normalised address (`toIpAddress`'s output): 4 for IPv4, 16 for IPv6. */
export function toAddressBytes(address: string): { family: number; bytes: number[] } {
  if (address === '') return { family: AF_UNSPEC, bytes: [] };
  if (IPV4.test(address)) return { family: AF_INET, bytes: address.split('.').map(Number) };
  // The URL parser writes IPv6 as hex words, with at most one `::` and no embedded IPv4.
  const [head = '', tail] = address.split('::');
  const words = (part: string) => (part === '' ? [] : part.split(':'));
  const h = words(head);
  const t = tail === undefined ? [] : words(tail);
  const all = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return {
    family: AF_INET6,
    bytes: all.flatMap((w) => [(Number.parseInt(w, 16) >> 8) & 0xff, Number.parseInt(w, 16) & 0xff]),
  };
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) < 0x20) return true;
  return false;
}

/** Checks a client name and address (throws NtError with STATUS_INVALID_PARAMETER) and normalises them. */
export function toClient(clientName: unknown, clientAddress: unknown): SessionClient {
  const name = clientName ?? '';
  if (typeof name !== 'string' || name.length > CLIENTNAME_LENGTH || hasControlCharacter(name)) {
    throw new NtError(
      STATUS_INVALID_PARAMETER,
      `clientName must be a string of at most ${CLIENTNAME_LENGTH} printable characters`,
    );
  }
  const raw = clientAddress ?? '';
  const address = raw === '' ? '' : typeof raw === 'string' ? toIpAddress(raw) : undefined;
  if (address === undefined)
    throw new NtError(
      STATUS_INVALID_PARAMETER,
      `clientAddress must be an IPv4 or IPv6 address, not ${JSON.stringify(raw)}`,
    );
  return { clientName: name, clientAddress: address, clientBuildNumber: 0 };
}
