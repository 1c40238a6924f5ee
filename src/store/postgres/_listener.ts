/**
 * The LISTEN connection: how a store hears of events other processes commit. Private to the
 * PostgreSQL adapter.
 *
 * A dedicated client (not from the pool) LISTENs on the store's channel; each NOTIFY carries only
 * the last sequence number of a commit. A notification sent while the connection is down is lost,
 * so after every (re)connection the listener reads the committed last sequence number and reports
 * it: whoever listens catches up by reading the log after its cursor. A lost connection is retried
 * with backoff, from 100 ms up to 5 s, until the store closes.
 */
import { Client } from 'pg';
import { quoteId } from './_sql.ts';

/** Options of `EventListener`. */
export interface EventListenerOptions {
  readonly connectionString: string;
  /** `application_name` of the connection, as `pg_stat_activity` shows it. */
  readonly applicationName: string;
  readonly channel: string;
  /** A query returning the committed last sequence number as column `last`. */
  readonly lastSeqSql: string;
  /** Hears each sequence number, from notifications and from catch-up reads. */
  readonly onSeq: (seq: number) => void;
}

const FIRST_DELAY_MS = 100;
const MAX_DELAY_MS = 5000;

/** Keeps one LISTEN connection up until closed. */
export class EventListener {
  readonly #o: EventListenerOptions;
  #client: Client | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #delay = FIRST_DELAY_MS;
  #closed = false;
  /** Connections that reached LISTEN (the first one included). */
  connects = 0;

  constructor(options: EventListenerOptions) {
    this.#o = options;
    void this.#connect();
  }

  async #connect(): Promise<void> {
    this.#timer = undefined;
    if (this.#closed) return;
    const o = this.#o;
    const client = new Client({ connectionString: o.connectionString, application_name: o.applicationName });
    this.#client = client;
    client.on('error', () => this.#lost(client));
    client.on('end', () => this.#lost(client));
    client.on('notification', (msg) => {
      const seq = Number(msg.payload);
      if (msg.channel === o.channel && Number.isSafeInteger(seq)) o.onSeq(seq);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${quoteId(o.channel)}`);
      const result = await client.query(o.lastSeqSql);
      if (this.#client !== client) return;
      this.#delay = FIRST_DELAY_MS;
      this.connects++;
      o.onSeq(Number((result.rows[0] as { last: string }).last));
    } catch {
      this.#lost(client);
    }
  }

  #lost(client: Client): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    client.end().catch(() => {});
    if (this.#closed) return;
    this.#timer = setTimeout(() => void this.#connect(), this.#delay);
    this.#delay = Math.min(MAX_DELAY_MS, this.#delay * 2);
  }

  /** Stops listening and reconnecting. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    const client = this.#client;
    this.#client = undefined;
    if (client !== undefined) await client.end().catch(() => {});
  }
}
