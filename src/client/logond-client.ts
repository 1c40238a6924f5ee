/**
 * The client SDK: one method per route of docs/http-api.md, typed answers, problems thrown as
 * `LogondError`. Built on `fetch` alone, so it runs in Node, Deno, Bun and browsers.
 */
import { type Answer, type RequestOptions, request, type Transport } from './_request.ts';
import { type EventStreamOptions, streamEvents } from './event-stream.ts';
import type {
  CreateUserRequest,
  DisconnectResult,
  DuplicateTokenRequest,
  DuplicateTokenResult,
  EventLogPage,
  Group,
  Health,
  HostList,
  LogoffResult,
  LogondEvent,
  LogonRequest,
  LogonResult,
  LogonSession,
  LogonSessionHolders,
  LuidText,
  OpenWtsSessionRequest,
  OpenWtsSessionResult,
  ResetResult,
  SessionProcess,
  StartProcessRequest,
  StartProcessResult,
  TerminationRoutines,
  UpdateUserRequest,
  User,
  Whoami,
  WtsSession,
  WtsSessionList,
  WtsSessionRef,
} from './types.ts';

/** Options of `createClient`. */
export interface ClientOptions {
  /** The daemon's URL, e.g. `http://127.0.0.1:7390` (a trailing slash is ignored). */
  baseUrl: string;
  /** A bearer secret from `logon()`; routes marked "auth" need one. */
  token?: string;
  /** The fetch to use (default: the global one). */
  fetch?: typeof fetch;
  /** Extra headers on every request. */
  headers?: Record<string, string>;
}

/**
 * `server`: the session host of the cluster a WTS call is about (`?server=`), by name as `hosts()`
 * lists them; absent, the answering daemon's own host. `'*'` (listing only) means every host.
 */
export interface ServerOption {
  server?: string;
}

function serverQuery(options: ServerOption): { server?: string } {
  return options.server === undefined ? {} : { server: options.server };
}

/** One URL path segment. */
const seg = (value: string | number): string => encodeURIComponent(String(value));

/** A client of one daemon, acting as one caller (its token), or anonymous. */
export class LogondClient {
  readonly #t: Transport;

  constructor(options: ClientOptions) {
    this.#t = {
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      token: options.token,
      fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
      headers: options.headers ?? {},
    };
  }

  /** The daemon's base URL, without a trailing slash. */
  get baseUrl(): string {
    return this.#t.baseUrl;
  }

  /** The bearer secret this client sends, if any. */
  get token(): string | undefined {
    return this.#t.token;
  }

  /** A client of the same daemon acting with another token (or none). */
  withToken(token: string | undefined): LogondClient {
    const o: ClientOptions = {
      baseUrl: this.#t.baseUrl,
      fetch: this.#t.fetch,
      headers: { ...this.#t.headers },
    };
    if (token !== undefined) o.token = token;
    return new LogondClient(o);
  }

  async #call<T>(method: string, path: string, options?: RequestOptions): Promise<T> {
    return (await request<T>(this.#t, method, path, options)).body;
  }

  /** `POST /v1/logon`: logs a user on through a package; the answer's `token` is the bearer secret. */
  logon(body: LogonRequest): Promise<LogonResult> {
    return this.#call('POST', '/v1/logon', { body });
  }

  /** `GET /v1/whoami`: the caller's token: user, groups, privileges, logon session, WTS session. */
  whoami(): Promise<Whoami> {
    return this.#call('GET', '/v1/whoami');
  }

  /** `POST /v1/tokens/duplicate`: a new token object on the caller's logon session. */
  duplicateToken(body: DuplicateTokenRequest = {}): Promise<DuplicateTokenResult> {
    return this.#call('POST', '/v1/tokens/duplicate', { body });
  }

  /** `DELETE /v1/tokens/current`: closes the caller's own handle (signs out). */
  closeCurrentToken(): Promise<void> {
    return this.#call('DELETE', '/v1/tokens/current');
  }

  /** `DELETE /v1/tokens/:handle`: closes a handle (own, or any for an administrator). */
  closeToken(handle: number): Promise<void> {
    return this.#call('DELETE', `/v1/tokens/${seg(handle)}`);
  }

  /** `GET /v1/logon-sessions`: every logon session (administrators) or the caller's own. */
  async listLogonSessions(): Promise<LogonSession[]> {
    return (await this.#call<{ sessions: LogonSession[] }>('GET', '/v1/logon-sessions')).sessions;
  }

  /** `GET /v1/logon-sessions/:luid`: one logon session's data. */
  getLogonSession(logonId: LuidText): Promise<LogonSession> {
    return this.#call('GET', `/v1/logon-sessions/${seg(logonId)}`);
  }

  /** `GET /v1/logon-sessions/:luid/holders`: the tokens and handles that keep a logon session alive. */
  getLogonSessionHolders(logonId: LuidText): Promise<LogonSessionHolders> {
    return this.#call('GET', `/v1/logon-sessions/${seg(logonId)}/holders`);
  }

  /**
   * `GET /v1/wts/sessions`: the terminal sessions the caller may query, on the daemon's own host,
   * on session host `server` of the cluster, or on every host (`server: '*'`).
   */
  listWtsSessions(options: ServerOption = {}): Promise<WtsSessionList> {
    return this.#call('GET', '/v1/wts/sessions', { query: serverQuery(options) });
  }

  /** `GET /v1/hosts`: the session hosts of the cluster, with whether each is up. */
  hosts(): Promise<HostList> {
    return this.#call('GET', '/v1/hosts');
  }

  /** `POST /v1/wts/sessions`: logs on to a new terminal session (or reconnects to a disconnected one). */
  openWtsSession(body: OpenWtsSessionRequest): Promise<OpenWtsSessionResult> {
    return this.#call('POST', '/v1/wts/sessions', { body });
  }

  /** `GET /v1/wts/sessions/:id`: one terminal session with every info class (of host `server`). */
  getWtsSession(id: WtsSessionRef, options: ServerOption = {}): Promise<WtsSession> {
    return this.#call('GET', `/v1/wts/sessions/${seg(id)}`, { query: serverQuery(options) });
  }

  /**
   * `POST /v1/wts/sessions/:id/logoff`: logs the session's user off. With `wait` (default) it returns
   * once the session and its programs are gone (`completed: true`); otherwise once accepted (202).
   */
  async logoff(id: WtsSessionRef, options: { wait?: boolean } & ServerOption = {}): Promise<LogoffResult> {
    const body = { wait: options.wait ?? true };
    const a: Answer<Partial<LogoffResult> | undefined> = await request(
      this.#t,
      'POST',
      `/v1/wts/sessions/${seg(id)}/logoff`,
      { body, query: serverQuery(options) },
    );
    return {
      sessionId: a.body?.sessionId ?? (typeof id === 'number' ? id : -1),
      completed: a.body?.completed ?? a.status === 200,
    };
  }

  /** `POST /v1/wts/sessions/:id/disconnect`: detaches the client; the session keeps running. */
  disconnect(id: WtsSessionRef, options: { wait?: boolean } & ServerOption = {}): Promise<DisconnectResult> {
    return this.#call('POST', `/v1/wts/sessions/${seg(id)}/disconnect`, {
      body: { wait: options.wait ?? true },
      query: serverQuery(options),
    });
  }

  /**
   * `POST /v1/wts/sessions/:id/reset`: resets (rwinsta) a session: logs its user off and deletes it.
   * A session of a host that is down is reset by the answering daemon (its tokens closed).
   */
  reset(id: WtsSessionRef, options: ServerOption = {}): Promise<ResetResult> {
    return this.#call('POST', `/v1/wts/sessions/${seg(id)}/reset`, { query: serverQuery(options) });
  }

  /** `GET /v1/wts/sessions/:id/processes`: the programs running in a session. */
  async listProcesses(id: WtsSessionRef, options: ServerOption = {}): Promise<SessionProcess[]> {
    return (
      await this.#call<{ processes: SessionProcess[] }>('GET', `/v1/wts/sessions/${seg(id)}/processes`, {
        query: serverQuery(options),
      })
    ).processes;
  }

  /** `POST /v1/wts/sessions/:id/processes`: starts a program in a session, under the session's user. */
  startProcess(
    id: WtsSessionRef,
    body: StartProcessRequest,
    options: ServerOption = {},
  ): Promise<StartProcessResult> {
    return this.#call('POST', `/v1/wts/sessions/${seg(id)}/processes`, { body, query: serverQuery(options) });
  }

  /** `GET /v1/users` (administrators). */
  async listUsers(): Promise<User[]> {
    return (await this.#call<{ users: User[] }>('GET', '/v1/users')).users;
  }

  /** `POST /v1/users` (administrators). */
  createUser(body: CreateUserRequest): Promise<User> {
    return this.#call('POST', '/v1/users', { body });
  }

  /** `GET /v1/users/:name` (administrators, or the user). */
  getUser(userName: string): Promise<User> {
    return this.#call('GET', `/v1/users/${seg(userName)}`);
  }

  /** `PATCH /v1/users/:name` (administrators). */
  updateUser(userName: string, body: UpdateUserRequest): Promise<User> {
    return this.#call('PATCH', `/v1/users/${seg(userName)}`, { body });
  }

  /** `POST /v1/users/:name/password` (administrators, or the user). */
  setPassword(userName: string, password: string): Promise<void> {
    return this.#call('POST', `/v1/users/${seg(userName)}/password`, { body: { password } });
  }

  /** `DELETE /v1/users/:name` (administrators). */
  deleteUser(userName: string): Promise<void> {
    return this.#call('DELETE', `/v1/users/${seg(userName)}`);
  }

  /** `GET /v1/groups` (administrators). */
  async listGroups(): Promise<Group[]> {
    return (await this.#call<{ groups: Group[] }>('GET', '/v1/groups')).groups;
  }

  /** `POST /v1/groups` (administrators). */
  createGroup(body: { name: string; description?: string }): Promise<Group> {
    return this.#call('POST', '/v1/groups', { body });
  }

  /** `POST /v1/groups/:name/members` (administrators). */
  addGroupMember(group: string, userName: string): Promise<void> {
    return this.#call('POST', `/v1/groups/${seg(group)}/members`, { body: { userName } });
  }

  /** `DELETE /v1/groups/:name/members/:user` (administrators). */
  removeGroupMember(group: string, userName: string): Promise<void> {
    return this.#call('DELETE', `/v1/groups/${seg(group)}/members/${seg(userName)}`);
  }

  /** `GET /v1/termination-routines` (administrators): the registry and its counters. */
  terminationRoutines(): Promise<TerminationRoutines> {
    return this.#call('GET', '/v1/termination-routines');
  }

  /** `GET /v1/events`: follows the live stream, resuming after dropped connections. */
  events(options: EventStreamOptions = {}): AsyncGenerator<LogondEvent> {
    return streamEvents(this.#t, options);
  }

  /** `GET /v1/events/log`: one page of the event log after `after`. */
  eventLog(
    options: { after?: number; limit?: number; types?: readonly string[] } = {},
  ): Promise<EventLogPage> {
    return this.#call('GET', '/v1/events/log', {
      query: { after: options.after, limit: options.limit, types: options.types?.join(',') },
    });
  }

  /** `GET /healthz`. */
  health(): Promise<Health> {
    return this.#call('GET', '/healthz');
  }

  /** `GET /metrics`: Prometheus text. */
  metrics(): Promise<string> {
    return this.#call('GET', '/metrics', { accept: 'text' });
  }

  /** `GET /openapi.json`. */
  openapi(): Promise<Record<string, unknown>> {
    return this.#call('GET', '/openapi.json');
  }
}

/** Creates a client of the daemon at `baseUrl`, acting with `token` if given. */
export function createClient(options: ClientOptions): LogondClient {
  return new LogondClient(options);
}
