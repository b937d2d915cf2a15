import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Registry } from 'prom-client';
import type { CapacityForecast, ForecastDetail } from '../../src/api/contract.ts';
import { ForecastJobs } from '../../src/forecasts/forecast-jobs.ts';
import { registerForecastMetrics } from '../../src/forecasts/forecast-metrics.ts';
import type { ForecastJobSpec } from '../../src/forecasts/job-spec.ts';
import { silentLogger } from '../../src/forecasts/logger.ts';
import type { ForecastStore } from '../../src/store/forecast-store.ts';
import { fakeMetricSource } from '../doubles/fake-metric-source.ts';

const MINUTE = 60_000;
const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);

function spec(name: string, query: string, threshold: number): ForecastJobSpec {
  return {
    name,
    title: name,
    unit: 'percentunit',
    query,
    stepMs: 5 * MINUTE,
    trainingWindowMs: 12 * 60 * MINUTE,
    horizonMs: 6 * 60 * MINUTE,
    level: 0.95,
    refreshIntervalMs: 5 * MINUTE,
    seasonalityMs: [],
    threshold: { source: 'static', value: threshold, direction: 'above' },
  };
}

// Two ramps of different slopes toward 0.9 and one flat series: the steeper ramp must be listed first.
const ramp = (slopePerHour: number) => (ts: number[]) => ts.map((t) => 0.5 + ((t - ts[0]) / (60 * MINUTE)) * slopePerHour);
const source = () =>
  fakeMetricSource({
    slow: (ts) => [{ labels: { instance: 'node-a:9100' }, values: ramp(0.03)(ts) }],
    fast: (ts): Array<{ labels: Record<string, string>; values: number[] }> => [
      { labels: { instance: 'node-b:9100', job: 'node-exporter' }, values: ramp(0.035)(ts) },
      { labels: { instance: 'node-c:9100' }, values: ts.map(() => 0.2) },
    ],
    broken: new Error('connect ECONNREFUSED 127.0.0.1:9090'),
  });

class MemoryForecastStore implements ForecastStore {
  forecasts = new Map<string, ForecastDetail[]>();
  capacityRows: CapacityForecast[] = [];
  saveJobResults(job: string, results: ForecastDetail[]) {
    this.forecasts.set(job, results);
  }
  saveCapacity(results: CapacityForecast[]) {
    this.capacityRows = results;
  }
  loadForecasts() {
    return [...this.forecasts.values()].flat();
  }
  loadCapacity() {
    return this.capacityRows;
  }
  close() {}
}

describe('ForecastJobs', () => {
  it('lists forecasts soonest threshold crossing first, series without a crossing last', async () => {
    const jobs = new ForecastJobs({
      jobs: [spec('slow-cpu', 'slow', 0.9), spec('fast-cpu', 'fast', 0.9)],
      source: source(),
      logger: silentLogger,
      clock: () => NOW,
    });
    await jobs.runJob('slow-cpu');
    await jobs.runJob('fast-cpu');
    const list = jobs.list();
    assert.deepEqual(
      list.forecasts.map((f) => f.labels.instance),
      ['node-b:9100', 'node-a:9100', 'node-c:9100']
    );
    assert.ok(list.forecasts[0].secondsToThreshold! < list.forecasts[1].secondsToThreshold!);
    assert.equal(list.forecasts[2].crossing?.at, null);
    const detail = jobs.get(list.forecasts[0].id);
    assert.equal(detail?.actual.length, 145);
    assert.ok(jobs.ready());
  });

  it('reports a failing job in its status without affecting the others', async () => {
    const jobs = new ForecastJobs({
      jobs: [spec('broken-cpu', 'broken', 0.9), spec('slow-cpu', 'slow', 0.9)],
      source: source(),
      logger: silentLogger,
      clock: () => NOW,
    });
    assert.equal(jobs.ready(), false);
    const broken = await jobs.runJob('broken-cpu');
    await jobs.runJob('slow-cpu');
    assert.equal(broken.state, 'error');
    assert.match(broken.error ?? '', /ECONNREFUSED/);
    assert.equal(jobs.jobs().find((j) => j.name === 'slow-cpu')?.state, 'ok');
    assert.equal(jobs.list().forecasts.length, 1);
  });

  it('runs a job once when asked twice while it runs', async () => {
    const fake = source();
    const jobs = new ForecastJobs({ jobs: [spec('slow-cpu', 'slow', 0.9)], source: fake, logger: silentLogger });
    await Promise.all([jobs.runJob('slow-cpu'), jobs.runJob('slow-cpu')]);
    assert.equal(fake.calls.length, 1);
  });

  it('serves the stored results of the previous process before its first run', async () => {
    const store = new MemoryForecastStore();
    const first = new ForecastJobs({ jobs: [spec('slow-cpu', 'slow', 0.9)], source: source(), store, logger: silentLogger });
    await first.runJob('slow-cpu');
    const restarted = new ForecastJobs({ jobs: [spec('slow-cpu', 'slow', 0.9)], source: source(), store, logger: silentLogger });
    assert.equal(restarted.list().forecasts.length, 1);
    assert.equal(restarted.jobs()[0].state, 'pending');
  });

  it('exports forecasts as metrics for alert rules, renaming labels Prometheus sets itself', async () => {
    const jobs = new ForecastJobs({ jobs: [spec('fast-cpu', 'fast', 0.9)], source: source(), logger: silentLogger, clock: () => NOW });
    await jobs.runJob('fast-cpu');
    const registry = new Registry();
    registerForecastMetrics(registry, jobs, () => NOW);
    const text = await registry.metrics();
    const id = jobs.list().forecasts[0].id;
    const line = text.split('\n').find((l) => l.startsWith('prophet_forecast_seconds_to_threshold{') && l.includes(id));
    assert.ok(line, text);
    assert.match(line, /exported_instance="node-b:9100"/);
    assert.match(line, /exported_job="node-exporter"/);
    assert.match(line, /forecast_job="fast-cpu"/);
    const seconds = Number(line.split(' ').pop());
    assert.ok(Math.abs(seconds - jobs.list().forecasts[0].secondsToThreshold!) < 1);
    assert.match(text, /prophet_forecast_seconds_to_threshold\{[^}]*node-c:9100[^}]*\} \+Inf/);
    assert.match(text, /prophet_forecast_job_up\{forecast_job="fast-cpu"\} 1/);
    for (const name of ['yhat', 'lower', 'upper', 'backtest_mase']) {
      assert.match(text, new RegExp(`prophet_forecast_${name}\\{[^}]*series_id="${id}"[^}]*\\} [0-9.e+-]+`));
    }
  });
});
