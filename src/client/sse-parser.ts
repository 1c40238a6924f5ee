/**
 * An incremental parser of `text/event-stream` (the WHATWG "event stream interpretation"): feed it
 * decoded text in chunks of any size, split anywhere, and it returns the messages completed so far.
 */

/** One dispatched server-sent event. */
export interface SseMessage {
  /** The `event:` field; `message` when absent. */
  readonly event: string;
  /** The `data:` lines joined by `\n`. */
  readonly data: string;
  /** The last event id seen so far in the stream (ids persist across messages), or `''`. */
  readonly id: string;
}

/** Parses an event stream chunk by chunk. */
export class SseParser {
  #pending = '';
  #sawCr = false;
  #started = false;
  #event = '';
  #data: string[] = [];
  #idBuffer = '';
  #lastEventId = '';
  #retry: number | undefined;

  /**
   * The last event id of a completed message (ids persist across messages, as `Last-Event-ID`
   * needs); an `id:` line counts once the blank line that ends its message has arrived.
   */
  get lastEventId(): string {
    return this.#lastEventId;
  }

  /** The reconnection delay the server asked for with `retry:`, in ms, if any. */
  get retry(): number | undefined {
    return this.#retry;
  }

  /** Feeds one chunk; returns the messages it completed. */
  push(chunk: string): SseMessage[] {
    let text = chunk;
    if (!this.#started && text.length > 0) {
      this.#started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    // A CR that ended the previous chunk already ended its line; a LF right after it is the same line end.
    if (this.#sawCr && text.startsWith('\n')) text = text.slice(1);
    this.#sawCr = false;
    const out: SseMessage[] = [];
    let buf = this.#pending + text;
    for (;;) {
      const m = /\r\n|\r|\n/.exec(buf);
      if (m === null) break;
      if (m[0] === '\r' && m.index === buf.length - 1) this.#sawCr = true;
      this.#line(buf.slice(0, m.index), out);
      buf = buf.slice(m.index + m[0].length);
    }
    this.#pending = buf;
    return out;
  }

  /** Ends the stream: an incomplete message at the end is discarded, as the standard says. */
  end(): void {
    this.#pending = '';
    this.#event = '';
    this.#data = [];
  }

  #line(line: string, out: SseMessage[]): void {
    if (line === '') {
      this.#dispatch(out);
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.#event = value;
    else if (field === 'data') this.#data.push(value);
    else if (field === 'id') {
      if (!value.includes('\0')) this.#idBuffer = value;
    } else if (field === 'retry') {
      if (/^[0-9]+$/.test(value)) this.#retry = Number(value);
    }
  }

  #dispatch(out: SseMessage[]): void {
    this.#lastEventId = this.#idBuffer;
    if (this.#data.length > 0) {
      out.push({
        event: this.#event === '' ? 'message' : this.#event,
        data: this.#data.join('\n'),
        id: this.#lastEventId,
      });
    }
    this.#event = '';
    this.#data = [];
  }
}
