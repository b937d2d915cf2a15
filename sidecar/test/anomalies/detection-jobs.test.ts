// DetectionJobs on a fake metric source with planted incidents: the right series first with the right event, a
// failing query isolated to its job, a rogue pod found among its siblings, results exported as metrics.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Registry } from 'prom-client';
import type { AnomalySummary } from '../../src/api/contract.ts';
import { registerDetectionMetrics } from '../../src/anomalies/anomaly-metrics.ts';
import { bySeverity, DetectionJobs } from '../../src/anomalies/detection-jobs.ts';
import type { AnomalyJobSpec, OutlierJobSpec } from '../../src/anomalies/job-spec.ts';
import type { ForecastJobSpec } from '../../src/forecasts/job-spec.ts';
import { silentLogger } from '../../src/forecasts/logger.ts';
import { forecastId } from '../../src/forecasts/series-id.ts';
import { fakeMetricSource } from '../doubles/fake-metric-source.ts';
import { rng } from '../ml/rng.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const SPIKE_AT = NOW - 90 * MINUTE;
const GiB = 2 ** 30;

function anomalySpec(name: string, query: string, overrides: Partial<AnomalyJobSpec> = {}): AnomalyJobSpec {
  return {
    name,
    title: name,
    query,
    unit: 'short',
    stepMs: 5 * MINUTE,
    trainingWindowMs: 3 * DAY,
    detectionWindowMs: 6 * HOUR,
    refreshIntervalMs: 5 * MINUTE,
    seasonalityMs: [],
    sensitivity: 0.7,
    limit: null,
    forecastJob: null,
    ...overrides,
  };
}

/** A daily wave with noise, the same for every series but for its seed. */
const wave = (seed: number, level: number, amplitude: number, noise: number) => {
  const r = rng(seed);
  return (t: number) => level + amplitude * Math.sin((2 * Math.PI * t) / DAY) + noise * r.normal();
};

const series = {
  // Three node CPU series; node-b spikes for 15 minutes 90 minutes ago.
  cpu: (ts: number[]) =>
    ['node-a', 'node-b', 'node-c'].map((node, i) => {
      const f = wave(i + 1, 0.4, 0.1, 0.01);
      return {
        labels: { instance: `${node}:9100`, job: 'node-exporter' },
        values: ts.map((t) => f(t) + (node === 'node-b' && t >= SPIKE_AT && t < SPIKE_AT + 15 * MINUTE ? 0.4 : 0)),
      };
    }),
  // Two containers' memory: "leaky" grows steadily from 5 hours ago toward its 1 GiB limit.
  memory: (ts: number[]) =>
    ['steady', 'leaky'].map((pod, i) => {
      const f = wave(10 + i, 300e6, 5e6, 2e6);
      const leakStart = NOW - 5 * HOUR;
      return {
        labels: { namespace: 'shop', pod },
        values: ts.map((t) => f(t) + (pod === 'leaky' && t > leakStart ? ((t - leakStart) / HOUR) * 120e6 : 0)),
      };
    }),
  limits: () => [
    { labels: { namespace: 'shop', pod: 'steady' }, values: [GiB, GiB, GiB, GiB, GiB, GiB] },
    { labels: { namespace: 'shop', pod: 'leaky' }, values: [GiB, GiB, GiB, GiB, GiB, GiB] },
  ],
};

describe('DetectionJobs: anomaly jobs', () => {
  const source = fakeMetricSource({
    cpu: series.cpu,
    memory: series.memory,
    limits: series.limits,
    broken: new Error('connect ECONNREFUSED 127.0.0.1:9090'),
  });
  const forecastJobs = [{ name: 'node-cpu-forecast', query: '  cpu ' } as ForecastJobSpec];
  const existing = new Set([forecastId('node-cpu-forecast', { instance: 'node-b:9100', job: 'node-exporter' })]);
  const jobs = new DetectionJobs({
    anomalyJobs: [
      anomalySpec('node-cpu', 'cpu'),
      anomalySpec('memory', 'memory', { limit: { source: 'query', query: 'limits' }, unit: 'bytes' }),
      anomalySpec('broken', 'broken'),
    ],
    outlierJobs: [],
    source,
    logger: silentLogger,
    clock: () => NOW,
    forecastJobs,
    forecastExists: (id) => existing.has(id),
  });

  it('is not ready before the first runs; a failing query fails only its own job', async () => {
    assert.equal(jobs.ready(), false);
    const broken = await jobs.runAnomalyJob('broken');
    assert.equal(broken.state, 'error');
    assert.match(broken.error ?? '', /ECONNREFUSED/);
    assert.equal(jobs.ready(), false);
    assert.equal((await jobs.runAnomalyJob('node-cpu')).state, 'ok');
    assert.equal((await jobs.runAnomalyJob('memory')).state, 'ok');
    assert.equal(jobs.ready(), true);
    assert.deepEqual(
      jobs.anomalyJobs().map((s) => [s.name, s.state, s.series]),
      [
        ['node-cpu', 'ok', 3],
        ['memory', 'ok', 2],
        ['broken', 'error', 0],
      ]
    );
    // The query covers the training and the detection window, on the step grid.
    const cpuQuery = source.calls.find((c) => c.query === 'cpu')!;
    assert.equal(cpuQuery.endMs - cpuQuery.startMs, 3 * DAY + 6 * HOUR);
    assert.equal(cpuQuery.endMs, NOW);
  });

  it('reports the spike on node-b with its start, direction and peak, and nothing on its quiet siblings', () => {
    const cpu = jobs.anomalies().anomalies.filter((a) => a.job === 'node-cpu');
    const b = cpu.find((a) => a.labels.instance === 'node-b:9100')!;
    assert.ok(b.latestEvent, 'an event on node-b');
    assert.equal(b.latestEvent.kind, 'spike');
    assert.equal(b.latestEvent.direction, 'up');
    assert.equal(b.latestEvent.start, SPIKE_AT);
    assert.ok(b.latestEvent.peakScore >= 0.7);
    assert.equal(b.latestEvent.ongoing, false);
    for (const quiet of cpu.filter((a) => a !== b)) {
      assert.equal(quiet.eventCount, 0, `${quiet.title}: ${JSON.stringify(quiet.latestEvent)}`);
    }
    // Same query as a forecast job: linked to that forecast when it exists, not otherwise.
    assert.equal(b.forecastId, forecastId('node-cpu-forecast', b.labels));
    assert.equal(cpu.find((a) => a.labels.instance === 'node-a:9100')!.forecastId, null);
  });

  it('ranks the leaking container first: an open upward event, limit-aware', () => {
    const list = jobs.anomalies().anomalies;
    assert.equal(list[0].labels.pod, 'leaky', list.map((a) => `${a.title} ${a.score}`).join('\n'));
    const leak = list[0].latestEvent!;
    assert.equal(leak.ongoing, true);
    assert.equal(leak.direction, 'up');
    assert.ok(
      leak.start >= NOW - 5 * HOUR && leak.start <= NOW - 3 * HOUR,
      `leak flagged from ${new Date(leak.start).toISOString()}`
    );
    assert.ok(list[0].score >= 0.7);
    // The closed spike comes after the open leak; quiet series last.
    assert.equal(list[1].labels.instance, 'node-b:9100');
    assert.ok(list.slice(2).every((a) => a.eventCount === 0));
  });

  it('reports the leak as a drift with the time it reaches its 1 GiB limit', () => {
    const leak = jobs.anomalies().anomalies[0].latestEvent!;
    assert.equal(leak.kind, 'drift');
    assert.ok(leak.limitAt !== null && leak.limitAt > NOW && leak.limitAt < NOW + 4 * HOUR);
  });

  it('serves the detection window point by point, with the band and the events', () => {
    const summary = jobs.anomalies().anomalies.find((a) => a.labels.instance === 'node-b:9100')!;
    const detail = jobs.anomaly(summary.id)!;
    assert.equal(detail.stepSeconds, 300);
    assert.equal(detail.points.length, 72);
    assert.equal(detail.points.at(-1)!.t, NOW);
    const spike = detail.points.find((p) => p.t === SPIKE_AT)!;
    assert.ok(spike.isAnomaly && spike.v! > spike.upper!);
    assert.ok(detail.points.filter((p) => p.t < SPIKE_AT).every((p) => p.lower! < p.v! && p.v! < p.upper!));
    assert.deepEqual(detail.events, [summary.latestEvent]);
    assert.equal(jobs.anomaly('no-such-id'), undefined);
  });

  it('exports score, anomalous and the band per series with the series labels, job labels renamed', async () => {
    const registry = new Registry();
    registerDetectionMetrics(registry, jobs);
    const text = await registry.metrics();
    const b = jobs.anomalies().anomalies.find((a) => a.labels.instance === 'node-b:9100')!;
    const labels = `exported_instance="node-b:9100",exported_job="node-exporter",anomaly_job="node-cpu",series_id="${b.id}"`;
    assert.match(text, new RegExp(`prophet_anomaly_score\\{${labels}\\} ${b.score}\\n`));
    assert.match(text, new RegExp(`prophet_anomalous\\{${labels}\\} 0\\n`));
    assert.match(text, new RegExp(`prophet_band_lower\\{${labels}\\} ${b.bandLower}\\n`));
    assert.match(text, new RegExp(`prophet_band_upper\\{${labels}\\} ${b.bandUpper}\\n`));
    assert.match(text, /prophet_anomaly_job_up\{anomaly_job="broken"\} 0\n/);
    assert.match(text, /prophet_anomaly_job_up\{anomaly_job="node-cpu"\} 1\n/);
    assert.match(text, /# TYPE prophet_anomalous gauge/);
  });
});

describe('DetectionJobs: outlier jobs', () => {
  // Five pods of web and three of api; web-4 uses three times the memory of its siblings for the last 2 hours.
  const pods = [0, 1, 2, 3, 4].map((i) => ({ deployment: 'web', pod: `web-${i}` }));
  pods.push(...[0, 1, 2].map((i) => ({ deployment: 'api', pod: `api-${i}` })));
  const feature = (level: number, rogue: (t: number) => number) => (ts: number[]) =>
    pods.map(({ deployment, pod }, i) => {
      const r = rng(100 + i);
      return {
        labels: { namespace: 'shop', deployment, pod },
        values: ts.map((t) => level * (1 + 0.03 * r.normal()) * (pod === 'web-4' ? rogue(t) : 1)),
      };
    });
  const spec: OutlierJobSpec = {
    name: 'pods',
    title: 'Pods',
    groupBy: ['namespace', 'deployment'],
    member: 'pod',
    features: { cpu: 'pod_cpu', memory: 'pod_memory', latency: 'pod_latency' },
    stepMs: 5 * MINUTE,
    trainingWindowMs: 12 * HOUR,
    detectionWindowMs: HOUR,
    refreshIntervalMs: 5 * MINUTE,
    algorithm: 'dbscan',
    threshold: 4,
    minRelativeDeviation: 0.2,
    minDeviation: {},
  };
  const source = fakeMetricSource({
    pod_cpu: feature(0.5, () => 1),
    pod_memory: feature(300e6, (t) => (t > NOW - 2 * HOUR ? 3 : 1)),
    pod_latency: new Error('bad_data: unknown function'),
  });
  const jobs = new DetectionJobs({
    anomalyJobs: [],
    outlierJobs: [spec],
    source,
    logger: silentLogger,
    clock: () => NOW,
  });

  it('finds the rogue pod of its deployment, says which feature and when; a failing feature makes the job partial', async () => {
    const status = await jobs.runOutlierJob('pods');
    assert.equal(status.state, 'partial');
    assert.match(status.error ?? '', /feature "latency" query failed: bad_data/);
    assert.equal(status.series, 2);
    const { groups } = jobs.outliers();
    assert.deepEqual(
      groups.map((g) => [g.groupLabels.deployment, g.outlierCount]),
      [
        ['web', 1],
        ['api', 0],
      ]
    );
    const web = groups[0];
    assert.deepEqual(web.features, ['cpu', 'memory', 'latency']);
    assert.equal(web.members[0].id, 'web-4');
    assert.equal(web.members[0].outlying, true);
    assert.deepEqual(web.members[0].labels, { namespace: 'shop', deployment: 'web', pod: 'web-4' });
    assert.deepEqual(
      web.members[0].reasons.map((r) => [r.feature, r.direction]),
      [['memory', 'above']]
    );
    assert.ok(Math.abs(web.members[0].intervals[0].start - (NOW - 2 * HOUR + 5 * MINUTE)) <= 5 * MINUTE);
    assert.equal(web.members[0].intervals.at(-1)!.end, NOW);
    assert.ok(web.members.slice(1).every((m) => !m.outlying && m.reasons.length === 0));
    assert.ok(web.members[0].latest.memory! > 800e6);
    assert.equal(web.members[0].latest.latency, null);
    assert.deepEqual(jobs.outlierGroup(web.id), web);
    assert.equal(jobs.outlierGroup('nope'), undefined);
  });

  it('exports prophet_outlier 1 for the rogue pod now and 0 for the others', async () => {
    const registry = new Registry();
    registerDetectionMetrics(registry, jobs);
    const text = await registry.metrics();
    const web = jobs.outliers().groups[0];
    const base = `namespace="shop",deployment="web",outlier_job="pods",group_id="${web.id}"`;
    assert.match(text, new RegExp(`prophet_outlier\\{${base},member="web-4"\\} 1\\n`));
    assert.match(text, new RegExp(`prophet_outlier\\{${base},member="web-0"\\} 0\\n`));
    assert.match(text, /prophet_outlier_score\{[^}]*member="web-4"\} 0\.\d+\n/);
    assert.match(text, /prophet_outlier_job_up\{outlier_job="pods"\} 1\n/);
  });
});

describe('severity order', () => {
  const summary = (
    id: string,
    score: number,
    event: Partial<AnomalySummary['latestEvent']> | null
  ): AnomalySummary => ({
    id,
    job: 'j',
    title: id,
    unit: 'short',
    labels: {},
    current: 1,
    score,
    anomalous: 0,
    bandLower: 0,
    bandUpper: 2,
    latestEvent: event && {
      kind: 'spike',
      direction: 'up',
      size: 2,
      start: 0,
      end: 0,
      ongoing: false,
      peakScore: 0.9,
      limitAt: null,
      ...event,
    },
    eventCount: event ? 1 : 0,
    forecastId: null,
    threshold: 0.7,
    updatedAt: 0,
  });

  it('open events by score, then closed events most recent first, then quiet series by score', () => {
    const list = [
      summary('quiet-high', 0.5, null),
      summary('closed-old', 0.1, { end: 100 }),
      summary('open-low', 0.75, { ongoing: true }),
      summary('closed-new', 0.1, { end: 200 }),
      summary('open-high', 0.95, { ongoing: true }),
      summary('quiet-low', 0.2, null),
    ];
    assert.deepEqual(
      list.sort(bySeverity).map((a) => a.id),
      ['open-high', 'open-low', 'closed-new', 'closed-old', 'quiet-high', 'quiet-low']
    );
  });
});
