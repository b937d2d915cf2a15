// Incidents survive a restart: saved whole, updated in place, damaged rows skipped with a warning, resolved ones
// pruned after their retention while open ones stay.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { SqliteStore } from '../../src/store/sqlite-store.ts';
import type { Incident } from '../../src/incidents/types.ts';

function incident(id: string, overrides: Partial<Incident> = {}): Incident {
  return {
    id,
    title: `incident ${id}`,
    severity: 'critical',
    scope: { namespace: 'shop', workload: { kind: 'Deployment', name: 'checkout' }, pods: [], nodes: [] },
    openedAt: 1_000,
    alerts: [],
    findings: [],
    anomalies: [],
    forecasts: [],
    events: [],
    status: 'open',
    updatedAt: 2_000,
    resolvedAt: null,
    timeline: [],
    explanation: null,
    suggestions: [],
    ...overrides,
  };
}

test('incidents are stored whole, updated in place and loaded after a reopen', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'prophet-incidents-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'prophet.db');
  const store = new SqliteStore(path);
  store.incidents.saveIncident(incident('a'));
  store.incidents.saveIncident(incident('a', { title: 'renamed', status: 'resolved', updatedAt: 3_000 }));
  store.incidents.saveIncident(incident('b', { openedAt: 500 }));
  store.close();
  const reopened = new SqliteStore(path);
  t.after(() => reopened.close());
  assert.deepEqual(
    reopened.incidents.loadIncidents().map((i) => [i.id, i.title, i.status]),
    [
      ['b', 'incident b', 'open'],
      ['a', 'renamed', 'resolved'],
    ]
  );
});

test('a damaged row is skipped with a warning; pruning removes only old resolved incidents', (t) => {
  const warnings: string[] = [];
  const store = new SqliteStore(':memory:', { warn: (_details, message) => warnings.push(message) });
  t.after(() => store.close());
  store.incidents.saveIncident(incident('old-resolved', { status: 'resolved', updatedAt: 1_000 }));
  store.incidents.saveIncident(incident('new-resolved', { status: 'resolved', updatedAt: 9_000 }));
  store.incidents.saveIncident(incident('old-open', { updatedAt: 1_000 }));
  store.database.db.prepare("UPDATE incidents SET detail = '{not json' WHERE id = 'new-resolved'").run();
  assert.deepEqual(
    store.incidents.loadIncidents().map((i) => i.id),
    ['old-resolved', 'old-open']
  );
  assert.deepEqual(warnings, ['skipping stored incident with invalid JSON']);
  assert.equal(store.incidents.pruneResolved(5_000), 1);
  assert.deepEqual(
    store.incidents.loadIncidents().map((i) => i.id),
    ['old-open']
  );
});
