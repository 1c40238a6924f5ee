/**
 * The load-generator process of `bench/daemon.ts`, run pinned to its own CPU:
 * `node bench/_load.ts <whoami|cycle|fanout> '<options JSON>'` runs one scenario and prints its
 * result as JSON on stdout. Scenarios: whoami with many tokens, logon + close cycles, and the SSE
 * fan-out of terminations. Requests go through `_http-load.ts` (raw keep-alive sockets).
 */
import { connect } from 'node:net';
import { HttpConnection, type LoadResult, rawRequest, runLoad } from './_http-load.ts';
import { percentile } from './_machine.ts';

/** Where the daemon listens. */
export interface Target {
  host: string;
  port: number;
}

/** `GET /v1/whoami`, tokens round-robin, after an unmeasured warm-up. */
export async function whoamiLoad(
  o: Target & { tokens: string[]; connections: number; durationMs: number; warmupMs: number },
): Promise<LoadResult> {
  const requests = o.tokens.map((token) => rawRequest('GET', '/v1/whoami', { token }));
  const work = async (conn: Parameters<Parameters<typeof runLoad>[0]['work']>[0], c: number, i: number) =>
    (await conn.request(requests[(c * 131 + i) % requests.length]!)).status === 200;
  await runLoad({ ...o, durationMs: o.warmupMs, work });
  return runLoad({ ...o, work });
}

/** `POST /v1/logon` through the BenchFast package, then `DELETE /v1/tokens/current`: one cycle. */
export async function cycleLoad(
  o: Target & {
    users: string[];
    password: string;
    connections: number;
    durationMs: number;
    warmupMs: number;
  },
): Promise<LoadResult> {
  const logons = o.users.map((userName) =>
    rawRequest('POST', '/v1/logon', { body: { package: 'BenchFast', userName, password: o.password } }),
  );
  const work = async (conn: Parameters<Parameters<typeof runLoad>[0]['work']>[0], c: number, i: number) => {
    const r = await conn.request(logons[(c + i) % logons.length]!);
    if (r.status !== 201) return false;
    const { token } = JSON.parse(r.body.toString('utf8')) as { token: string };
    return (await conn.request(rawRequest('DELETE', '/v1/tokens/current', { token }))).status === 204;
  };
  await runLoad({ ...o, durationMs: o.warmupMs, work });
  return runLoad({ ...o, work });
}

/** What the fan-out measured: time from a close to the last subscriber's receipt of its termination. */
export interface FanoutResult {
  readonly subscribers: number;
  readonly closes: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly missed: number;
}

/**
 * Opens `subscribers` event streams (`types=logon-session.terminated`), then `closes` times logs
 * on and closes the token, and times each termination's arrival at every subscriber.
 */
export async function fanoutLoad(
  o: Target & {
    token: string;
    subscribers: number;
    closes: number;
    intervalMs: number;
    user: string;
    password: string;
  },
): Promise<FanoutResult> {
  const seen = new Map<string, number[]>();
  let connected = 0;
  const head = `GET /v1/events?types=logon-session.terminated HTTP/1.1\r\nhost: bench\r\naccept: text/event-stream\r\nauthorization: Bearer ${o.token}\r\n\r\n`;
  const sockets = Array.from({ length: o.subscribers }, () => {
    const socket = connect({ host: o.host, port: o.port, noDelay: true });
    let buffer = '';
    let first = true;
    socket.setEncoding('utf8');
    socket.on('data', (text: string) => {
      const now = performance.now();
      if (first) {
        first = false;
        connected++;
      }
      buffer += text;
      for (let cut = buffer.indexOf('\n\n'); cut >= 0; cut = buffer.indexOf('\n\n')) {
        const frame = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const m = /"logonId":"(0x[0-9a-f]+:0x[0-9a-f]+)"/.exec(frame);
        if (m !== null) seen.get(m[1]!)?.push(now);
      }
    });
    socket.on('error', () => {});
    socket.write(head);
    return socket;
  });
  while (connected < o.subscribers) await new Promise((r) => setTimeout(r, 20));
  const conn = new HttpConnection(o.host, o.port);
  const logon = rawRequest('POST', '/v1/logon', {
    body: { package: 'BenchFast', userName: o.user, password: o.password },
  });
  const latencies: number[] = [];
  let missed = 0;
  for (let i = 0; i < o.closes; i++) {
    const r = await conn.request(logon);
    const { token, logonId } = JSON.parse(r.body.toString('utf8')) as { token: string; logonId: string };
    const receipts: number[] = [];
    seen.set(logonId, receipts);
    const t0 = performance.now();
    await conn.request(rawRequest('DELETE', '/v1/tokens/current', { token }));
    const deadline = t0 + 5000;
    while (receipts.length < o.subscribers && performance.now() < deadline)
      await new Promise((r) => setTimeout(r, 1));
    if (receipts.length < o.subscribers) missed++;
    else latencies.push(Math.max(...receipts) - t0);
    seen.delete(logonId);
    await new Promise((r) => setTimeout(r, o.intervalMs));
  }
  conn.close();
  for (const s of sockets) s.destroy();
  latencies.sort((a, b) => a - b);
  return {
    subscribers: o.subscribers,
    closes: o.closes,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies.at(-1) ?? Number.NaN,
    missed,
  };
}

if (import.meta.main) {
  const [scenario, json] = process.argv.slice(2);
  const options = JSON.parse(json ?? '{}');
  const run = { whoami: whoamiLoad, cycle: cycleLoad, fanout: fanoutLoad }[scenario as 'whoami'];
  if (run === undefined) throw new Error(`unknown scenario ${scenario}`);
  process.stdout.write(`${JSON.stringify(await run(options))}\n`);
  process.exit(0);
}
