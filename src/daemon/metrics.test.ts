import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Metrics } from './metrics.ts';

test('Metrics renders cumulative latency buckets, answers by status, logons and extra families', () => {
  const m = new Metrics();
  m.observeRequest('GET', '/v1/whoami', 200, 0.0004);
  m.observeRequest('GET', '/v1/whoami', 200, 0.003);
  m.observeRequest('GET', '/v1/whoami', 401, 20);
  m.countLogon('STATUS_SUCCESS');
  m.countLogon('STATUS_SUCCESS');
  const text = m.render([
    {
      name: 'logond_x',
      help: 'X "quoted".',
      type: 'gauge',
      samples: [{ labels: { state: 'a"b' }, value: 3 }],
    },
  ]);
  const line = (prefix: string) => text.split('\n').find((l) => l.startsWith(prefix));
  assert.equal(
    line('logond_http_request_duration_seconds_bucket{method="GET",route="/v1/whoami",le="0.0005"}'),
    'logond_http_request_duration_seconds_bucket{method="GET",route="/v1/whoami",le="0.0005"} 1',
  );
  assert.match(
    line('logond_http_request_duration_seconds_bucket{method="GET",route="/v1/whoami",le="0.005"}') ?? '',
    / 2$/,
  );
  assert.match(
    line('logond_http_request_duration_seconds_bucket{method="GET",route="/v1/whoami",le="10"}') ?? '',
    / 2$/,
  );
  assert.match(
    line('logond_http_request_duration_seconds_bucket{method="GET",route="/v1/whoami",le="+Inf"}') ?? '',
    / 3$/,
  );
  assert.match(
    line('logond_http_request_duration_seconds_count{method="GET",route="/v1/whoami"}') ?? '',
    / 3$/,
  );
  assert.match(text, /logond_http_responses_total\{method="GET",route="\/v1\/whoami",status="401"\} 1/);
  assert.match(text, /logond_logons_total\{status="STATUS_SUCCESS"\} 2/);
  assert.match(text, /# TYPE logond_x gauge\nlogond_x\{state="a\\"b"\} 3/);
});
