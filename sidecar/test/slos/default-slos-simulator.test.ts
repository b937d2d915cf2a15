// The shipped demo SLOs run on the simulated cluster: the simulator exports the series their queries read, its
// PromQL evaluator supports the derived queries, and the scripted incidents show in the figures.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../src/config/index.ts';
import { silentLogger } from '../../src/forecasts/logger.ts';
import { SloJobs } from '../../src/slos/index.ts';
import { createMetricSource } from '../../src/sources/index.ts';

const HOUR = 3_600_000;
const anchorMs = Date.UTC(2025, 5, 11, 9, 15);

test('demo SLOs: steady before the incidents, paging during the payments error burn and the frontend spike', async () => {
  const config = loadConfig({ env: { PROPHET_TOKEN: 't' } });
  const { source } = createMetricSource({ simulator: { seed: 42, anchorMs } });
  let now = anchorMs;
  const jobs = new SloJobs({
    slos: config.slos.specs,
    sourceOf: config.slos.sourceOf,
    source,
    logger: silentLogger,
    clock: () => now,
  });
  await jobs.runAll();
  for (const s of jobs.list().slos) {
    assert.equal(s.state, 'ok', `${s.id}: ${s.error}`);
    assert.equal(s.alertState, 'none', s.id);
    assert.ok(s.budgetRemaining! > 0.3 && s.budgetRemaining! < 0.8, `${s.id}: ${s.budgetRemaining}`);
    assert.ok(
      s.burnRates.every((b) => b.burnRate !== null && b.burnRate > 0.2 && b.burnRate < 0.8),
      s.id
    );
  }
  now = anchorMs + 3 * HOUR;
  await jobs.runAll();
  const payments = jobs.get('payments-api-availability')!;
  assert.equal(payments.alertState, 'page');
  assert.ok(payments.burnRates.find((b) => b.window === '1h')!.burnRate! > 14.4);
  assert.equal(payments.forecast.outcome, 'exhausts');
  assert.ok(payments.forecast.exhaustedAt! > now);
  const frontend = jobs.get('shop-frontend-latency')!;
  assert.notEqual(frontend.alertState, 'none');
});
