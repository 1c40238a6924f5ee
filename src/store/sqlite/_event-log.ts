/** The `events` table: appends and filtered reads. Private to the SQLite adapter. */
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type { EventRow } from '../rows.ts';
import type { ReadEventsOptions } from '../store.ts';
import { fromJson, toJson } from './codec.ts';

interface StoredEvent {
  seq: number;
  type: string;
  time: number;
  data: string;
}

/** Prepared statements for the event log on one connection. */
export class EventLog {
  readonly #db: DatabaseSync;
  readonly #append: StatementSync;
  readonly #highest: StatementSync;
  /** Read statements by filter shape (`exact/prefixes` counts), prepared on first use. */
  readonly #reads = new Map<string, StatementSync>();

  constructor(db: DatabaseSync) {
    this.#db = db;
    this.#append = db.prepare('INSERT INTO events (type, time, data) VALUES (?, ?, ?)');
    this.#highest = db.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'events'`);
  }

  /** Appends an event inside the open transaction; returns its sequence number. */
  append(type: string, data: Record<string, unknown>, time: number): number {
    return Number(this.#append.run(type, time, toJson(data)).lastInsertRowid);
  }

  /** The highest sequence number ever handed out, deleted events included (0 when none). */
  highestSeq(): number {
    return (this.#highest.get() as { seq: number } | undefined)?.seq ?? 0;
  }

  /** Events after `options.after` and at most `upTo`, filtered by type, in order. */
  read(options: ReadEventsOptions, upTo: number): EventRow[] {
    if (options.limit <= 0 || options.after >= upTo) return [];
    const types = options.types ?? [];
    const all = types.length === 0 || types.includes('*');
    const exact = all ? [] : types.filter((t) => !t.endsWith('.'));
    const prefixes = all ? [] : types.filter((t) => t.endsWith('.'));
    const stmt = this.#statement(exact.length, prefixes.length);
    // A prefix `a.` matches exactly the names in ['a.', 'a/'): '/' is the character after '.'.
    const ranges = prefixes.flatMap((p) => [p, `${p.slice(0, -1)}/`]);
    const params: SQLInputValue[] = [options.after, upTo, ...exact, ...ranges, options.limit];
    return (stmt.all(...params) as unknown as StoredEvent[]).map((e) => ({
      seq: e.seq,
      type: e.type,
      time: e.time,
      data: fromJson(e.data) as Record<string, unknown>,
    }));
  }

  #statement(exact: number, prefixes: number): StatementSync {
    const shape = `${exact}/${prefixes}`;
    let stmt = this.#reads.get(shape);
    if (stmt === undefined) {
      const terms = [
        ...(exact > 0 ? [`type IN (${Array(exact).fill('?').join(', ')})`] : []),
        ...Array.from({ length: prefixes }, () => '(type >= ? AND type < ?)'),
      ];
      const filter = terms.length > 0 ? ` AND (${terms.join(' OR ')})` : '';
      stmt = this.#db.prepare(
        `SELECT seq, type, time, data FROM events WHERE seq > ? AND seq <= ?${filter} ORDER BY seq LIMIT ?`,
      );
      this.#reads.set(shape, stmt);
    }
    return stmt;
  }
}
