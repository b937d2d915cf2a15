import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runForecastJob } from '../../src/forecasts/run-forecast-job.ts';
import type { ForecastJobSpec } from '../../src/forecasts/job-spec.ts';
import { silentLogger } from '../../src/forecasts/logger.ts';
import { fakeMetricSource } from '../doubles/fake-metric-source.ts';

const MINUTE = 60_000;
const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);

const job: ForecastJobSpec = {
  name: 'container-memory',
  title: 'Container memory',
  unit: 'bytes',
  query: 'memory',
  stepMs: 5 * MINUTE,
  trainingWindowMs: 24 * 60 * MINUTE,
  horizonMs: 6 * 60 * MINUTE,
  level: 0.95,
  refreshIntervalMs: 5 * MINUTE,
  seasonalityMs: [],
  threshold: { source: 'query', query: 'limits', direction: 'above' },
};

// Memory growing 1 MiB every 5 minutes through the whole window: it reaches its 1 GiB limit 3 hours from now.
const MiB = 1024 * 1024;
const crossingAt = NOW + 3 * 60 * MINUTE;
const leaking = (t: number) => 1024 * MiB - ((crossingAt - t) / (5 * MINUTE)) * MiB;

const leakPod = { namespace: 'shop', pod: 'checkout-1', container: 'app' };
const steadyPod = { namespace: 'shop', pod: 'cart-1', container: 'app' };
const brokenPod = { namespace: 'shop', pod: 'broken-1', container: 'app' };

describe('runForecastJob', () => {
  it('forecasts each series and finds a leaking container crossing its own limit within one step', async () => {
    const source = fakeMetricSource({
      memory: (ts) => [
        { labels: leakPod, values: ts.map(leaking) },
        { labels: steadyPod, values: ts.map(() => 200 * MiB) },
      ],
      limits: (ts) => [
        { labels: leakPod, values: ts.map(() => 1024 * MiB) },
        { labels: steadyPod, values: ts.map(() => 512 * MiB) },
      ],
    });
    const run = await runForecastJob(job, source, NOW, silentLogger);

    assert.equal(run.status.state, 'ok');
    assert.equal(run.results.length, 2);
    const leak = run.results.find((r) => r.labels.pod === 'checkout-1')!;
    assert.equal(leak.threshold?.value, 1024 * MiB);
    assert.equal(leak.threshold?.source, 'query');
    assert.ok(leak.crossing?.at, 'the leak must cross its limit within the 6h horizon');
    assert.ok(Math.abs(leak.crossing.at - crossingAt) <= job.stepMs, `crossing ${new Date(leak.crossing.at).toISOString()}`);
    assert.ok(Math.abs(leak.secondsToThreshold! - (crossingAt - NOW) / 1000) <= job.stepMs / 1000);
    assert.equal(leak.forecast.length, 72);
    assert.equal(leak.forecast[0].t, NOW + job.stepMs);

    const steady = run.results.find((r) => r.labels.pod === 'cart-1')!;
    assert.equal(steady.threshold?.value, 512 * MiB);
    assert.equal(steady.crossing?.at, null);
    assert.equal(steady.secondsToThreshold, null);
  });

  it('keeps forecasting the other series when one has no data, and reports the job as partial', async () => {
    const source = fakeMetricSource({
      memory: (ts) => [
        { labels: brokenPod, values: ts.map(() => NaN) },
        { labels: steadyPod, values: ts.map(() => 200 * MiB) },
      ],
      limits: () => [],
    });
    const run = await runForecastJob(job, source, NOW, silentLogger);
    assert.equal(run.status.state, 'partial');
    assert.equal(run.status.series, 2);
    assert.equal(run.status.failedSeries, 1);
    assert.match(run.status.error ?? '', /broken-1.*no finite samples/);
    assert.deepEqual(run.results.map((r) => r.labels.pod), ['cart-1']);
  });

  it('still forecasts when the threshold query fails, without thresholds', async () => {
    const source = fakeMetricSource({
      memory: (ts) => [{ labels: steadyPod, values: ts.map(() => 200 * MiB) }],
      limits: new Error('bad_data: parse error'),
    });
    const run = await runForecastJob(job, source, NOW, silentLogger);
    assert.equal(run.status.state, 'partial');
    assert.match(run.status.error ?? '', /threshold query failed: bad_data/);
    assert.equal(run.results[0].threshold, null);
  });

  it('queries the training window ending on the last whole step', async () => {
    const source = fakeMetricSource({ memory: () => [], limits: () => [] });
    await runForecastJob(job, source, NOW + 90_000, silentLogger);
    assert.equal(source.calls[0].endMs, NOW);
    assert.equal(source.calls[0].startMs, NOW - job.trainingWindowMs);
    assert.equal(source.calls[0].stepMs, job.stepMs);
  });
});

describe('runForecastJob with pod churn', () => {
  it('skips series that stopped reporting (a replaced pod) instead of forecasting them', async () => {
    const replacedPod = { namespace: 'shop', pod: 'checkout-old', container: 'app' };
    const source = fakeMetricSource({
      memory: (ts) => [
        { labels: replacedPod, values: ts.map((_, i) => (i < ts.length - 10 ? 300 * MiB : NaN)) },
        { labels: steadyPod, values: ts.map(() => 200 * MiB) },
      ],
      limits: () => [],
    });
    const run = await runForecastJob(job, source, NOW, silentLogger);
    assert.equal(run.status.state, 'ok');
    assert.equal(run.status.series, 1);
    assert.deepEqual(run.results.map((r) => r.labels.pod), ['cart-1']);
  });
});
