// The SLO jobs on a fake metric source (test/doubles/fake-metric-source.ts): per-step counts from the derived
// queries, a constant burn exhausting where the arithmetic says, a failing SLO that does not stop the others,
// ordering, rules and metrics.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { silentLogger } from '../../src/forecasts/logger.ts';
import { validateSlos, type SloSpec } from '../../src/slo/index.ts';
import { registerSloMetrics, sliQueries, SloJobs } from '../../src/slos/index.ts';
import { fakeMetricSource, type SeriesMaker } from '../doubles/fake-metric-source.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const STEP = 300_000;
const NOW = Date.UTC(2026, 2, 10, 12, 0, 0);
const BURN_START = NOW - DAY;

function slo(name: string, service: string, objective = 0.999, window = '30d'): SloSpec {
  return validateSlos(
    [
      {
        name,
        service,
        objective,
        window,
        indicator: {
          kind: 'ratio',
          errorQuery: `sum(rate(http_requests_total{service="${service}",code=~"5.."}[{{.window}}]))`,
          totalQuery: `sum(rate(http_requests_total{service="${service}"}[{{.window}}]))`,
        },
      },
    ],
    { source: 'test' }
  ).slos[0];
}

const constant =
  (value: (t: number) => number): SeriesMaker =>
  (timestamps) => [{ labels: {}, values: timestamps.map(value) }];

/** 1000 requests per 5m step; errors: 0 until BURN_START, then 1% (burn rate 10 against 99.9%). */
function answers(spec: SloSpec) {
  const q = sliQueries(spec, STEP);
  assert.equal(q.kind, 'errors');
  if (q.kind !== 'errors') {
    throw new Error('unreachable');
  }
  return {
    [q.total]: constant(() => 1000),
    [q.errors]: constant((t) => (t > BURN_START ? 10 : 0)),
  };
}

test('queries: the window placeholder becomes the step and counts are rate × step seconds', () => {
  const q = sliQueries(slo('a', 'api'), STEP);
  assert.deepEqual(q, {
    kind: 'errors',
    total: '(sum(rate(http_requests_total{service="api"}[5m]))) * 300',
    errors: '(sum(rate(http_requests_total{service="api",code=~"5.."}[5m]))) * 300',
  });
  const latency = validateSlos(
    [
      {
        name: 'lat',
        objective: 0.99,
        window: '30d',
        indicator: {
          kind: 'latency',
          histogramMetric: 'http_request_duration_seconds_bucket',
          threshold: 0.5,
          selector: 'service="web"',
        },
      },
    ],
    { source: 'test' }
  ).slos[0];
  assert.deepEqual(sliQueries(latency, STEP), {
    kind: 'good',
    total: 'sum(rate(http_request_duration_seconds_count{service="web"}[5m])) * 300',
    good: 'sum(rate(http_request_duration_seconds_bucket{service="web",le="0.5"}[5m])) * 300',
  });
});

test('a constant burn: budget, burn rates, page alert and exhaustion close to the analytic answer', async () => {
  const spec = slo('checkout', 'shop');
  const source = fakeMetricSource(answers(spec));
  const jobs = new SloJobs({ slos: [spec], source, logger: silentLogger, clock: () => NOW });
  const detail = await jobs.runSlo('shop-checkout');
  assert.equal(detail.state, 'ok', detail.error ?? '');
  // The queried range covers the 30d window (and at least 28d of forecast history) on the 5m grid.
  assert.equal(source.calls[0].endMs, NOW);
  assert.equal(source.calls[0].startMs, NOW - 30 * DAY);
  assert.equal(source.calls[0].stepMs, STEP);
  // 1 day at burn 10 of a 30-day window: 1 − 10/30 of the budget left.
  assert.ok(Math.abs(detail.budgetRemaining! - 2 / 3) < 0.01, String(detail.budgetRemaining));
  const burn = Object.fromEntries(detail.burnRates.map((b) => [b.window, b.burnRate]));
  assert.ok(Math.abs(burn['1h']! - 10) < 1e-6 && Math.abs(burn['1d']! - 10) < 0.1);
  assert.ok(Math.abs(burn['3d']! - 10 / 3) < 0.1);
  assert.equal(detail.alertState, 'page');
  // Analytic: the remaining 2/3 of the budget goes at 10/30 per day → exhausted 2 days from now.
  assert.equal(detail.forecast.outcome, 'exhausts');
  const expected = NOW + 2 * DAY;
  assert.ok(
    Math.abs(detail.forecast.exhaustedAt! - expected) < 2 * HOUR,
    new Date(detail.forecast.exhaustedAt!).toISOString()
  );
  assert.ok(detail.forecast.earliest! <= detail.forecast.exhaustedAt!);
  assert.ok(detail.forecast.latest === null || detail.forecast.latest >= detail.forecast.exhaustedAt!);
  assert.ok(Math.abs(detail.secondsToExhaustion! - 2 * 86_400) < 7200);
  assert.ok(detail.forecast.safeBurnRate! >= 0 && detail.forecast.safeBurnRate! < 1);
  // History over the window (≤ 720 points) and a forecast path up to the end of the forecast span.
  assert.ok(detail.history.length > 100 && detail.history.length <= 721);
  assert.equal(detail.history.at(-1)!.t, NOW);
  assert.ok(Math.abs(detail.history.at(-1)!.errorRatio! - 0.01) < 1e-9);
  assert.ok(detail.forecastPath.length > 0);
  assert.equal(detail.forecastPath.at(-1)!.t, detail.forecast.endAt);
});

test('a failing SLO is reported in its state and never stops the others; list: soonest exhaustion first', async () => {
  const burning = slo('checkout', 'shop');
  const healthy = slo('search', 'web');
  const broken = slo('pay', 'payments');
  const q = sliQueries(healthy, STEP) as { total: string; errors: string };
  const b = sliQueries(broken, STEP) as { total: string; errors: string };
  const source = fakeMetricSource({
    ...answers(burning),
    [q.total]: constant(() => 500),
    [q.errors]: () => [], // no error series at all: no errors
    [b.total]: new Error('prometheus: bad_data'),
    [b.errors]: constant(() => 0),
  });
  const jobs = new SloJobs({ slos: [healthy, broken, burning], source, logger: silentLogger, clock: () => NOW });
  assert.equal(jobs.ready(), false);
  assert.equal(
    jobs.list().slos.every((s) => s.state === 'pending'),
    true
  );
  await jobs.runAll();
  assert.equal(jobs.ready(), true);
  const list = jobs.list();
  assert.deepEqual(
    list.slos.map((s) => [s.id, s.state]),
    [
      ['shop-checkout', 'ok'],
      ['web-search', 'ok'],
      ['payments-pay', 'error'],
    ]
  );
  assert.match(list.slos[2].error!, /bad_data/);
  assert.equal(list.slos[1].budgetRemaining, 1);
  assert.equal(list.slos[1].forecast.outcome, 'not-exhausted-within-horizon');
  assert.equal('history' in list.slos[0], false, 'summaries leave out the detail');
  assert.equal(jobs.get('nope'), undefined);
  assert.equal(jobs.get('web-search')!.source, 'config');
});

test('rules: the generated rule file for every SLO', () => {
  const jobs = new SloJobs({
    slos: [slo('checkout', 'shop')],
    source: fakeMetricSource({}),
    logger: silentLogger,
    rules: { periodInterval: '10m', sources: ['slos.yaml'] },
  });
  const yaml = jobs.rulesYaml();
  assert.match(yaml, /^# Generated by prophet-aiops/);
  assert.match(yaml, /# From: slos\.yaml/);
  assert.match(yaml, /record: slo:sli_error:ratio_rate5m/);
  assert.match(yaml, /interval: 10m/);
  assert.match(yaml, /alert: SLOErrorBudgetBurn/);
});

test('metrics: budget remaining, burn rate per window, exhaustion time and its range, labelled slo and service', async () => {
  const spec = slo('checkout', 'shop');
  const jobs = new SloJobs({
    slos: [spec],
    source: fakeMetricSource(answers(spec)),
    logger: silentLogger,
    clock: () => NOW,
  });
  const registry = new Registry();
  registerSloMetrics(registry, jobs);
  // Nothing computed yet: no samples (unknown figures are left out).
  assert.doesNotMatch(await registry.metrics(), /^prophet_slo_budget_remaining_ratio\{/m);
  const detail = await jobs.runSlo('shop-checkout');
  const text = await registry.metrics();
  const value = (line: RegExp) => Number(line.exec(text)?.[1]);
  assert.match(text, /# TYPE prophet_slo_budget_remaining_ratio gauge/);
  assert.ok(
    Math.abs(value(/^prophet_slo_budget_remaining_ratio\{slo="shop-checkout",service="shop"\} (\S+)$/m) - 2 / 3) < 0.01
  );
  assert.ok(
    Math.abs(value(/^prophet_slo_burn_rate\{slo="shop-checkout",service="shop",window="1h"\} (\S+)$/m) - 10) < 1e-6
  );
  for (const w of ['5m', '30m', '2h', '6h', '1d', '3d']) {
    assert.match(
      text,
      new RegExp(`^prophet_slo_burn_rate\\{slo="shop-checkout",service="shop",window="${w}"\\} `, 'm')
    );
  }
  assert.equal(
    value(/^prophet_slo_exhaustion_timestamp_seconds\{slo="shop-checkout",service="shop"\} (\S+)$/m),
    detail.forecast.exhaustedAt! / 1000
  );
  assert.equal(
    value(/^prophet_slo_exhaustion_timestamp_seconds_earliest\{slo="shop-checkout",service="shop"\} (\S+)$/m),
    detail.forecast.earliest! / 1000
  );
  if (detail.forecast.latest !== null) {
    assert.equal(
      value(/^prophet_slo_exhaustion_timestamp_seconds_latest\{slo="shop-checkout",service="shop"\} (\S+)$/m),
      detail.forecast.latest / 1000
    );
  }
});

test('start() computes at once and stop() waits for the round in flight', async () => {
  const spec = slo('checkout', 'shop');
  const jobs = new SloJobs({
    slos: [spec],
    source: fakeMetricSource(answers(spec)),
    logger: silentLogger,
    clock: () => NOW,
  });
  jobs.start();
  for (let i = 0; i < 200 && !jobs.ready(); i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
  await jobs.stop();
  assert.equal(jobs.get('shop-checkout')!.state, 'ok');
});
