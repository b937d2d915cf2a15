// The incident routes serve the manager's incidents behind the token check: summaries with counts and the top
// suggestion, filters validated (a bad one is a 400 naming it), the whole incident by id, a JSON 404 otherwise.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IncidentManager } from '../../src/incidents/incident-manager.ts';
import { registerIncidentRoutes } from '../../src/incidents/incident-routes.ts';
import type { IncidentAlert, IncidentContext } from '../../src/incidents/types.ts';
import { auth, testApp } from '../api/fakes.ts';

const T0 = 1_800_000_000_000;

function alert(fingerprint: string, labels: Record<string, string>): IncidentAlert {
  return {
    fingerprint,
    alertname: 'KubePodCrashLooping',
    status: 'firing',
    severity: 'critical',
    labels,
    annotations: {},
    startsAt: T0,
    endsAt: null,
    generatorURL: null,
  };
}

async function appWithIncidents() {
  const incidents = new IncidentManager({
    explain: (context: IncidentContext, now) => ({
      summary: `${context.title} explained`,
      cause: 'crash loop',
      details: [],
      explainer: 'built-in',
      model: null,
      generatedAt: now,
      fallbackReason: null,
    }),
    suggest: () => [
      {
        rank: 1,
        kind: 'rollout-restart',
        target: 'Deployment/shop/checkout',
        title: 'Restart Deployment shop/checkout',
        rationale: 'r',
        evidence: [],
        confidence: 0.7,
      },
    ],
    now: () => T0,
  });
  await incidents.handleAlerts([
    alert('a', { namespace: 'shop', deployment: 'checkout' }),
    alert('b', { namespace: 'payments', deployment: 'api' }),
  ]);
  return { app: testApp({ extraRoutes: (app) => registerIncidentRoutes(app, incidents) }), incidents };
}

test('GET /api/incidents: summaries with cause, top suggestion and counts; filters', async (t) => {
  const { app } = await appWithIncidents();
  t.after(() => app.close());
  const list = await app.inject({ url: '/api/incidents', headers: auth });
  assert.equal(list.statusCode, 200);
  const body = list.json();
  assert.equal(body.incidents.length, 2);
  const shop = body.incidents.find((i: { scope: { namespace: string } }) => i.scope.namespace === 'shop');
  assert.equal(shop.cause, 'crash loop');
  assert.equal(shop.topSuggestion, 'Restart Deployment shop/checkout');
  assert.deepEqual(shop.counts, { alerts: 1, firing: 1, findings: 0, anomalies: 0, forecasts: 0, events: 0 });
  assert.equal(shop.timeline, undefined, 'the list carries summaries, not whole incidents');

  const filtered = await app.inject({ url: '/api/incidents?namespace=payments&status=open', headers: auth });
  assert.deepEqual(
    filtered.json().incidents.map((i: { scope: { namespace: string } }) => i.scope.namespace),
    ['payments']
  );
  const bad = await app.inject({ url: '/api/incidents?status=closed', headers: auth });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json().message, /status/);
  assert.equal((await app.inject({ url: '/api/incidents' })).statusCode, 401);
});

test('GET /api/incidents/:id: the whole incident; unknown ids are a JSON 404', async (t) => {
  const { app, incidents } = await appWithIncidents();
  t.after(() => app.close());
  const id = incidents.list()[0].id;
  const res = await app.inject({ url: `/api/incidents/${id}`, headers: auth });
  assert.equal(res.statusCode, 200);
  assert.equal(res.json().explanation.summary, `${incidents.list()[0].title} explained`);
  assert.equal(res.json().timeline.length, 2);
  const missing = await app.inject({ url: '/api/incidents/inc-000000000000', headers: auth });
  assert.equal(missing.statusCode, 404);
  assert.match(missing.json().message, /no incident "inc-000000000000"/);
});
