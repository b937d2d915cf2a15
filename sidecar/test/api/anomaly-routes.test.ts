// The anomaly and outlier routes serve the DetectionReader's cached results behind the same token check as the
// forecast routes, with JSON 404s for unknown ids, and /readyz waits for the first detection runs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AnomalyDetail, JobStatus, OutlierGroupResult } from '../../src/api/contract.ts';
import type { DetectionReader } from '../../src/anomalies/detection-reader.ts';
import { auth, jobStatus, testApp } from './fakes.ts';

function anomalyDetail(job: string, id: string, score: number): AnomalyDetail {
  return {
    id,
    job,
    title: `${job} ${id}`,
    unit: 'percentunit',
    labels: { instance: id },
    current: 0.9,
    score,
    anomalous: 1,
    bandLower: 0.2,
    bandUpper: 0.6,
    latestEvent: {
      kind: 'spike',
      direction: 'up',
      size: 3.2,
      start: 1_000,
      end: 2_000,
      ongoing: true,
      peakScore: 0.97,
      limitAt: null,
    },
    eventCount: 1,
    forecastId: null,
    threshold: 0.7,
    updatedAt: 2_000,
    stepSeconds: 300,
    points: [{ t: 2_000, v: 0.9, expected: 0.4, lower: 0.2, upper: 0.6, score, isAnomaly: true }],
    events: [],
  };
}

const group: OutlierGroupResult = {
  id: 'pods-abc',
  job: 'deployment-pods',
  title: 'Pods {deployment="web"}',
  groupLabels: { namespace: 'shop', deployment: 'web' },
  features: ['memory'],
  tooSmall: false,
  members: [
    {
      id: 'web-1',
      labels: { namespace: 'shop', deployment: 'web', pod: 'web-1' },
      outlying: true,
      score: 0.4,
      intervals: [{ start: 1_000, end: 2_000 }],
      reasons: [
        {
          feature: 'memory',
          direction: 'above',
          value: 900,
          groupMedian: 300,
          bandLower: 250,
          bandUpper: 350,
          share: 0.4,
          summary: 'memory above the group',
        },
      ],
      latest: { memory: 910 },
    },
  ],
  outlierCount: 1,
  updatedAt: 2_000,
};

function fakeDetection(ready = true): DetectionReader & { jobStatuses: JobStatus[] } {
  const details = [anomalyDetail('node-cpu', 'node-cpu-a', 0.95), anomalyDetail('http-latency-p99', 'lat-b', 0.8)];
  return {
    jobStatuses: [jobStatus('node-cpu')],
    anomalies: () => ({
      generatedAt: 5_000,
      anomalies: details.map(({ stepSeconds: _s, points: _p, events: _e, ...summary }) => summary),
    }),
    anomaly: (id) => details.find((d) => d.id === id),
    outliers: () => ({ generatedAt: 5_000, groups: [group] }),
    outlierGroup: (id) => (id === group.id ? group : undefined),
    anomalyJobs() {
      return this.jobStatuses;
    },
    outlierJobs: () => [jobStatus('deployment-pods')],
    ready: () => ready,
  };
}

test('GET /api/anomalies lists summaries (no points), filtered by job', async () => {
  const app = testApp({ detection: fakeDetection() });
  const all = await app.inject({ url: '/api/anomalies', headers: auth });
  assert.equal(all.statusCode, 200);
  assert.equal(all.headers['cache-control'], 'no-store');
  assert.deepEqual(
    all.json().anomalies.map((a: { id: string }) => a.id),
    ['node-cpu-a', 'lat-b']
  );
  assert.equal(all.json().anomalies[0].points, undefined);
  assert.equal(all.json().anomalies[0].latestEvent.kind, 'spike');
  const one = await app.inject({ url: '/api/anomalies?job=http-latency-p99', headers: auth });
  assert.deepEqual(
    one.json().anomalies.map((a: { id: string }) => a.id),
    ['lat-b']
  );
});

test('GET /api/anomalies/:id returns the detail or a JSON 404 naming the id', async () => {
  const app = testApp({ detection: fakeDetection() });
  const found = await app.inject({ url: '/api/anomalies/node-cpu-a', headers: auth });
  assert.equal(found.statusCode, 200);
  assert.deepEqual(found.json(), anomalyDetail('node-cpu', 'node-cpu-a', 0.95));
  const missing = await app.inject({ url: '/api/anomalies/nope', headers: auth });
  assert.equal(missing.statusCode, 404);
  assert.deepEqual(missing.json(), { error: 'Not Found', message: 'anomaly series "nope" not found', statusCode: 404 });
});

test('GET /api/outliers and /api/outliers/:id serve groups; unknown ids are a JSON 404', async () => {
  const app = testApp({ detection: fakeDetection() });
  const list = await app.inject({ url: '/api/outliers', headers: auth });
  assert.equal(list.statusCode, 200);
  assert.deepEqual(list.json(), { generatedAt: 5_000, groups: [group] });
  const filtered = await app.inject({ url: '/api/outliers?job=nodepool-nodes', headers: auth });
  assert.deepEqual(filtered.json().groups, []);
  const one = await app.inject({ url: '/api/outliers/pods-abc', headers: auth });
  assert.deepEqual(one.json(), group);
  const missing = await app.inject({ url: '/api/outliers/nope', headers: auth });
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().message, 'outlier group "nope" not found');
});

test('job status of anomaly and outlier jobs at /api/anomalies/jobs and /api/outliers/jobs', async () => {
  const app = testApp({ detection: fakeDetection() });
  const anomalies = await app.inject({ url: '/api/anomalies/jobs', headers: auth });
  assert.deepEqual(anomalies.json(), [jobStatus('node-cpu')]);
  const outliers = await app.inject({ url: '/api/outliers/jobs', headers: auth });
  assert.deepEqual(outliers.json(), [jobStatus('deployment-pods')]);
});

test('every anomaly and outlier route needs the bearer token', async () => {
  const app = testApp({ detection: fakeDetection() });
  for (const url of [
    '/api/anomalies',
    '/api/anomalies/node-cpu-a',
    '/api/anomalies/jobs',
    '/api/outliers',
    '/api/outliers/pods-abc',
    '/api/outliers/jobs',
  ]) {
    const none = await app.inject({ url });
    assert.equal(none.statusCode, 401, url);
    assert.equal(none.json().statusCode, 401);
    const wrong = await app.inject({ url, headers: { authorization: 'Bearer wrong-token-0000000000' } });
    assert.equal(wrong.statusCode, 401, url);
  }
});

test('/readyz waits for the first anomaly and outlier runs; the routes are in the OpenAPI document', async () => {
  const notReady = await testApp({ detection: fakeDetection(false) }).inject({ url: '/readyz' });
  assert.equal(notReady.statusCode, 503);
  assert.deepEqual(notReady.json().reasons, ['anomaly and outlier jobs have not all completed their first run']);
  const ready = await testApp({ detection: fakeDetection(true) }).inject({ url: '/readyz' });
  assert.equal(ready.statusCode, 200);
  const doc = (await testApp().inject({ url: '/openapi.json' })).json();
  for (const path of ['/api/anomalies', '/api/anomalies/{id}', '/api/outliers', '/api/outliers/{id}']) {
    assert.ok(doc.paths[path]?.get, path);
  }
});
