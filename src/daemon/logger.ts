/**
 * Structured logs: one JSON object per line on stderr (or any sink). Lines written in one turn of
 * the event loop go out in one write, so a busy daemon does not pay a system call per request.
 *
 * Only the fields a call passes are written. Callers never pass headers, bodies, passwords or
 * bearer secrets; the request log line has method, route pattern, status and duration only.
 */
import type { LogLevel } from './config.ts';

const RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** A structured logger. */
export interface Logger {
  readonly level: LogLevel;
  /** Whether a line at `level` would be written. */
  enabled(level: Exclude<LogLevel, 'silent'>): boolean;
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /**
   * The line of one answered request (`msg: "request"`), at info level. `method` and `route` must
   * be plain names (an HTTP method, a route pattern of the route table): they are written as is.
   */
  request(method: string, route: string, status: number, ms: number): void;
  /** Writes what is buffered now (before exit). */
  flush(): void;
}

/** Options of `createLogger`. */
export interface LoggerOptions {
  level: LogLevel;
  /** Where lines go (default: stderr). */
  write?: (text: string) => void;
}

/** A logger writing JSON lines, batched per event-loop turn. */
export function createLogger(options: LoggerOptions): Logger {
  const min = RANK[options.level];
  const write = options.write ?? ((text: string) => process.stderr.write(text));
  let buffer = '';
  let scheduled = false;
  let lastMs = 0;
  let lastIso = '';
  const flush = (): void => {
    scheduled = false;
    if (buffer === '') return;
    const text = buffer;
    buffer = '';
    write(text);
  };
  const append = (line: string): void => {
    buffer += line;
    if (buffer.length > 65536) flush();
    else if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
  const time = (): string => {
    const now = Date.now();
    if (now !== lastMs) {
      lastMs = now;
      lastIso = new Date(now).toISOString();
    }
    return lastIso;
  };
  const log = (level: Exclude<LogLevel, 'silent'>, msg: string, fields?: Record<string, unknown>): void => {
    if (RANK[level] < min) return;
    // Built by hand: a replacer or a spread costs more than the rest of a request line.
    append(
      `{"level":"${level}","time":"${time()}","msg":${JSON.stringify(msg)}${fields === undefined ? '' : fieldsJson(fields)}}\n`,
    );
  };
  return {
    level: options.level,
    enabled: (level) => RANK[level] >= min,
    debug: (msg, fields) => log('debug', msg, fields),
    info: (msg, fields) => log('info', msg, fields),
    warn: (msg, fields) => log('warn', msg, fields),
    error: (msg, fields) => log('error', msg, fields),
    request(method, route, status, ms) {
      if (RANK.info < min) return;
      append(
        `{"level":"info","time":"${time()}","msg":"request","method":"${method}","route":${JSON.stringify(route)},"status":${status},"ms":${ms}}\n`,
      );
    },
    flush,
  };
}

/** `,"key":value,...` of the fields, or '' when there are none. */
function fieldsJson(fields: Record<string, unknown>): string {
  let plain = true;
  for (const k in fields) {
    const v = fields[k];
    if (
      typeof v === 'bigint' ||
      v instanceof Error ||
      (typeof v === 'object' && v !== null && !Array.isArray(v))
    )
      plain = false;
  }
  const text = plain ? JSON.stringify(fields) : JSON.stringify(fields, safeValue);
  return text.length > 2 ? `,${text.slice(1, -1)}` : '';
}

/** JSON replacer: bigints as text, errors as message and stack. */
function safeValue(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}
