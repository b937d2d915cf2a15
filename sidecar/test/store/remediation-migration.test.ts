// Migration 4 (remediation) on a fresh database and on one written by the previous sidecar (schema version 3),
// whose forecasts, alerts and incidents must survive it.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import { MIGRATIONS } from '../../src/store/migrations.ts';
import { SqliteStore, STORE_SCHEMA_VERSION } from '../../src/store/sqlite-store.ts';
import { auditInput, proposal, tempDbPath } from './remediation-fixtures.ts';

const REMEDIATION_SCHEMA_VERSION = 4;

function schemaObjects(db: DatabaseSync): string[] {
  return db
    .prepare("SELECT type || ' ' || name AS object FROM sqlite_master WHERE name LIKE 'remediation%' ORDER BY 1")
    .all()
    .map((row) => String(row.object));
}

const REMEDIATION_OBJECTS = [
  'index remediation_audit_by_at',
  'index remediation_audit_by_proposal',
  'index remediation_proposals_by_incident',
  'index remediation_proposals_by_state',
  'index remediation_proposals_by_target',
  'table remediation_audit',
  'table remediation_proposals',
  'trigger remediation_audit_no_delete',
  'trigger remediation_audit_no_update',
];

test('a fresh database gets the remediation tables, indexes and append-only triggers', (t) => {
  const store = new SqliteStore(':memory:');
  t.after(() => store.close());
  const db = store.database.db;
  assert.ok(STORE_SCHEMA_VERSION >= REMEDIATION_SCHEMA_VERSION);
  assert.equal(db.prepare('SELECT version FROM schema_version').get()?.version, STORE_SCHEMA_VERSION);
  assert.deepEqual(schemaObjects(db), REMEDIATION_OBJECTS);
});

test('the proposal state column accepts the nine lifecycle states and nothing else', (t) => {
  const store = new SqliteStore(':memory:');
  t.after(() => store.close());
  assert.equal(store.remediation.insertProposal(proposal('ok', { state: 'not-verified' }), []), true);
  assert.throws(
    () => store.remediation.insertProposal(proposal('bad', { state: 'done' as 'proposed' }), []),
    /CHECK constraint failed/
  );
  assert.equal(store.remediation.getProposal('bad'), undefined);
});

test('a version-3 database keeps its forecasts, alerts and incidents and gains the remediation tables', (t) => {
  const path = tempDbPath(t);
  mkdirSync(dirname(path), { recursive: true });
  // Exactly what a sidecar at schema version 3 wrote: its three migrations and its version row.
  const old = new DatabaseSync(path);
  old.exec('CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version (version) VALUES (3);');
  for (const migration of MIGRATIONS.slice(0, 3)) {
    old.exec(migration);
  }
  old
    .prepare('INSERT INTO forecasts (job, id, detail, updated_at) VALUES (?, ?, ?, ?)')
    .run('node-cpu', 'node-cpu-a', '{"id":"node-cpu-a"}', 1_000);
  old
    .prepare(
      `INSERT INTO alerts (id, fingerprint, starts_at, status, labels, annotations, receiver, group_key, external_url,
         first_received_at, last_received_at, received_count) VALUES (?, ?, ?, 'firing', ?, '{}', 'r', 'g', 'http://am', ?, ?, 1)`
    )
    .run('f1@1000', 'f1', 1_000, '{"alertname":"A"}', 1_000, 1_000);
  old
    .prepare("INSERT INTO incidents (id, status, opened_at, updated_at, detail) VALUES (?, 'open', ?, ?, ?)")
    .run('inc-1', 1_000, 2_000, JSON.stringify({ id: 'inc-1', alerts: [] }));
  assert.deepEqual(schemaObjects(old), []);
  old.close();

  const store = new SqliteStore(path);
  t.after(() => store.close());
  const db = store.database.db;
  assert.equal(db.prepare('SELECT version FROM schema_version').get()?.version, STORE_SCHEMA_VERSION);
  assert.deepEqual(schemaObjects(db), REMEDIATION_OBJECTS);
  assert.deepEqual(
    store.forecasts.loadForecasts().map((f) => f.id),
    ['node-cpu-a']
  );
  assert.equal(db.prepare('SELECT count(*) AS n FROM alerts').get()?.n, 1);
  assert.deepEqual(
    store.incidents.loadIncidents().map((i) => i.id),
    ['inc-1']
  );
  assert.equal(store.remediation.insertProposal(proposal('p1'), [auditInput('proposed', 'p1')]), true);
  assert.deepEqual(store.remediation.verifyAuditChain(), { ok: true, entries: 1, firstBrokenSeq: null });
});
