/**
 * What the benchmark measures, independent of the server: the operations, and the load each
 * server's adapter (`targets/*.ts`) describes for one of them. The runner (`run-workload.ts`)
 * turns a workload into wrk or load-driver processes with the run's settings.
 */
import type { ServerProcess } from './server-process.ts';

/** The operations compared, in table order. */
export const OPERATIONS = [
  'whoami',
  'logon-trivial',
  'logon-password',
  'cycle-trivial',
  'list-100',
  'whoami-during-logons',
] as const;

export type Operation = (typeof OPERATIONS)[number];

/** How each operation is named in the tables. */
export const OPERATION_LABELS: Readonly<Record<Operation, string>> = {
  whoami: 'whoami (validate a bearer token)',
  'logon-trivial': 'logon, trivial hash (1 × SHA-256)',
  'logon-password': 'logon, real password package (scrypt)',
  'cycle-trivial': 'logon + logoff cycle, trivial hash',
  'list-100': "list a user's 100 sessions",
  'whoami-during-logons': 'whoami on 1 connection during 50 concurrent password logons',
};

/** A closed loop of GETs with bearer tokens (wrk `get.lua`). */
export interface GetLoad {
  readonly kind: 'get';
  readonly path: string;
  /** File of bearer tokens, one per line. */
  readonly tokensFile: string;
  readonly status: readonly number[];
  /** A string every good body contains. */
  readonly expect: string;
}

/** A closed loop of JSON POSTs (wrk `post.lua`). */
export interface PostLoad {
  readonly kind: 'post';
  readonly path: string;
  /** File of JSON bodies, one per line. */
  readonly bodiesFile: string;
  readonly status: readonly number[];
  readonly expect: string;
}

/** Log on (a POST from `bodiesFile`), then log off with the token the answer carries. */
export interface CycleLoad {
  readonly kind: 'cycle';
  readonly logon: Omit<PostLoad, 'kind'>;
  readonly token: { readonly header: string } | { readonly jsonField: string };
  readonly logoff: {
    readonly method: string;
    readonly path: string;
    readonly status: readonly number[];
    readonly expect?: string;
  };
}

/** A GET on one connection measured while `background` runs on the configured connections. */
export interface MixedLoad {
  readonly kind: 'mixed';
  readonly foreground: GetLoad;
  readonly background: PostLoad;
}

export type Workload = GetLoad | PostLoad | CycleLoad | MixedLoad;

/** A server started for one run, with the load to put on it and optional checks. */
export interface PreparedRun {
  readonly server: ServerProcess;
  readonly workload: Workload;
  /** Checked once before the first repetition's load (e.g. the list really has 100 entries); throws if not. */
  verify?(): Promise<string>;
  /** Live sessions now (for the cycle check: every session a cycle creates is closed again). */
  countSessions?(): Promise<number>;
}

/** A server under comparison. */
export interface BenchTarget {
  readonly name: 'logond' | 'better-auth' | 'limit';
  /** The operations it offers. */
  readonly operations: readonly Operation[];
  /** Builds templates (users, sessions) once per benchmark. */
  prepare(): Promise<void>;
  /** Starts a fresh server (fresh data) for `operation` in `runDir` and describes the load. */
  start(operation: Operation, runDir: string): Promise<PreparedRun>;
  /** Versions and settings for the report. */
  describe(): Promise<Record<string, string>>;
}
