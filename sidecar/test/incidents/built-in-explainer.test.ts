// The built-in explainer: what broke, since when, the most likely cause and what each piece of evidence says,
// always tied to evidence of the incident; the same input gives the same text whatever the clock says.
import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import { explainBuiltIn, MAX_DETAILS } from '../../src/incidents/built-in-explainer.ts';
import { allEvidence } from '../../src/incidents/suggest-remediations.ts';
import {
  alert,
  context,
  event,
  forecast,
  HOUR,
  memoryDrift,
  MIN,
  oomFinding,
  rolloutEvents,
  T0,
} from './incident-fixtures.ts';

const leak = () =>
  context({
    title: 'ContainerMemoryLimitPredicted on Deployment shop/checkout',
    alerts: [alert('ContainerMemoryLimitPredicted')],
    findings: [oomFinding()],
    anomalies: [memoryDrift()],
    forecasts: [forecast('Container memory vs limit')],
    events: [event('BackOff', 'Back-off restarting failed container checkout'), ...rolloutEvents(T0 - 5 * HOUR)],
  });

test('the summary says what broke, since when, and the most likely cause with its evidence', () => {
  const e = explainBuiltIn(leak(), T0 + 20 * MIN);
  assert.equal(
    e.summary,
    'Deployment shop/checkout: ContainerMemoryLimitPredicted since 2026-11-26 12:00 UTC (20m ago). ' +
      'Most likely cause: memory leak in Deployment shop/checkout: its pods are OOMKilled and its memory has grown ' +
      'toward the limit since 2026-11-26 09:00 UTC, after the rollout at 2026-11-26 07:00 UTC.'
  );
  assert.equal(e.cause, 'memory leak in Deployment shop/checkout');
  assert.deepEqual([e.explainer, e.model, e.generatedAt, e.fallbackReason], ['built-in', null, T0 + 20 * MIN, null]);
});

test("one detail per piece of evidence, the cause's evidence first, every reference real", () => {
  const ctx = leak();
  const e = explainBuiltIn(ctx, T0 + 20 * MIN);
  const known = new Set(allEvidence(ctx).map((r) => `${r.type}:${r.id}`));
  for (const d of e.details) {
    assert.ok(d.evidence.length > 0, d.text);
    for (const r of d.evidence) {
      assert.ok(known.has(`${r.type}:${r.id}`), `${r.type}:${r.id}`);
    }
  }
  assert.equal(e.details.length, 7, 'alert, finding, anomaly, forecast and three events');
  assert.deepEqual(
    e.details.slice(0, 5).map((d) => d.evidence[0].type),
    ['alert', 'anomaly', 'forecast', 'finding', 'event']
  );
  const texts = e.details.map((d) => d.text);
  assert.ok(
    texts.includes(
      'Workload memory (largest pod) {container="checkout", namespace="shop"}: a steady drift up since 2026-11-26 09:00 UTC (score 0.93), still ongoing.'
    )
  );
  assert.ok(texts.some((t) => t.includes('now 900 MiB, forecast to go above 1 GiB at 2026-11-26 12:40 UTC')));
  assert.ok(
    texts.some((t) =>
      t.startsWith(
        'K8sGPT reports Pod shop/checkout-7d9f8b6c5-x2k4q (Deployment/checkout) since 2026-11-26 12:02 UTC: the last termination reason is OOMKilled'
      )
    )
  );
});

test('deterministic: the same context and now give the same explanation, whatever Date.now says', () => {
  const first = explainBuiltIn(leak(), T0 + HOUR);
  const clock = mock.method(Date, 'now', () => T0 + 99 * HOUR);
  try {
    assert.deepEqual(explainBuiltIn(leak(), T0 + HOUR), first);
  } finally {
    clock.mock.restore();
  }
  assert.notDeepEqual(explainBuiltIn(leak(), T0 + 2 * HOUR).summary, first.summary, '"ago" follows the now given');
});

test('a second cause is told as "Also", a resolved incident by its span, no pattern as not determined', () => {
  const node = context({
    scope: { namespace: 'shop', workload: { kind: 'Deployment', name: 'checkout' }, pods: [], nodes: ['node-7'] },
    alerts: [alert('KubeNodeNotReady', { status: 'resolved', endsAt: T0 + 30 * MIN, labels: { node: 'node-7' } })],
    events: [event('FailedScheduling', '0/3 nodes are available: 3 Insufficient memory.')],
  });
  const e = explainBuiltIn(node, T0 + HOUR);
  assert.equal(e.cause, 'node node-7 is not ready');
  assert.match(
    e.summary,
    /^Deployment shop\/checkout: KubeNodeNotReady from 2026-11-26 12:00 UTC until 2026-11-26 12:30 UTC\./
  );
  assert.equal(
    e.details[0].text,
    'Also: pods of Deployment shop/checkout cannot be scheduled: the scheduler reports: 0/3 nodes are available: 3 Insufficient memory.'
  );

  const unknown = explainBuiltIn(context({ alerts: [alert('AnomalyScoreHigh')] }), T0);
  assert.equal(unknown.cause, 'not determined from the evidence');
  assert.match(unknown.summary, /Most likely cause: not determined from the evidence: no known pattern matches it\.$/);
});

test('long evidence lists fold into one last detail citing the rest', () => {
  const events = Array.from({ length: 30 }, (_, i) => event(`Reason${i}`, `message ${i}`, { object: `Pod/p-${i}` }));
  const e = explainBuiltIn(context({ events }), T0);
  assert.equal(e.details.length, MAX_DETAILS);
  assert.equal(e.details.at(-1)!.text, `And ${30 - MAX_DETAILS + 1} more pieces of evidence.`);
  assert.equal(e.details.at(-1)!.evidence.length, 30 - MAX_DETAILS + 1);
});
