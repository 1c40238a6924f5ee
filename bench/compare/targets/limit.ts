/**
 * The ceiling: the peer harness's `limit-server.mjs`, a bare `node:http` server answering
 * `GET /whoami` from a Map keyed by the SHA-256 of the bearer token (1,000 tokens), run by the
 * system Node the harness was measured with. Only whoami.
 */
import { join } from 'node:path';
import { freePort, runToEnd } from '../_process.ts';
import { startServer } from '../server-process.ts';
import type { BenchTarget, Operation, PreparedRun } from '../workload.ts';

/** Where the limit server's script is and how to run it. */
export interface LimitOptions {
  /** The harness directory holding `limit-server.mjs` (the peer copy, or the shared original). */
  readonly harnessDir: string;
  /** The Node that runs it (the system Node 20, as measured). */
  readonly node: string;
  readonly users: number;
  readonly serverCpu: number | undefined;
}

/** The limit server as a benchmark target. */
export function createLimitTarget(o: LimitOptions): BenchTarget {
  return {
    name: 'limit',
    operations: ['whoami'] satisfies Operation[],
    async prepare() {},
    async start(_operation: Operation, runDir: string): Promise<PreparedRun> {
      const port = await freePort();
      const tokensFile = join(runDir, 'limit.tokens');
      const server = await startServer({
        command: o.node,
        args: [join(o.harnessDir, 'limit-server.mjs')],
        env: { PORT: String(port), USERS: String(o.users), TOKENS_OUT: tokensFile, NODE_ENV: 'production' },
        cpu: o.serverCpu,
        logFile: join(runDir, 'server.log'),
        ready: (log) => (/^READY limit/m.test(log) ? port : undefined),
      });
      return {
        server,
        workload: { kind: 'get', path: '/whoami', tokensFile, status: [200], expect: '"user"' },
      };
    },
    async describe() {
      return { node: (await runToEnd(o.node, ['-v'])).trim(), script: 'limit-server.mjs (peer harness)' };
    },
  };
}
