/**
 * The peer: better-auth through the peer harness (`../shared/peers-bench/better-auth/`), exactly
 * as its README says: the harness is copied at run time into a directory outside the repository,
 * `npm ci` installs better-auth from the copy's own lockfile, `seed.mjs` builds the template
 * databases (1,000 users with one session each and a user with 100 sessions; one template hashed
 * with scrypt, one with the trivial SHA-256), and every run starts `server.mjs` (better-auth
 * defaults: better-sqlite3, rollback journal, synchronous=FULL) on a fresh copy of a template, on
 * the system Node it was measured with. Nothing of better-auth or of the harness is kept here.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, runToEnd } from '../_process.ts';
import { startServer } from '../server-process.ts';
import type { BenchTarget, GetLoad, Operation, PostLoad, PreparedRun, Workload } from '../workload.ts';

/** The password `seed.mjs` signs every user up with (the harness's `PASSWORD`). */
const PEER_PASSWORD = 'correct horse battery staple 42';
const DRIVER = 'better-sqlite3';

/** Options of the better-auth target. */
export interface BetterAuthOptions {
  /** The harness to copy (`../shared/peers-bench/better-auth`). */
  readonly harnessDir: string;
  /** Where the copy goes (outside the repository). */
  readonly workDir: string;
  /** The system Node (20) the harness was measured with. */
  readonly node: string;
  readonly users: number;
  readonly listSessions: number;
  readonly serverCpu: number | undefined;
  /** Keep an existing copy whose lockfile and seed settings match (skips `npm ci` and the seed). */
  readonly reuse: boolean;
  readonly log: (line: string) => void;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** The better-auth harness as a benchmark target. */
export function createBetterAuthTarget(o: BetterAuthOptions): BenchTarget {
  const dir = join(o.workDir, 'peer-bench');
  const data = join(dir, 'data');
  const template = (kdf: string) => join(data, `${DRIVER}-${kdf}`);
  const kdfOf = (op: Operation) => (op === 'logon-trivial' || op === 'cycle-trivial' ? 'trivial' : 'scrypt');

  async function install(): Promise<void> {
    const lock = readFileSync(join(o.harnessDir, 'package-lock.json'), 'utf8');
    const marker = join(dir, '.installed');
    if (o.reuse && existsSync(marker) && readFileSync(marker, 'utf8') === sha256(lock)) {
      o.log(`better-auth: reusing ${dir} (same lockfile)`);
      return;
    }
    mkdirSync(o.workDir, { recursive: true });
    cpSync(o.harnessDir, dir, {
      recursive: true,
      filter: (src) => !/\/(node_modules|results|data)(\/|$)/.test(src.slice(o.harnessDir.length)),
    });
    o.log(`better-auth: npm ci in ${dir} (builds better-sqlite3; a few minutes)`);
    const t0 = Date.now();
    await runToEnd('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir });
    writeFileSync(marker, sha256(lock));
    o.log(`better-auth: installed in ${Math.round((Date.now() - t0) / 1000)} s`);
  }

  async function seed(kdf: string): Promise<void> {
    const settings = `${o.users}/${o.listSessions}`;
    const marker = `${template(kdf)}.seeded`;
    if (o.reuse && existsSync(marker) && readFileSync(marker, 'utf8') === settings) return;
    o.log(`better-auth: seed.mjs (${kdf}; ${o.users} users + a user with ${o.listSessions} sessions)`);
    const t0 = Date.now();
    const out = await runToEnd(o.node, ['seed.mjs'], {
      cwd: dir,
      env: {
        DB_PATH: `${template(kdf)}.db`,
        DRIVER,
        KDF: kdf,
        USERS: String(o.users),
        LIST_SESSIONS: String(o.listSessions),
      },
    });
    o.log(`better-auth: seeded ${kdf} in ${Math.round((Date.now() - t0) / 1000)} s: ${out.trim()}`);
    const emails = readFileSync(`${template(kdf)}.emails`, 'utf8')
      .split('\n')
      .filter(Boolean);
    writeFileSync(
      `${template(kdf)}.bodies`,
      `${emails.map((email) => JSON.stringify({ email, password: PEER_PASSWORD })).join('\n')}\n`,
    );
    writeFileSync(marker, settings);
  }

  function workload(op: Operation): Workload {
    const whoami: GetLoad = {
      kind: 'get',
      path: '/api/auth/get-session',
      tokensFile: `${template('scrypt')}.tokens`,
      status: [200],
      expect: '"user"', // an unknown or revoked token gets `200 null`
    };
    const signIn = (kdf: string): PostLoad => ({
      kind: 'post',
      path: '/api/auth/sign-in/email',
      bodiesFile: `${template(kdf)}.bodies`,
      status: [200],
      expect: '"token"',
    });
    switch (op) {
      case 'whoami':
        return whoami;
      case 'logon-trivial':
        return signIn('trivial');
      case 'logon-password':
        return signIn('scrypt');
      case 'cycle-trivial': {
        const { kind: _, ...logon } = signIn('trivial');
        return {
          kind: 'cycle',
          logon,
          token: { header: 'set-auth-token' },
          logoff: { method: 'POST', path: '/api/auth/sign-out', status: [200], expect: '"success":true' },
        };
      }
      case 'list-100':
        return {
          ...whoami,
          path: '/api/auth/list-sessions',
          tokensFile: `${template('scrypt')}.list-token`,
          expect: '"token"',
        };
      case 'whoami-during-logons':
        return { kind: 'mixed', foreground: whoami, background: signIn('scrypt') };
    }
  }

  return {
    name: 'better-auth',
    operations: [
      'whoami',
      'logon-trivial',
      'logon-password',
      'cycle-trivial',
      'list-100',
      'whoami-during-logons',
    ],
    async prepare() {
      await install();
      mkdirSync(data, { recursive: true });
      await seed('scrypt');
      await seed('trivial');
    },
    async start(op: Operation, runDir: string): Promise<PreparedRun> {
      const kdf = kdfOf(op);
      const db = join(runDir, 'better-auth.db');
      copyFileSync(`${template(kdf)}.db`, db);
      const port = await freePort();
      const server = await startServer({
        command: o.node,
        args: [join(dir, 'server.mjs')],
        cwd: dir,
        env: { PORT: String(port), DB_PATH: db, DRIVER, KDF: kdf, NODE_ENV: 'production' },
        cpu: o.serverCpu,
        logFile: join(runDir, 'server.log'),
        ready: (log) => (/^READY better-auth/m.test(log) ? port : undefined),
      });
      const url = `http://127.0.0.1:${port}`;
      return {
        server,
        workload: workload(op),
        async verify() {
          if (op !== 'list-100') return 'ok';
          const token = readFileSync(`${template('scrypt')}.list-token`, 'utf8').trim();
          const r = await fetch(`${url}/api/auth/list-sessions`, {
            headers: { authorization: `Bearer ${token}` },
          });
          const list = (await r.json()) as unknown;
          const n = Array.isArray(list) ? list.length : -1;
          if (n !== o.listSessions)
            throw new Error(`better-auth list-sessions returned ${n} sessions, not ${o.listSessions}`);
          return `list-sessions returns ${n} sessions`;
        },
        async countSessions() {
          return Number((await runToEnd(o.node, [join(dir, 'count-sessions.mjs'), db], { cwd: dir })).trim());
        },
      };
    },
    async describe() {
      const version = (pkg: string) =>
        (
          JSON.parse(readFileSync(join(dir, 'node_modules', pkg, 'package.json'), 'utf8')) as {
            version: string;
          }
        ).version;
      const sqlite = await runToEnd(
        o.node,
        ['-p', 'new (require("better-sqlite3"))(":memory:").prepare("select sqlite_version() v").get().v'],
        { cwd: dir },
      );
      return {
        node: (await runToEnd(o.node, ['-v'])).trim(),
        'better-auth': version('better-auth'),
        'better-sqlite3': version('better-sqlite3'),
        sqlite: sqlite.trim(),
        undici: version('undici'),
        configuration:
          'harness auth.mjs: better-sqlite3 defaults (rollback journal, synchronous=FULL), bearer plugin, rate limit off',
        kdf: 'scrypt N=16384 r=16 p=1 dkLen=64, 16-byte salt (better-auth default)',
      };
    },
  };
}
