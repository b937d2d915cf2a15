// End to end over real PromQL: a real Prometheus (Debian package) gets a day of simulated history backfilled with
// promtool, scrapes the simulated cluster and the sidecar live, loads the shipped rules, and the sidecar forecasts
// from it with the shipped default jobs.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import YAML from 'yaml';
import { startSimulatorServer, writeHistory } from '../../src/cli/simulate-command.ts';
import { startService, type RunningService } from '../../src/cli/serve-command.ts';
import { loadConfig } from '../../src/config/index.ts';

const REPO = resolve(import.meta.dirname, '../../..');
const PROMETHEUS = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';
const PROMTOOL = process.env.PROMTOOL_BIN ?? '/usr/bin/promtool';
const HOUR = 3_600_000;
const SEED = 42;

describe('forecasts from a real Prometheus scraping the simulated cluster', { timeout: 300_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'prophet-it-'));
  const anchorMs = Date.now();
  let prometheus: ChildProcess | undefined;
  let prometheusUrl = '';
  let simulator: { url: string; close(): Promise<void> } | undefined;
  let service: RunningService | undefined;

  before(async () => {
    for (const bin of [PROMETHEUS, PROMTOOL]) {
      assert.equal(spawnSync(bin, ['--version']).status, 0, `${bin} is missing: install the Debian package "prometheus"`);
    }
    // Thirteen hours of history up to a few minutes ago, turned into TSDB blocks the way docker-compose's backfill does.
    const history = join(dir, 'history.om');
    await writeHistory({ seed: SEED, anchorMs, fromMs: anchorMs - 13 * HOUR, toMs: anchorMs - 5 * 60_000, stepMs: 60_000, out: history });
    const data = join(dir, 'data');
    const backfill = spawnSync(PROMTOOL, ['tsdb', 'create-blocks-from', 'openmetrics', history, data], { encoding: 'utf8' });
    assert.equal(backfill.status, 0, backfill.stderr);

    const sim = await startSimulatorServer({ seed: SEED, anchorMs, host: '127.0.0.1', port: 0 });
    simulator = sim;
    const port = await freePort();
    prometheusUrl = `http://127.0.0.1:${port}`;
    const config = loadConfig({
      env: {
        PROPHET_PORT: '0',
        PROPHET_TOKEN: 'integration-token',
        PROPHET_PROMETHEUS_URL: prometheusUrl,
        PROPHET_SQLITE_PATH: ':memory:',
        PROPHET_LOG_LEVEL: 'warn',
      },
    });
    // A day of history: train on 12 hours so every job has data, keep the shipped queries and thresholds.
    config.forecasts.jobs = config.forecasts.jobs.map((job) => ({ ...job, trainingWindowMs: Math.min(job.trainingWindowMs, 12 * HOUR) }));
    // Detection: score the last 2 hours after 10 hours of training, so the shipped queries run on real PromQL too.
    config.anomalies.jobs = config.anomalies.jobs.map((job) => ({ ...job, trainingWindowMs: 10 * HOUR, detectionWindowMs: 2 * HOUR }));
    config.outliers.jobs = config.outliers.jobs.map((job) => ({ ...job, trainingWindowMs: 10 * HOUR, detectionWindowMs: HOUR }));
    service = await startService(config, { mode: 'live', handleSignals: false, announce: false });

    writeFileSync(join(dir, 'prometheus.yml'), prometheusConfig(sim.url, service.url));
    prometheus = spawn(PROMETHEUS, [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${data}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    prometheus.stderr!.on('data', (chunk) => (log += chunk));
    await waitFor(async () => (await fetch(`${prometheusUrl}/-/ready`).catch(() => null))?.ok === true, 60_000, () => log);
    // Let Prometheus scrape the live simulator a few times so the newest minutes have samples too.
    await waitFor(async () => (await instant('up{job="simulated-cluster"}')).length === 1, 30_000, () => log);
  });

  after(async () => {
    prometheus?.kill('SIGTERM');
    await service?.close();
    await simulator?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs every shipped forecast job over real PromQL', async () => {
    for (const job of service!.jobs.jobs().filter((j) => j.name !== 'karpenter-capacity')) {
      const status = await service!.jobs.runJob(job.name);
      assert.notEqual(status.state, 'error', `${job.name}: ${status.error}`);
      assert.ok(status.series > 0, `${job.name} found no series`);
    }
    const capacity = await service!.jobs.runCapacity();
    assert.equal(capacity.state, 'ok', capacity.error ?? '');
  });

  it("predicts the leaking checkout container's memory limit crossing within the horizon, first in the list", async () => {
    const list = service!.jobs.list().forecasts;
    const leak = list.find((f) => f.job === 'container-memory' && f.labels.pod?.startsWith('checkout-'));
    assert.ok(leak, 'the checkout container memory forecast is missing');
    assert.equal(leak.threshold?.source, 'query');
    assert.ok(leak.crossing?.at, 'the leaking container must be predicted to cross its limit');
    const memoryForecasts = list.filter((f) => f.job === 'container-memory');
    assert.equal(memoryForecasts.find((f) => f.crossing?.at != null)?.id, leak.id, 'the leak is the soonest memory crossing');
  });

  it('runs every shipped anomaly and outlier job over real PromQL', async () => {
    for (const job of service!.detection.anomalyJobs()) {
      const status = await service!.detection.runAnomalyJob(job.name);
      assert.notEqual(status.state, 'error', `${job.name}: ${status.error}`);
      assert.ok(status.series > 0, `${job.name} found no series`);
    }
    for (const job of service!.detection.outlierJobs()) {
      const status = await service!.detection.runOutlierJob(job.name);
      assert.notEqual(status.state, 'error', `${job.name}: ${status.error}`);
      assert.ok(status.series > 0, `${job.name} found no groups`);
    }
    const anomalies = service!.detection.anomalies().anomalies;
    assert.ok(anomalies.length > 0);
    assert.ok(anomalies.every((a) => a.score >= 0 && a.score <= 1), 'scores are in [0, 1]');
    assert.ok(service!.detection.outliers().groups.some((g) => !g.tooSmall), 'at least one group is big enough to judge');
  });

  it('exports the forecasts as metrics that Prometheus scrapes from the sidecar', async () => {
    await waitFor(async () => (await instant('prophet_forecast_seconds_to_threshold{forecast_job="container-memory"}')).length > 0, 60_000);
    const yhat = await instant('prophet_forecast_yhat{forecast_job="node-cpu"}');
    assert.ok(yhat.length > 0);
    assert.ok(yhat.every((s) => Number(s.value[1]) >= 0 && Number(s.value[1]) <= 1.5), JSON.stringify(yhat));
  });

  it('loaded the shipped forecast, anomaly and demo SLO rules', async () => {
    const body = (await (await fetch(`${prometheusUrl}/api/v1/rules`)).json()) as { data: { groups: Array<{ name: string; rules: unknown[] }> } };
    const group = body.data.groups.find((g) => g.name === 'prophet-forecasts');
    assert.ok(group && group.rules.length >= 5);
    assert.ok(body.data.groups.some((g) => g.name !== 'prophet-forecasts' && g.rules.length > 0), 'the anomaly rules loaded too');
    assert.ok(
      body.data.groups.some((g) => g.name === 'prophet-slo-sli-recordings-payments-api-availability'),
      'the demo SLO rules loaded too'
    );
  });

  async function instant(query: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
    const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(query)}`);
    const body = (await response.json()) as { data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
    return body.data.result;
  }
});

/** deploy/prometheus/prometheus.yml with its compose hostnames replaced by this test's loopback servers. */
function prometheusConfig(simulatorUrl: string, sidecarUrl: string): string {
  const config = YAML.parse(readFileSync(join(REPO, 'deploy/prometheus/prometheus.yml'), 'utf8'));
  config.global.scrape_interval = '2s';
  config.global.evaluation_interval = '2s';
  config.rule_files = ['prophet-forecast-rules.yaml', 'prophet-anomaly-rules.yaml', 'prophet-slo-rules.yaml'].map((file) =>
    join(REPO, 'deploy/prometheus', file)
  );
  delete config.alerting;
  const targets: Record<string, string> = { 'simulated-cluster': simulatorUrl, 'prophet-aiops': sidecarUrl };
  for (const scrape of config.scrape_configs) {
    assert.ok(targets[scrape.job_name], `unexpected scrape job ${scrape.job_name} in deploy/prometheus/prometheus.yml`);
    scrape.static_configs = [{ targets: [new URL(targets[scrape.job_name]).host] }];
  }
  return YAML.stringify(config);
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, log?: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) {
      return;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out after ${timeoutMs} ms${log ? `\n${log().slice(-2000)}` : ''}`);
}
