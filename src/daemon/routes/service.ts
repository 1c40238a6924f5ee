/** Service routes: `/healthz`, `/metrics`, `/openapi.json`, `/v1/termination-routines`. */
import { Type } from '@sinclair/typebox';
import { NtError } from '../../nt/nt-error.ts';
import { STATUS_DEVICE_NOT_READY } from '../../nt/ntstatus.ts';
import { Health, TerminationRoutines } from '../../protocol/health.ts';
import { iso } from '../_views.ts';
import type { DaemonContext } from '../context.ts';
import type { MetricFamily } from '../metrics.ts';
import { defineRoute } from '../route.ts';
import { isStoreUnavailable } from '../store-unavailable.ts';

/** `GET /healthz`: the daemon answers and its store reads. */
export const healthRoute = defineRoute({
  method: 'GET',
  url: '/healthz',
  auth: 'none',
  summary:
    'Liveness: the daemon answers and its store reads (503 STATUS_DEVICE_NOT_READY when the store cannot be reached)',
  tags: ['service'],
  responses: { 200: Health },
  async handler({ context }) {
    const { store, host } = context.system;
    let lastEventSeq: number;
    let cluster: Health['cluster'];
    try {
      lastEventSeq = await store.lastEventSeq();
      if (context.config.database !== undefined) {
        const hosts = await context.system.wts.hosts();
        cluster = { hosts: hosts.length, up: hosts.filter((h) => h.up).length };
      }
    } catch (error) {
      if (!isStoreUnavailable(error)) throw error;
      throw new NtError(
        STATUS_DEVICE_NOT_READY,
        `The ${store.kind} store cannot be reached: requests that need it answer 503 until it is back (the daemon reconnects by itself).`,
      );
    }
    return {
      status: 'ok',
      store: { kind: store.kind, durable: store.durable, lastEventSeq },
      host,
      uptime: (Date.now() - context.startedAt) / 1000,
      ...(cluster === undefined ? {} : { cluster }),
    } satisfies Health;
  },
});

/** The engine's figures at scrape time. */
async function engineFamilies(context: DaemonContext): Promise<MetricFamily[]> {
  const { system, hub, limiter } = context;
  const phases = new Map<string, number>([
    ['creating', 0],
    ['active', 0],
    ['terminating', 0],
  ]);
  for (const s of await system.lsa.listLogonSessions(system.trustedCaller))
    phases.set(s.phase, (phases.get(s.phase) ?? 0) + 1);
  const wtsStates = new Map<string, number>();
  for (const s of await system.wts.listSessions(system.trustedCaller))
    wtsStates.set(s.stateName, (wtsStates.get(s.stateName) ?? 0) + 1);
  const stats = system.stats();
  const hosts = context.config.database === undefined ? undefined : await system.wts.hosts();
  const counter = (name: string, help: string, value: number): MetricFamily => ({
    name,
    help,
    type: 'counter',
    samples: [{ value }],
  });
  const families: MetricFamily[] = [
    {
      name: 'logond_logon_sessions',
      help: 'Logon sessions in the LSA table, by phase.',
      type: 'gauge',
      samples: [...phases].map(([phase, value]) => ({ labels: { phase }, value })),
    },
    {
      name: 'logond_wts_sessions',
      help: 'Terminal sessions of this host, by state.',
      type: 'gauge',
      samples: [...wtsStates].map(([state, value]) => ({ labels: { state }, value })),
    },
    counter('logond_cascades_started_total', 'Termination cascades started (spec §3, D3).', stats.started),
    counter('logond_cascades_completed_total', 'Termination cascades completed.', stats.completed),
    {
      name: 'logond_cascades_running',
      help: 'Termination cascades under way.',
      type: 'gauge',
      samples: [{ value: system.lsa.cascade.pending }],
    },
    counter('logond_termination_routine_calls_total', 'Termination routine calls.', stats.routineCalls),
    counter(
      'logond_termination_routine_failures_total',
      'Termination routines that threw or rejected.',
      stats.routineFailures,
    ),
    counter(
      'logond_termination_routine_timeouts_total',
      'Termination routines past their deadline.',
      stats.routineTimeouts,
    ),
    counter('logond_package_terminated_calls_total', 'LsaApLogonTerminated calls.', stats.packageCalls),
    counter(
      'logond_package_terminated_failures_total',
      'LsaApLogonTerminated calls that threw or rejected.',
      stats.packageFailures,
    ),
    counter(
      'logond_package_terminated_timeouts_total',
      'LsaApLogonTerminated calls past their deadline.',
      stats.packageTimeouts,
    ),
    ...(hosts === undefined
      ? []
      : [
          {
            name: 'logond_cluster_hosts',
            help: 'Session hosts registered in the cluster, by whether their heartbeat is current.',
            type: 'gauge' as const,
            samples: [
              { labels: { state: 'up' }, value: hosts.filter((h) => h.up).length },
              { labels: { state: 'down' }, value: hosts.filter((h) => !h.up).length },
            ],
          },
        ]),
    {
      name: 'logond_sse_subscribers',
      help: 'Open event streams (GET /v1/events).',
      type: 'gauge',
      samples: [{ value: context.streams.size }],
    },
    {
      name: 'logond_event_log_last_seq',
      help: 'Newest committed event sequence number.',
      type: 'gauge',
      samples: [{ value: hub.cursor }],
    },
    counter(
      'logond_logon_rate_limited_total',
      'Logon attempts refused by the failed-logon limits.',
      limiter.refused,
    ),
    {
      name: 'logond_uptime_seconds',
      help: 'Seconds since the daemon started.',
      type: 'gauge',
      samples: [{ value: (Date.now() - context.startedAt) / 1000 }],
    },
    {
      name: 'process_resident_memory_bytes',
      help: 'Resident set size.',
      type: 'gauge',
      samples: [{ value: process.memoryUsage.rss() }],
    },
  ];
  const store = system.store as {
    stats?: () => { commits: number; transactions: number; rollbacks: number };
  };
  if (typeof store.stats === 'function') {
    const s = store.stats();
    families.push(
      counter('logond_store_commits_total', 'Store commits (one fsync each on SQLite).', s.commits),
    );
    families.push(
      counter('logond_store_transactions_total', 'Store transactions made durable.', s.transactions),
    );
    families.push(counter('logond_store_rollbacks_total', 'Store transactions rolled back.', s.rollbacks));
  }
  return families;
}

/** `GET /metrics`: Prometheus text. */
export const metricsRoute = defineRoute({
  method: 'GET',
  url: '/metrics',
  auth: 'none',
  summary: 'Prometheus metrics (text exposition format 0.0.4)',
  tags: ['service'],
  responses: { 200: Type.String() },
  produces: 'text/plain; version=0.0.4; charset=utf-8',
  async handler({ reply, context }) {
    const text = context.metrics.render(await engineFamilies(context));
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(text);
  },
});

/** `GET /v1/termination-routines`: the registry (spec §1.3, D1, D2) and the cascade counters. */
export const terminationRoutinesRoute = defineRoute({
  method: 'GET',
  url: '/v1/termination-routines',
  auth: 'admin',
  summary: 'Termination routines registered in the daemon, the registration limit and cascade counters',
  tags: ['service'],
  responses: { 200: TerminationRoutines },
  handler({ context }) {
    const { kernel } = context.system;
    return {
      terminationNotify: context.config.terminationNotify,
      limit: kernel.routines.limit,
      registered: kernel.routines
        .snapshot()
        .map((r) => ({ id: r.id, registeredAt: iso(r.registeredAt), form: r.form })),
      stats: { ...context.system.stats() },
    } satisfies TerminationRoutines;
  },
});
