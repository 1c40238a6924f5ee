/**
 * The client SDK: one method per route of docs/http-api.md, typed answers, problems thrown as
 * `LogondError`. Built on `fetch` alone, so it runs in Node, Deno, Bun and browsers.
 */
import { request, type Transport } from './_request.ts';
import { type EventStreamOptions, streamEvents } from './event-stream.ts';
import type {
  CreateUserRequest,
  DuplicateTokenRequest,
  DuplicateTokenResult,
  EventLogPage,
  Group,
  Health,
  LogoffResult,
  LogondEvent,
  LogonRequest,
  LogonResult,
  LogonSession,
  LogonSessionHolders,
  LuidText,
  OpenWtsSessionRequest,
  OpenWtsSessionResult,
  SessionProcess,
  TerminationRoutines,
  UpdateUserRequest,
  User,
  Whoami,
  WtsSession,
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

  /** `POST /v1/logon`: logs a user on through a package; the answer's `token` is the bearer secret. */
  async logon(body: LogonRequest): Promise<LogonResult> {
    return (await request<LogonResult>(this.#t, 'POST', '/v1/logon', { body })).body;
  }

  /** `GET /v1/whoami`: the caller's token: user, groups, privileges, logon session, WTS session. */
  async whoami(): Promise<Whoami> {
    return (await request<Whoami>(this.#t, 'GET', '/v1/whoami')).body;
  }

  /** `POST /v1/tokens/duplicate`: a new token object on the caller's logon session. */
  async duplicateToken(body: DuplicateTokenRequest = {}): Promise<DuplicateTokenResult> {
    return (await request<DuplicateTokenResult>(this.#t, 'POST', '/v1/tokens/duplicate', { body })).body;
  }

  /** `DELETE /v1/tokens/current`: closes the caller's own handle (signs out). */
  async closeCurrentToken(): Promise<void> {
    await request(this.#t, 'DELETE', '/v1/tokens/current');
  }

  /** `DELETE /v1/tokens/:handle`: closes a handle (own, or any for an administrator). */
  async closeToken(handle: number): Promise<void> {
    await request(this.#t, 'DELETE', `/v1/tokens/${seg(handle)}`);
  }

  /** `GET /v1/logon-sessions`: every logon session (administrators) or the caller's own. */
  async listLogonSessions(): Promise<LogonSession[]> {
    return (await request<{ sessions: LogonSession[] }>(this.#t, 'GET', '/v1/logon-sessions')).body.sessions;
  }

  /** `GET /v1/logon-sessions/:luid`: one logon session's data. */
  async getLogonSession(logonId: LuidText): Promise<LogonSession> {
    return (await request<LogonSession>(this.#t, 'GET', `/v1/logon-sessions/${seg(logonId)}`)).body;
  }

  /** `GET /v1/logon-sessions/:luid/holders`: the tokens and handles that keep a logon session alive. */
  async getLogonSessionHolders(logonId: LuidText): Promise<LogonSessionHolders> {
    return (await request<LogonSessionHolders>(this.#t, 'GET', `/v1/logon-sessions/${seg(logonId)}/holders`))
      .body;
  }

  /** `GET /v1/wts/sessions`: the terminal sessions the caller may query, on this host or `server`. */
  async listWtsSessions(
    options: { server?: string } = {},
  ): Promise<{ server: string; sessions: WtsSession[] }> {
    return (
      await request<{ server: string; sessions: WtsSession[] }>(this.#t, 'GET', '/v1/wts/sessions', {
        query: options,
      })
    ).body;
  }

  /** `POST /v1/wts/sessions`: logs on to a new terminal session (or reconnects to a disconnected one). */
  async openWtsSession(body: OpenWtsSessionRequest): Promise<OpenWtsSessionResult> {
    return (await request<OpenWtsSessionResult>(this.#t, 'POST', '/v1/wts/sessions', { body })).body;
  }

  /** `GET /v1/wts/sessions/:id`: one terminal session with every info class. */
  async getWtsSession(id: WtsSessionRef): Promise<WtsSession> {
    return (await request<WtsSession>(this.#t, 'GET', `/v1/wts/sessions/${seg(id)}`)).body;
  }

  /**
   * `POST /v1/wts/sessions/:id/logoff`: logs the session's user off. With `wait` (default) it returns
   * once the session and its programs are gone (`completed: true`); otherwise once accepted.
   */
  async logoff(id: WtsSessionRef, options: { wait?: boolean } = {}): Promise<LogoffResult> {
    const wait = options.wait ?? true;
    const answer = await request<Partial<LogoffResult> | undefined>(
      this.#t,
      'POST',
      `/v1/wts/sessions/${seg(id)}/logoff`,
      {
        body: { wait },
      },
    );
    const b = answer.body ?? {};
    return {
      sessionId: b.sessionId ?? (typeof id === 'number' ? id : -1),
      completed: b.completed ?? answer.status === 200,
    };
  }

  /** `POST /v1/wts/sessions/:id/disconnect`: detaches the client; the session keeps running. */
  async disconnect(
    id: WtsSessionRef,
    options: { wait?: boolean } = {},
  ): Promise<{ sessionId: number; state: number | string }> {
    const body = { wait: options.wait ?? true };
    return (
      await request<{ sessionId: number; state: number | string }>(
        this.#t,
        'POST',
        `/v1/wts/sessions/${seg(id)}/disconnect`,
        { body },
      )
    ).body;
  }

  /** `POST /v1/wts/sessions/:id/reset`: resets (rwinsta) a session: logs its user off and deletes it. */
  async reset(id: WtsSessionRef): Promise<{ sessionId: number }> {
    return (await request<{ sessionId: number }>(this.#t, 'POST', `/v1/wts/sessions/${seg(id)}/reset`)).body;
  }

  /** `GET /v1/wts/sessions/:id/processes`: the programs running in a session. */
  async listProcesses(id: WtsSessionRef): Promise<SessionProcess[]> {
    return (
      await request<{ processes: SessionProcess[] }>(this.#t, 'GET', `/v1/wts/sessions/${seg(id)}/processes`)
    ).body.processes;
  }

  /** `POST /v1/wts/sessions/:id/processes`: starts a program in a session, under the session's user. */
  async startProcess(
    id: WtsSessionRef,
    body: { program: string; args?: string[] },
  ): Promise<{ pid: number; sessionId: number }> {
    return (
      await request<{ pid: number; sessionId: number }>(
        this.#t,
        'POST',
        `/v1/wts/sessions/${seg(id)}/processes`,
        { body },
      )
    ).body;
  }

  /** `GET /v1/users` (administrators). */
  async listUsers(): Promise<User[]> {
    return (await request<{ users: User[] }>(this.#t, 'GET', '/v1/users')).body.users;
  }

  /** `POST /v1/users` (administrators). */
  async createUser(body: CreateUserRequest): Promise<User> {
    return (await request<User>(this.#t, 'POST', '/v1/users', { body })).body;
  }

  /** `GET /v1/users/:name` (administrators, or the user). */
  async getUser(userName: string): Promise<User> {
    return (await request<User>(this.#t, 'GET', `/v1/users/${seg(userName)}`)).body;
  }

  /** `PATCH /v1/users/:name` (administrators). */
  async updateUser(userName: string, body: UpdateUserRequest): Promise<User> {
    return (await request<User>(this.#t, 'PATCH', `/v1/users/${seg(userName)}`, { body })).body;
  }

  /** `POST /v1/users/:name/password` (administrators, or the user). */
  async setPassword(userName: string, password: string): Promise<void> {
    await request(this.#t, 'POST', `/v1/users/${seg(userName)}/password`, { body: { password } });
  }

  /** `DELETE /v1/users/:name` (administrators). */
  async deleteUser(userName: string): Promise<void> {
    await request(this.#t, 'DELETE', `/v1/users/${seg(userName)}`);
  }

  /** `GET /v1/groups` (administrators). */
  async listGroups(): Promise<Group[]> {
    return (await request<{ groups: Group[] }>(this.#t, 'GET', '/v1/groups')).body.groups;
  }

  /** `POST /v1/groups` (administrators). */
  async createGroup(body: { name: string; description?: string }): Promise<Group> {
    return (await request<Group>(this.#t, 'POST', '/v1/groups', { body })).body;
  }

  /** `POST /v1/groups/:name/members` (administrators). */
  async addGroupMember(group: string, userName: string): Promise<void> {
    await request(this.#t, 'POST', `/v1/groups/${seg(group)}/members`, { body: { userName } });
  }

  /** `DELETE /v1/groups/:name/members/:user` (administrators). */
  async removeGroupMember(group: string, userName: string): Promise<void> {
    await request(this.#t, 'DELETE', `/v1/groups/${seg(group)}/members/${seg(userName)}`);
  }

  /** `GET /v1/termination-routines` (administrators): the registry and its counters. */
  async terminationRoutines(): Promise<TerminationRoutines> {
    return (await request<TerminationRoutines>(this.#t, 'GET', '/v1/termination-routines')).body;
  }

  /** `GET /v1/events`: follows the live stream, resuming after dropped connections. */
  events(options: EventStreamOptions = {}): AsyncGenerator<LogondEvent> {
    return streamEvents(this.#t, options);
  }

  /** `GET /v1/events/log`: one page of the event log after `after`. */
  async eventLog(
    options: { after?: number; limit?: number; types?: readonly string[] } = {},
  ): Promise<EventLogPage> {
    const query = { after: options.after, limit: options.limit, types: options.types?.join(',') };
    return (await request<EventLogPage>(this.#t, 'GET', '/v1/events/log', { query })).body;
  }

  /** `GET /healthz`. */
  async health(): Promise<Health> {
    return (await request<Health>(this.#t, 'GET', '/healthz')).body;
  }

  /** `GET /metrics`: Prometheus text. */
  async metrics(): Promise<string> {
    return (await request<string>(this.#t, 'GET', '/metrics', { accept: 'text' })).body;
  }

  /** `GET /openapi.json`. */
  async openapi(): Promise<Record<string, unknown>> {
    return (await request<Record<string, unknown>>(this.#t, 'GET', '/openapi.json')).body;
  }
}

/** Creates a client of the daemon at `baseUrl`, acting with `token` if given. */
export function createClient(options: ClientOptions): LogondClient {
  return new LogondClient(options);
}

/** One URL path segment. */
function seg(value: string | number): string {
  return encodeURIComponent(String(value));
}
