/**
 * The harness of the CLI end-to-end tests: a real daemon (createDaemon on port 0, a temporary data
 * directory, cheap password hashing, `sleep` allowed to ordinary users) and the real `logond`
 * command run as child processes (`node bin/logond.js ...`), each person with their own
 * credentials file as on separate machines.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDaemonConfig } from '../src/daemon/config.ts';
import { createDaemon, type Daemon } from '../src/daemon/daemon.ts';

/** The `logond` program. */
export const BIN = fileURLToPath(new URL('../bin/logond.js', import.meta.url));

/** The password of the Administrator the daemon creates at first start. */
export const ADMIN_PASSWORD = 'Adm1n-e2e-password';

/** One finished `logond` run. */
export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A running `logond events --follow` whose output lines a test waits on. */
export interface Follower {
  readonly child: ChildProcess;
  readonly lines: string[];
  waitFor(match: (line: string) => boolean): Promise<string>;
}

/** Whether a process id names a live process. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A daemon and a way to run the CLI against it as different people. */
export class CliHarness {
  readonly #daemon: Daemon;
  /** The temporary directory (data, credentials files, HOME). */
  readonly dir: string;

  private constructor(daemon: Daemon, dir: string) {
    this.#daemon = daemon;
    this.dir = dir;
  }

  /** Starts the daemon. */
  static async start(): Promise<CliHarness> {
    const dir = mkdtempSync(join(tmpdir(), 'logond-cli-e2e-'));
    const config = loadDaemonConfig({
      flags: { port: 0, host: '127.0.0.1', dataDir: join(dir, 'data'), allowedPrograms: ['sleep'] },
      env: { LOGOND_TEST_FAST_KDF: '1', LOGOND_ADMIN_PASSWORD: ADMIN_PASSWORD, LOGOND_LOG_LEVEL: 'silent' },
      cwd: dir,
    });
    return new CliHarness(await createDaemon(config, { print: () => {}, logWrite: () => {} }), dir);
  }

  /** Stops the daemon and removes the directory. */
  async close(): Promise<void> {
    await this.#daemon.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** `who`'s credentials file. */
  credsOf(who: string): string {
    return join(this.dir, `${who}.credentials.json`);
  }

  #env(who: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return {
      PATH: process.env['PATH'] ?? '',
      HOME: this.dir,
      TZ: 'UTC',
      LOGOND_SERVER: this.#daemon.url,
      LOGOND_CREDENTIALS: this.credsOf(who),
      ...extra,
    };
  }

  /** Runs `logond args...` as `who`, feeding `stdin`. */
  run(
    who: string,
    args: string[],
    options: { stdin?: string; env?: Record<string, string> } = {},
  ): Promise<Run> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...args], { env: this.#env(who, options.env) });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => {
        stdout += c.toString();
      });
      child.stderr.on('data', (c: Buffer) => {
        stderr += c.toString();
      });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(options.stdin ?? '');
    });
  }

  /** Runs `logond args...` as `who`, asserts exit 0, returns stdout. */
  async ok(who: string, args: string[], options: { stdin?: string } = {}): Promise<string> {
    const r = await this.run(who, args, options);
    assert.equal(r.code, 0, `logond ${args.join(' ')} as ${who} exited ${r.code}: ${r.stderr}`);
    return r.stdout;
  }

  /** Logs `who` on to a terminal session with `password`; returns the session id. */
  async logonAs(who: string, password: string): Promise<number> {
    const out = await this.ok(who, ['logon', who, '--password-stdin', '--json'], { stdin: `${password}\n` });
    return JSON.parse(out).sessionId as number;
  }

  /** The ids of the sessions the administrator sees. */
  async sessionIds(): Promise<number[]> {
    const list = JSON.parse(await this.ok('Administrator', ['query', 'session', '--json']));
    return list.sessions.map((s: { sessionId: number }) => s.sessionId);
  }

  /** Starts `logond events --follow args...` as `who`. */
  follow(who: string, args: string[]): Follower {
    const child = spawn(process.execPath, [BIN, 'events', '--follow', ...args], { env: this.#env(who) });
    const lines: string[] = [];
    let buffer = '';
    const waiters: (() => void)[] = [];
    child.stdout?.on('data', (c: Buffer) => {
      buffer += c.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      lines.push(...parts);
      for (const w of waiters.splice(0)) w();
    });
    const waitFor = async (match: (line: string) => boolean): Promise<string> => {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const hit = lines.find(match);
        if (hit !== undefined) return hit;
        if (Date.now() > deadline) throw new Error(`no matching event; got:\n${lines.join('\n')}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
    };
    return { child, lines, waitFor };
  }
}
