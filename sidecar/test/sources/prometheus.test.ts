// PrometheusSource against a fake Prometheus served by node:http on 127.0.0.1 (and an injected fetch for timeouts).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PrometheusSource } from '../../src/sources/prometheus.ts';
import { createMetricSource } from '../../src/sources/index.ts';
import { QueryError, SourceUnavailableError } from '../../src/sources/metric-source.ts';

interface Seen { method: string; url: string; headers: IncomingMessage['headers']; form: URLSearchParams }
type Handler = (req: Seen, res: ServerResponse) => void;

/** A fake Prometheus: each request is answered by the next handler in the script (the last one repeats). */
async function fakePrometheusServer(script: Handler[]) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const s: Seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, form: new URLSearchParams(body) };
      seen.push(s);
      script[Math.min(seen.length - 1, script.length - 1)](s, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${port}`, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const json = (status: number, body: unknown): Handler => (_req, res) => {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
};

const START = 1_700_000_000_000;
const range = { query: 'up{job="x"}', startMs: START, endMs: START + 4 * 60_000, stepMs: 60_000 };
const matrix = (values: Array<[number, string]>) => ({
  status: 'success',
  data: { resultType: 'matrix', result: [{ metric: { __name__: 'up', job: 'x' }, values }] },
});

test('posts a form-encoded query_range with extra headers and aligns values on the step grid', async () => {
  const fake = await fakePrometheusServer([json(200, matrix([[START / 1000, '1'], [START / 1000 + 60, 'NaN'], [START / 1000 + 180, '+Inf'], [START / 1000 + 240, '-Inf']]))]);
  const source = new PrometheusSource({ url: `${fake.url}/`, timeoutMs: 2000, retries: 0, headers: { Authorization: 'Bearer s3cret' } });
  assert.equal(source.health().state, 'unknown');
  const series = await source.queryRange(range);
  assert.equal(fake.seen.length, 1);
  const req = fake.seen[0];
  assert.equal(req.method, 'POST');
  assert.equal(req.url, '/api/v1/query_range');
  assert.equal(req.headers.authorization, 'Bearer s3cret');
  assert.match(String(req.headers['content-type']), /application\/x-www-form-urlencoded/);
  assert.deepEqual(Object.fromEntries(req.form), { query: 'up{job="x"}', start: String(START / 1000), end: String(START / 1000 + 240), step: '60' });
  assert.deepEqual(series, [{
    labels: { __name__: 'up', job: 'x' },
    timestamps: [0, 1, 2, 3, 4].map((i) => START + i * 60_000),
    values: [1, NaN, NaN, Infinity, -Infinity],
  }]);
  const h = source.health();
  assert.equal(h.state, 'ok');
  assert.equal(h.kind, 'prometheus');
  assert.ok(h.lastSuccessAt !== null);
});

test('retries 5xx and 429 with backoff, then succeeds', async () => {
  const fake = await fakePrometheusServer([
    json(503, { status: 'error', errorType: 'unavailable', error: 'busy' }),
    json(429, { status: 'error', errorType: 'too_many', error: 'slow down' }),
    json(200, matrix([[START / 1000, '2']])),
  ]);
  const source = new PrometheusSource({ url: fake.url, timeoutMs: 2000, retries: 3, backoffMs: 5 });
  const series = await source.queryRange(range);
  assert.equal(fake.seen.length, 3);
  assert.equal(series[0].values[0], 2);
  assert.equal(source.health().state, 'ok');
});

test('gives up after the retries: SourceUnavailableError and degraded health with the last error', async () => {
  const fake = await fakePrometheusServer([json(500, { status: 'error', errorType: 'internal', error: 'boom' })]);
  const source = new PrometheusSource({ url: fake.url, timeoutMs: 2000, retries: 2, backoffMs: 5 });
  await assert.rejects(source.queryRange(range), (e: Error) => e instanceof SourceUnavailableError && /boom/.test(e.message));
  assert.equal(fake.seen.length, 3);
  const h = source.health();
  assert.equal(h.state, 'degraded');
  assert.match(h.lastError ?? '', /HTTP 500: boom/);
});

test('a 400 bad_data is a QueryError with Prometheus\' text, not retried', async () => {
  const error = 'invalid parameter "query": 1:6: parse error: unexpected end of input';
  const fake = await fakePrometheusServer([json(400, { status: 'error', errorType: 'bad_data', error })]);
  const source = new PrometheusSource({ url: fake.url, timeoutMs: 2000, retries: 3, backoffMs: 5 });
  await assert.rejects(source.queryRange({ ...range, query: 'sum(' }), (e: Error) => e instanceof QueryError && e.message.includes(error));
  assert.equal(fake.seen.length, 1);
  assert.notEqual(source.health().state, 'degraded');
});

test('401 is not retried', async () => {
  const fake = await fakePrometheusServer([(_req, res) => { res.writeHead(401); res.end('Unauthorized'); }]);
  const source = new PrometheusSource({ url: fake.url, timeoutMs: 2000, retries: 3, backoffMs: 5 });
  await assert.rejects(source.queryRange(range), (e: Error) => e instanceof SourceUnavailableError && /401/.test(e.message));
  assert.equal(fake.seen.length, 1);
});

test('connection refused is retried, then reported', async () => {
  const fake = await fakePrometheusServer([json(200, matrix([]))]);
  await fake.close();
  const source = new PrometheusSource({ url: fake.url, timeoutMs: 2000, retries: 1, backoffMs: 5 });
  await assert.rejects(source.queryRange(range), (e: Error) => e instanceof SourceUnavailableError && /2 attempt/.test(e.message));
  assert.equal(source.health().state, 'degraded');
});

test('a request that exceeds timeoutMs is aborted and retried', async () => {
  let calls = 0;
  const hangingFetch: typeof fetch = (_url, init) => {
    calls++;
    return new Promise((_resolve, reject) => init!.signal!.addEventListener('abort', () => reject(init!.signal!.reason)));
  };
  const source = new PrometheusSource({ url: 'http://127.0.0.1:9', timeoutMs: 20, retries: 1, backoffMs: 1, fetch: hangingFetch });
  // AbortSignal.timeout's timer does not keep the event loop alive (a real socket would): hold it open meanwhile.
  const keepAlive = setInterval(() => {}, 1000);
  try {
    await assert.rejects(source.queryRange(range), (e: Error) => e instanceof SourceUnavailableError && /timed out after 20 ms/.test(e.message));
  } finally {
    clearInterval(keepAlive);
  }
  assert.equal(calls, 2);
});

test('the caller\'s abort signal stops the query without marking the source degraded', async () => {
  // Abort once the request has reached the server (a fixed delay raced the request on a busy machine).
  let arrived!: () => void;
  const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
  const fake = await fakePrometheusServer([
    (req, res) => {
      arrived();
      setTimeout(() => json(200, matrix([]))(req, res), 2000).unref();
    },
  ]);
  const source = new PrometheusSource({ url: fake.url, timeoutMs: 5000, retries: 3, backoffMs: 5 });
  const controller = new AbortController();
  const pending = source.queryRange(range, controller.signal);
  void requestArrived.then(() => controller.abort(new Error('caller gave up')));
  await assert.rejects(pending, /caller gave up/);
  assert.equal(fake.seen.length, 1);
  assert.equal(source.health().state, 'unknown');
});

test('createMetricSource picks Prometheus when a URL is configured', async () => {
  const fake = await fakePrometheusServer([json(200, matrix([[START / 1000, '1']]))]);
  const { source, cluster } = createMetricSource({
    prometheus: { url: fake.url, timeoutMs: 1000, retries: 0, headers: {} },
    simulator: { seed: 1, anchorMs: START },
  });
  assert.equal(cluster, null);
  assert.equal(source.health().kind, 'prometheus');
  assert.equal((await source.queryRange(range))[0].values[0], 1);
  const demo = createMetricSource({ prometheus: { url: '', timeoutMs: 1000, retries: 0, headers: {} }, simulator: { seed: 1, anchorMs: START } });
  assert.equal(demo.source.health().kind, 'simulator');
  assert.ok(demo.cluster);
});
