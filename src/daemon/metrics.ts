/**
 * The daemon's own counters and the Prometheus text exposition format (version 0.0.4), written
 * by hand: request latency by route, logon outcomes by status, plus whatever samples the
 * `/metrics` route reads from the engine at scrape time (`MetricFamily` values).
 */

/** Latency buckets in seconds. */
const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** One sample: label values and a number. */
export interface Sample {
  readonly labels?: Readonly<Record<string, string>>;
  readonly value: number;
}

/** A family of samples read at scrape time. */
export interface MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'gauge';
  readonly samples: readonly Sample[];
}

interface Histogram {
  readonly labels: string;
  readonly counts: number[];
  sum: number;
  count: number;
  /** Answers by HTTP status. */
  readonly statuses: Map<number, number>;
}

/** Counters the daemon keeps itself. */
export class Metrics {
  readonly #latency = new Map<string, Map<string, Histogram>>();
  readonly #logons = new Map<string, number>();

  /** Records one answered request: `route` is the route pattern (`/v1/logon-sessions/:luid`). */
  observeRequest(method: string, route: string, status: number, seconds: number): void {
    // Keyed by method then route (no string built per request): this runs once per request.
    let byRoute = this.#latency.get(method);
    if (byRoute === undefined) {
      byRoute = new Map();
      this.#latency.set(method, byRoute);
    }
    let h = byRoute.get(route);
    if (h === undefined) {
      h = {
        labels: `method="${method}",route="${escapeLabel(route)}"`,
        counts: new Array<number>(BUCKETS.length).fill(0),
        sum: 0,
        count: 0,
        statuses: new Map(),
      };
      byRoute.set(route, h);
    }
    for (let i = BUCKETS.length - 1; i >= 0 && seconds <= BUCKETS[i]!; i--) h.counts[i]!++;
    h.sum += seconds;
    h.count++;
    h.statuses.set(status, (h.statuses.get(status) ?? 0) + 1);
  }

  /** Records the outcome of one logon attempt by NTSTATUS name (STATUS_SUCCESS, STATUS_LOGON_FAILURE, ...). */
  countLogon(statusName: string): void {
    this.#logons.set(statusName, (this.#logons.get(statusName) ?? 0) + 1);
  }

  /** The exposition text: the daemon's counters, then `families`. */
  render(families: readonly MetricFamily[]): string {
    const out: string[] = [];
    out.push('# HELP logond_http_request_duration_seconds Time to answer a request, by route.');
    out.push('# TYPE logond_http_request_duration_seconds histogram');
    const histograms = [...this.#latency.values()].flatMap((byRoute) => [...byRoute.values()]);
    for (const h of histograms) {
      for (let i = 0; i < BUCKETS.length; i++)
        out.push(
          `logond_http_request_duration_seconds_bucket{${h.labels},le="${BUCKETS[i]}"} ${h.counts[i]}`,
        );
      out.push(`logond_http_request_duration_seconds_bucket{${h.labels},le="+Inf"} ${h.count}`);
      out.push(`logond_http_request_duration_seconds_sum{${h.labels}} ${h.sum}`);
      out.push(`logond_http_request_duration_seconds_count{${h.labels}} ${h.count}`);
    }
    out.push('# HELP logond_http_responses_total Answers sent, by route and HTTP status.');
    out.push('# TYPE logond_http_responses_total counter');
    for (const h of histograms)
      for (const [status, n] of h.statuses)
        out.push(`logond_http_responses_total{${h.labels},status="${status}"} ${n}`);
    out.push(
      ...familyLines({
        name: 'logond_logons_total',
        help: 'Logon attempts over HTTP, by outcome (NTSTATUS name; STATUS_ACCOUNT_LOCKED_OUT for rate-limited attempts).',
        type: 'counter',
        samples: [...this.#logons].map(([status, value]) => ({ labels: { status }, value })),
      }),
    );
    for (const f of families) out.push(...familyLines(f));
    return `${out.join('\n')}\n`;
  }
}

function familyLines(f: MetricFamily): string[] {
  const lines = [`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} ${f.type}`];
  for (const s of f.samples) {
    const labels =
      s.labels === undefined
        ? ''
        : Object.entries(s.labels)
            .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
            .join(',');
    lines.push(`${f.name}${labels === '' ? '' : `{${labels}}`} ${Number.isFinite(s.value) ? s.value : 0}`);
  }
  return lines;
}

/** Escapes a label value (backslash, quote, newline). */
function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
