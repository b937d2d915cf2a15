// anomalies.jobs and outliers.jobs: shipped defaults, defaults merged into jobs, and errors naming file and field.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ConfigError, DEFAULT_ANOMALY_JOBS, DEFAULT_OUTLIER_JOBS, loadConfig } from '../../src/config/index.ts';
import { DEFAULT_ANOMALY_THRESHOLD } from '../../src/ml/index.ts';

const EXAMPLE = fileURLToPath(new URL('../../config.example.yaml', import.meta.url));
const HOUR = 3_600_000;

function withFile(t: { after: (fn: () => void) => void }, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'prophet-config-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'config.yaml');
  writeFileSync(path, `server: { token: t }\n${text}`);
  return path;
}

function errorOf(file: string): string {
  try {
    loadConfig({ file, env: {} });
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.message;
  }
  return assert.fail('expected a ConfigError');
}

test('with no file the shipped anomaly and outlier jobs apply with their defaults', () => {
  const config = loadConfig({ env: { PROPHET_TOKEN: 't' } });
  assert.deepEqual(
    config.anomalies.jobs.map((j) => j.name),
    ['node-cpu', 'workload-cpu', 'workload-memory', 'http-latency-p99', 'http-5xx-ratio']
  );
  assert.equal(config.anomalies.jobs.length, DEFAULT_ANOMALY_JOBS.length);
  const memory = config.anomalies.jobs.find((j) => j.name === 'workload-memory')!;
  assert.equal(memory.stepMs, 5 * 60_000);
  assert.equal(memory.trainingWindowMs, 7 * 24 * HOUR);
  assert.equal(memory.detectionWindowMs, 6 * HOUR);
  assert.equal(memory.sensitivity, DEFAULT_ANOMALY_THRESHOLD);
  assert.deepEqual(memory.seasonalityMs, []);
  assert.equal(memory.limit?.source, 'query');
  assert.deepEqual(
    config.outliers.jobs.map((j) => [j.name, j.groupBy, j.member, Object.keys(j.features)]),
    [
      ['deployment-pods', ['namespace', 'deployment'], 'pod', ['cpu', 'memory', 'restarts']],
      ['namespace-pods', ['namespace'], 'pod', ['memory-vs-limit', 'cpu-vs-limit']],
      ['nodepool-nodes', ['nodepool'], 'node', ['cpu', 'memory', 'disk', 'network']],
    ]
  );
  assert.equal(config.outliers.jobs.length, DEFAULT_OUTLIER_JOBS.length);
  const pods = config.outliers.jobs[0];
  assert.deepEqual([pods.algorithm, pods.threshold, pods.minRelativeDeviation], ['dbscan', 4, 0.2]);
  assert.deepEqual(pods.minDeviation, { restarts: 1 });
  assert.equal(pods.trainingWindowMs, 24 * HOUR);
  assert.equal(pods.detectionWindowMs, HOUR);
});

test('jobs inherit the section defaults and override them; the example config loads', (t) => {
  const file = withFile(
    t,
    [
      'anomalies:',
      '  defaults: { step: 1m, trainingWindow: 2d, detectionWindow: 2h, sensitivity: 0.8 }',
      '  jobs:',
      '    - { name: a, query: up, seasonality: [1d], limit: { value: 0.9 }, forecastJob: node-cpu }',
      '    - { name: b, query: up, detectionWindow: 30m, sensitivity: 0.5 }',
      'outliers:',
      '  jobs:',
      '    - { name: o, groupBy: [nodepool], member: node, features: { cpu: up }, algorithm: mad, threshold: 3 }',
    ].join('\n')
  );
  const config = loadConfig({ file, env: {} });
  const [a, b] = config.anomalies.jobs;
  assert.deepEqual(
    [a.stepMs, a.trainingWindowMs, a.detectionWindowMs, a.sensitivity, a.seasonalityMs, a.limit, a.forecastJob],
    [60_000, 48 * HOUR, 2 * HOUR, 0.8, [24 * HOUR], { source: 'static', value: 0.9 }, 'node-cpu']
  );
  assert.deepEqual([b.detectionWindowMs, b.sensitivity, b.limit, b.forecastJob], [HOUR / 2, 0.5, null, null]);
  assert.deepEqual(config.outliers.jobs[0].features, { cpu: 'up' });
  assert.deepEqual([config.outliers.jobs[0].algorithm, config.outliers.jobs[0].threshold], ['mad', 3]);

  const example = loadConfig({ file: EXAMPLE, env: {} });
  assert.ok(example.anomalies.jobs.length > 0 && example.outliers.jobs.length > 0);
});

test('bad anomaly jobs are named by file and field', (t) => {
  const file = withFile(
    t,
    [
      'anomalies:',
      '  jobs:',
      '    - { name: a, query: up, sensitivity: 1.5 }',
      '    - { name: b, query: up, detectionWindow: 6 hours }',
      '    - { name: c, query: up, limit: { value: 1, query: up } }',
      '    - { name: d, query: up, threshold: { value: 1 } }',
    ].join('\n')
  );
  const message = errorOf(file);
  assert.match(
    message,
    new RegExp(
      `config error in ${file}: anomalies\\.jobs\\[0\\]\\.sensitivity: expected a score threshold between 0 and 1, got 1\\.5`
    )
  );
  assert.match(message, /anomalies\.jobs\[1\]\.detectionWindow: expected a duration like "5m", got "6 hours"/);
  assert.match(message, /anomalies\.jobs\[3\]\.threshold: unknown field/);

  const semantic = withFile(
    t,
    [
      'anomalies:',
      '  jobs:',
      '    - { name: a, query: up, limit: { value: 1, query: up } }',
      '    - { name: a, query: up, forecastJob: nope }',
      '    - { name: c, query: up, step: 10m, detectionWindow: 10m }',
    ].join('\n')
  );
  const issues = errorOf(semantic);
  assert.match(issues, /anomalies\.jobs\[0\]\.limit: set exactly one of value or query/);
  assert.match(issues, /anomalies\.jobs\[1\]\.name: duplicate job name "a" \(also anomalies\.jobs\[0\]\)/);
  assert.match(issues, /anomalies\.jobs\[1\]\.forecastJob: no forecast job is named "nope"/);
  assert.match(issues, /anomalies\.jobs\[2\]\.detectionWindow: must span at least two steps/);
});

test('bad outlier jobs are named by file and field', (t) => {
  const missing = withFile(t, 'outliers:\n  jobs:\n    - { name: o, member: pod, features: { cpu: up } }\n');
  assert.match(errorOf(missing), /outliers\.jobs\[0\]\.groupBy: is required/);

  const file = withFile(
    t,
    [
      'outliers:',
      '  jobs:',
      '    - { name: o, groupBy: [namespace], member: pod, features: {} }',
      '    - { name: p, groupBy: [namespace, pod], member: pod, features: { cpu: up }, minDeviation: { mem: 1 } }',
    ].join('\n')
  );
  const message = errorOf(file);
  assert.match(message, /outliers\.jobs\[0\]\.features: name at least one feature/);
  assert.match(message, /outliers\.jobs\[1\]\.member: "pod" is also in groupBy/);
  assert.match(message, /outliers\.jobs\[1\]\.minDeviation\.mem: no feature is named "mem"/);

  const typos = withFile(
    t,
    [
      'outliers:',
      '  jobs:',
      '    - { name: o, groupBy: [name-space], member: pod, features: { cpu: up }, algorithm: kmeans }',
      '    - { name: p, groupBy: [], member: pod, features: { cpu: "" } }',
    ].join('\n')
  );
  const typoMessage = errorOf(typos);
  assert.match(typoMessage, /outliers\.jobs\[0\]\.groupBy\[0\]: expected a Prometheus label name/);
  assert.match(typoMessage, /outliers\.jobs\[0\]\.algorithm: expected one of "dbscan", "mad", got "kmeans"/);
  assert.match(typoMessage, /outliers\.jobs\[1\]\.groupBy: expected a non-empty list of label names/);
  assert.match(typoMessage, /outliers\.jobs\[1\]\.features\.cpu: expected a non-empty string/);
});
