import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { CapacityForecast } from '../../src/api/contract.ts';
import {
  SqliteForecastStore,
  SqliteStore,
  STORE_SCHEMA_VERSION,
  type StoreLogger,
} from '../../src/store/sqlite-store.ts';
import { forecastDetail } from '../api/fakes.ts';

function tempDbPath(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'prophet-store-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // A nested, not yet existing directory: the store creates it.
  return join(dir, 'nested', 'data', 'prophet.db');
}

const capacity: CapacityForecast = {
  nodepool: 'default',
  currentNodes: 3,
  currentPendingPods: 0,
  podsPerNode: 20,
  horizons: [
    { minutes: 30, pendingPods: 4, pendingPodsLower: 1, pendingPodsUpper: 9, nodesNeeded: 1, nodesNeededUpper: 1 },
  ],
  updatedAt: 1_000,
};

test('saved forecasts and capacity load back unchanged', (t) => {
  const store = new SqliteForecastStore(tempDbPath(t));
  t.after(() => store.close());
  const results = [
    forecastDetail('node-cpu', 'node-cpu-a'),
    forecastDetail('node-cpu', 'node-cpu-b', { threshold: null, crossing: null }),
  ];
  store.saveJobResults('node-cpu', results);
  store.saveCapacity([capacity]);
  assert.deepEqual(store.loadForecasts(), results);
  assert.deepEqual(store.loadCapacity(), [capacity]);
});

test('saving a job replaces its rows and leaves other jobs alone', (t) => {
  const store = new SqliteForecastStore(':memory:');
  t.after(() => store.close());
  const disk = forecastDetail('node-disk', 'node-disk-a');
  store.saveJobResults('node-cpu', [
    forecastDetail('node-cpu', 'node-cpu-a'),
    forecastDetail('node-cpu', 'node-cpu-b'),
  ]);
  store.saveJobResults('node-disk', [disk]);
  const replacement = forecastDetail('node-cpu', 'node-cpu-c', { current: 0.7 });
  store.saveJobResults('node-cpu', [replacement]);
  assert.deepEqual(store.loadForecasts(), [replacement, disk]);
  store.saveJobResults('node-cpu', []);
  assert.deepEqual(store.loadForecasts(), [disk]);
});

test('a failed save leaves the previous results of the job in place', (t) => {
  const store = new SqliteForecastStore(':memory:');
  t.after(() => store.close());
  const kept = forecastDetail('node-cpu', 'node-cpu-a');
  store.saveJobResults('node-cpu', [kept]);
  // Two results with one id violate the primary key half-way through the transaction.
  const duplicate = forecastDetail('node-cpu', 'node-cpu-x');
  assert.throws(() => store.saveJobResults('node-cpu', [duplicate, duplicate]));
  assert.deepEqual(store.loadForecasts(), [kept]);
});

test('data survives closing and reopening the database', (t) => {
  const path = tempDbPath(t);
  const first = new SqliteForecastStore(path);
  const saved = forecastDetail('node-cpu', 'node-cpu-a');
  first.saveJobResults('node-cpu', [saved]);
  first.saveCapacity([capacity]);
  first.close();

  const reopened = new SqliteForecastStore(path);
  t.after(() => reopened.close());
  assert.deepEqual(reopened.loadForecasts(), [saved]);
  assert.deepEqual(reopened.loadCapacity(), [capacity]);
});

test('the database is in WAL mode with a schema version', (t) => {
  const path = tempDbPath(t);
  new SqliteForecastStore(path).close();
  const db = new DatabaseSync(path);
  t.after(() => db.close());
  assert.equal(db.prepare('PRAGMA journal_mode').get()?.journal_mode, 'wal');
  assert.equal(db.prepare('SELECT version FROM schema_version').get()?.version, STORE_SCHEMA_VERSION);
});

test('a database from a newer sidecar is refused rather than misread', (t) => {
  const path = tempDbPath(t);
  new SqliteForecastStore(path).close();
  const db = new DatabaseSync(path);
  db.prepare('UPDATE schema_version SET version = ?').run(STORE_SCHEMA_VERSION + 1);
  db.close();
  assert.throws(() => new SqliteForecastStore(path), /newer than this sidecar supports/);
});

test('a corrupted row is skipped with a warning instead of failing the load', (t) => {
  const path = tempDbPath(t);
  const warnings: Array<{ details: object; message: string }> = [];
  const logger: StoreLogger = { warn: (details, message) => warnings.push({ details, message }) };
  const setup = new SqliteForecastStore(path, logger);
  const good = forecastDetail('node-cpu', 'node-cpu-a');
  setup.saveJobResults('node-cpu', [good]);
  setup.close();

  const db = new DatabaseSync(path);
  db.prepare('INSERT INTO forecasts (job, id, detail, updated_at) VALUES (?, ?, ?, ?)').run(
    'node-cpu',
    'node-cpu-bad',
    '{"id": "node-cpu-bad", ',
    0
  );
  db.prepare('INSERT INTO capacity (nodepool, detail, updated_at) VALUES (?, ?, ?)').run('spot', '[1, 2]', 0);
  db.close();

  const store = new SqliteForecastStore(path, logger);
  t.after(() => store.close());
  assert.deepEqual(store.loadForecasts(), [good]);
  assert.deepEqual(store.loadCapacity(), []);
  assert.equal(warnings.length, 2);
  assert.match(warnings[0].message, /invalid JSON/);
  assert.deepEqual(
    { ...warnings[0].details, error: undefined },
    { table: 'forecasts', job: 'node-cpu', id: 'node-cpu-bad', error: undefined }
  );
  assert.deepEqual(warnings[1].details, { table: 'capacity', nodepool: 'spot' });
});

// The schema as the first released sidecar wrote it (schema version 1): forecasts and capacity only.
const VERSION_1_SCHEMA = `
  CREATE TABLE schema_version (version INTEGER NOT NULL);
  INSERT INTO schema_version (version) VALUES (1);
  CREATE TABLE forecasts (job TEXT NOT NULL, id TEXT NOT NULL, detail TEXT NOT NULL, updated_at INTEGER NOT NULL,
    PRIMARY KEY (job, id));
  CREATE TABLE capacity (nodepool TEXT PRIMARY KEY, detail TEXT NOT NULL, updated_at INTEGER NOT NULL);`;

test('a version-1 database (forecasts only) is migrated in place and keeps its forecasts and capacity', (t) => {
  const path = tempDbPath(t);
  mkdirSync(dirname(path), { recursive: true });
  const old = new DatabaseSync(path);
  old.exec(VERSION_1_SCHEMA);
  const saved = forecastDetail('node-cpu', 'node-cpu-a');
  old
    .prepare('INSERT INTO forecasts (job, id, detail, updated_at) VALUES (?, ?, ?, ?)')
    .run('node-cpu', saved.id, JSON.stringify(saved), saved.updatedAt);
  old
    .prepare('INSERT INTO capacity (nodepool, detail, updated_at) VALUES (?, ?, ?)')
    .run('default', JSON.stringify(capacity), capacity.updatedAt);
  old.close();

  const store = new SqliteStore(path);
  t.after(() => store.close());
  assert.deepEqual(store.forecasts.loadForecasts(), [saved]);
  assert.deepEqual(store.forecasts.loadCapacity(), [capacity]);
  const { outcomes } = store.alerts.upsertBatch(
    [
      {
        fingerprint: 'f1',
        status: 'firing',
        labels: { alertname: 'A' },
        annotations: {},
        startsAt: 1_000,
        endsAt: null,
        generatorURL: null,
        receiver: 'r',
        groupKey: 'g',
        externalURL: 'http://am',
      },
    ],
    2_000
  );
  assert.deepEqual(outcomes, ['opened']);
  assert.equal(store.database.db.prepare('SELECT version FROM schema_version').get()?.version, STORE_SCHEMA_VERSION);
  assert.ok(STORE_SCHEMA_VERSION >= 2);
});

test('forecasts and alerts share one database file: both survive a reopen', (t) => {
  const path = tempDbPath(t);
  const first = new SqliteStore(path);
  const saved = forecastDetail('node-cpu', 'node-cpu-a');
  first.forecasts.saveJobResults('node-cpu', [saved]);
  first.alerts.upsertBatch(
    [
      {
        fingerprint: 'f1',
        status: 'firing',
        labels: { alertname: 'A', severity: 'critical' },
        annotations: { summary: 's' },
        startsAt: 1_000,
        endsAt: null,
        generatorURL: null,
        receiver: 'r',
        groupKey: 'g',
        externalURL: 'http://am',
      },
    ],
    2_000
  );
  // Closing the forecast view of a shared database leaves it open for the alert store.
  first.forecasts.close();
  assert.equal(first.alerts.list().total, 1);
  first.close();

  const reopened = new SqliteStore(path);
  t.after(() => reopened.close());
  assert.deepEqual(reopened.forecasts.loadForecasts(), [saved]);
  assert.deepEqual(
    reopened.alerts.list().alerts.map((a) => [a.id, a.status, a.annotations]),
    [['f1-1000', 'firing', { summary: 's' }]]
  );
});
