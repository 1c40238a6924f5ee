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
}

/** Counters the daemon keeps itself. */
export class Metrics {
  readonly #latency = new Map<string, Histogram>();
  readonly #responses = new Map<string, { labels: string; value: number }>();
  readonly #logons = new Map<string, number>();

  /** Records one answered request: `route` is the route pattern (`/v1/logon-sessions/:luid`). */
  observeRequest(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${route}`;
    let h = this.#latency.get(key);
    if (h === undefined) {
      h = {
        labels: `method="${method}",route="${escapeLabel(route)}"`,
        counts: new Array<number>(BUCKETS.length).fill(0),
        sum: 0,
        count: 0,
      };
      this.#latency.set(key, h);
    }
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]!) h.counts[i]!++;
    h.sum += seconds;
    h.count++;
    const rkey = `${key} ${status}`;
    const r = this.#responses.get(rkey);
    if (r === undefined) this.#responses.set(rkey, { labels: `${h.labels},status="${status}"`, value: 1 });
    else r.value++;
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
    for (const h of this.#latency.values()) {
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
    for (const r of this.#responses.values()) out.push(`logond_http_responses_total{${r.labels}} ${r.value}`);
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
