// The incident manager's promises to the on-call engineer: one incident per problem however often Alertmanager
// repeats itself, related alerts folded in, evidence about the same place attached, resolves closing it, and a
// slow explainer never holding up the page or overwriting a newer story.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IncidentManager, type IncidentStore } from '../../src/incidents/incident-manager.ts';
import type { Evidence, EvidenceSources } from '../../src/incidents/evidence.ts';
import type {
  Incident,
  IncidentAlert,
  IncidentAnomaly,
  IncidentContext,
  IncidentExplanation,
} from '../../src/incidents/types.ts';

const MIN = 60_000;
const T0 = 1_800_000_000_000;

function alert(overrides: Partial<IncidentAlert> & { labels?: Record<string, string> } = {}): IncidentAlert {
  return {
    fingerprint: 'fp-oom',
    alertname: 'KubePodCrashLooping',
    status: 'firing',
    severity: 'critical',
    labels: { namespace: 'shop', pod: 'checkout-7d9f8b6c5-x2k4q', severity: 'critical' },
    annotations: { summary: 'Pod is crash looping.' },
    startsAt: T0,
    endsAt: null,
    generatorURL: 'http://prometheus/graph?g0.expr=up',
    ...overrides,
  };
}

function explainByCounting(context: IncidentContext, now: number): IncidentExplanation {
  return {
    summary: `${context.alerts.length} alerts, ${context.anomalies.length} anomalies`,
    cause: 'test cause',
    details: [],
    explainer: 'built-in',
    model: null,
    generatedAt: now,
    fallbackReason: null,
  };
}

function memoryDrift(labels: Record<string, string>): Evidence<IncidentAnomaly> {
  return {
    labels,
    at: T0,
    item: {
      id: 'workload-memory/abc',
      title: 'Workload memory',
      kind: 'drift',
      direction: 'up',
      score: 0.9,
      start: T0 - 3 * 60 * MIN,
      ongoing: true,
    },
  };
}

function fakeSources(anomalies: Array<Evidence<IncidentAnomaly>>): EvidenceSources {
  return { findings: () => [], anomalies: () => anomalies, forecasts: () => [], events: () => [] };
}

function memoryStore(): IncidentStore & { saved: Incident[] } {
  const saved: Incident[] = [];
  return { saved, saveIncident: (incident) => saved.push(structuredClone(incident)), loadIncidents: () => [] };
}

function manager(overrides: Partial<ConstructorParameters<typeof IncidentManager>[0]> = {}) {
  let now = T0 + MIN;
  const incidents = new IncidentManager({
    explain: explainByCounting,
    suggest: (context) => [
      {
        rank: 1,
        kind: 'rollout-restart',
        target: `Deployment/${context.scope.namespace}/${context.scope.workload?.name}`,
        title: 'Restart',
        rationale: 'test',
        evidence: [],
        confidence: 0.8,
      },
    ],
    now: () => now,
    ...overrides,
  });
  return { incidents, advance: (ms: number) => (now += ms) };
}

test('a critical alert opens an explained incident with its evidence, suggestions and timeline', async () => {
  const store = memoryStore();
  const { incidents } = manager({
    store,
    sources: fakeSources([
      memoryDrift({ namespace: 'shop', container: 'checkout' }),
      memoryDrift({ namespace: 'data', container: 'worker' }),
    ]),
  });
  await incidents.handleAlerts([alert()]);
  const [incident] = incidents.list();
  assert.equal(incident.title, 'KubePodCrashLooping on Deployment shop/checkout');
  assert.equal(incident.status, 'open');
  assert.equal(incident.severity, 'critical');
  assert.equal(incident.anomalies.length, 1, 'only the anomaly about the same workload');
  assert.equal(incident.explanation?.summary, '1 alerts, 1 anomalies');
  assert.equal(incident.suggestions[0].target, 'Deployment/shop/checkout');
  assert.deepEqual(
    incident.timeline.map((entry) => entry.type),
    ['anomaly', 'alert', 'suggestion']
  );
  assert.equal(store.saved.length, 1);
  assert.equal(incidents.get(incident.id)?.id, incident.id);
});

test('repeats fold into one incident; a related warning joins; unrelated and non-critical alerts open nothing', async () => {
  const { incidents } = manager();
  await incidents.handleAlerts([alert(), alert(), alert({ annotations: { summary: 'repeat' } })]);
  await incidents.handleAlerts([
    alert({
      fingerprint: 'fp-mem',
      alertname: 'ContainerMemoryNearLimit',
      severity: 'warning',
      labels: { namespace: 'shop', container: 'checkout' },
      startsAt: T0 + 2 * MIN,
    }),
    alert({
      fingerprint: 'fp-cart',
      alertname: 'HighLatency',
      severity: 'warning',
      labels: { namespace: 'shop', service: 'cart' },
    }),
  ]);
  const all = incidents.list();
  assert.equal(all.length, 1);
  assert.deepEqual(
    all[0].alerts.map((a) => a.fingerprint),
    ['fp-oom', 'fp-mem']
  );
  assert.equal(all[0].alerts[0].annotations.summary, 'repeat', 'the latest notification wins');
});

test('resolving every alert resolves the incident; a late firing after the resolve does not reopen it', async () => {
  const changes: string[] = [];
  const { incidents } = manager({ onChange: (_incident, change) => changes.push(change) });
  await incidents.handleAlerts([alert()]);
  await incidents.handleAlerts([alert({ status: 'resolved', endsAt: T0 + 20 * MIN })]);
  let [incident] = incidents.list();
  assert.equal(incident.status, 'resolved');
  assert.equal(incident.resolvedAt, T0 + 20 * MIN);
  assert.deepEqual(incident.suggestions, [], 'nothing to do for a resolved incident');
  assert.equal(incident.timeline.at(-1)?.type, 'resolved');
  await incidents.handleAlerts([alert()]);
  [incident] = incidents.list();
  assert.equal(incident.status, 'resolved');
  assert.deepEqual(changes, ['opened', 'resolved', 'updated']);
  // The same alert firing again later is a new occurrence, so a new incident.
  await incidents.handleAlerts([alert({ startsAt: T0 + 90 * MIN })]);
  assert.deepEqual(
    incidents.list().map((i) => i.status),
    ['open', 'resolved']
  );
});

test('incident ids are stable for the same first alert, so a restart or replay names the same incident', async () => {
  const first = manager().incidents;
  const second = manager().incidents;
  await first.handleAlerts([alert()]);
  await second.handleAlerts([alert()]);
  assert.equal(first.list()[0].id, second.list()[0].id);
  assert.match(first.list()[0].id, /^inc-[0-9a-f]{12}$/);
});

test('stored incidents are served after a restart', async () => {
  const store = memoryStore();
  await manager({ store }).incidents.handleAlerts([alert()]);
  const restarted = manager({
    store: { saveIncident: () => {}, loadIncidents: () => store.saved.slice(-1) },
  }).incidents;
  assert.equal(restarted.list()[0].title, 'KubePodCrashLooping on Deployment shop/checkout');
});

test('after a restart, alerts already in stored incidents go back to them, resolved or not; new ones join the open incident of their place', async () => {
  const cart = { namespace: 'shop', pod: 'cart-6c8d7f9b5-abcde', severity: 'critical' };
  const store = memoryStore();
  const first = manager({ store }).incidents;
  await first.handleAlerts([alert()]);
  await first.handleAlerts([alert({ fingerprint: 'fp-cart', labels: cart })]);
  await first.handleAlerts([alert({ fingerprint: 'fp-cart', labels: cart, status: 'resolved', endsAt: T0 + 5 * MIN })]);
  const latest = new Map(store.saved.map((incident) => [incident.id, incident]));
  const changes: Array<[string, string]> = [];
  const restarted = manager({
    store: { saveIncident: () => {}, loadIncidents: () => [...latest.values()] },
    onChange: (incident, change) => changes.push([incident.title, change]),
  }).incidents;

  await restarted.handleAlerts([
    alert({ fingerprint: 'fp-cart', labels: cart, status: 'resolved', endsAt: T0 + 5 * MIN }),
    alert({
      fingerprint: 'fp-warn',
      severity: 'warning',
      labels: { namespace: 'shop', pod: 'checkout-7d9f8b6c5-zzzzz', severity: 'warning' },
    }),
    alert({ fingerprint: 'fp-oom', annotations: { summary: 'still crash looping' } }),
  ]);
  await restarted.handleAlerts([alert({ fingerprint: 'fp-cart-2', labels: cart, startsAt: T0 + 10 * MIN })]);
  assert.deepEqual(
    restarted
      .list()
      .map((i) => [i.status, i.title, i.alerts.map((a) => a.fingerprint)])
      .sort((a, b) => String(a).localeCompare(String(b))),
    [
      ['open', 'KubePodCrashLooping on Deployment shop/cart', ['fp-cart-2']],
      ['open', 'KubePodCrashLooping on Deployment shop/checkout', ['fp-oom', 'fp-warn']],
      ['resolved', 'KubePodCrashLooping on Deployment shop/cart', ['fp-cart']],
    ]
  );
  assert.deepEqual(changes, [
    ['KubePodCrashLooping on Deployment shop/cart', 'updated'],
    ['KubePodCrashLooping on Deployment shop/checkout', 'updated'],
    ['KubePodCrashLooping on Deployment shop/cart', 'opened'],
  ]);
  const checkout = restarted.list().find((i) => i.alerts.length === 2)!;
  assert.equal(checkout.alerts[0].annotations.summary, 'still crash looping');
});

test('list filters by status, namespace and severity; open and critical first', async () => {
  const { incidents } = manager();
  await incidents.handleAlerts([
    alert(),
    alert({ fingerprint: 'fp-node', alertname: 'KubeNodeNotReady', labels: { node: 'n1' } }),
    alert({ fingerprint: 'fp-pay', alertname: 'ErrorBudgetBurn', labels: { namespace: 'payments', service: 'api' } }),
  ]);
  await incidents.handleAlerts([
    alert({
      fingerprint: 'fp-node',
      alertname: 'KubeNodeNotReady',
      labels: { node: 'n1' },
      status: 'resolved',
      endsAt: T0 + MIN,
    }),
  ]);
  assert.equal(incidents.list().at(-1)?.title, 'KubeNodeNotReady on node n1');
  assert.deepEqual(
    incidents.list({ namespace: 'payments' }).map((i) => i.scope.namespace),
    ['payments']
  );
  assert.equal(incidents.list({ status: 'resolved' }).length, 1);
  assert.equal(incidents.list({ severity: 'warning' }).length, 0);
});

test('refresh re-gathers evidence for open incidents', async () => {
  const anomalies: Array<Evidence<IncidentAnomaly>> = [];
  const { incidents } = manager({ sources: fakeSources(anomalies) });
  await incidents.handleAlerts([alert()]);
  assert.equal(incidents.list()[0].anomalies.length, 0);
  anomalies.push(memoryDrift({ namespace: 'shop', container: 'checkout' }));
  await incidents.refresh();
  assert.equal(incidents.list()[0].anomalies.length, 1);
});

test('a slow explainer replaces the first explanation, unless the evidence changed meanwhile', async () => {
  const pending: Array<(explanation: IncidentExplanation) => void> = [];
  const { incidents } = manager({
    explainLater: () => new Promise((resolve) => pending.push(resolve)),
  });
  await incidents.handleAlerts([alert()]);
  assert.equal(incidents.list()[0].explanation?.explainer, 'built-in', 'explained at once while the provider thinks');
  const llm = (summary: string): IncidentExplanation => ({
    summary,
    cause: 'provider cause',
    details: [],
    explainer: 'openai',
    model: 'test-model',
    generatedAt: T0,
    fallbackReason: null,
  });
  pending[0](llm('from the provider'));
  await new Promise((resolve) => setImmediate(resolve));
  await incidents.idle();
  assert.equal(incidents.list()[0].explanation?.summary, 'from the provider');

  await incidents.handleAlerts([alert({ fingerprint: 'fp-2', startsAt: T0 + MIN })]);
  await incidents.handleAlerts([alert({ fingerprint: 'fp-3', startsAt: T0 + 2 * MIN })]);
  pending[1](llm('stale answer about two alerts'));
  await new Promise((resolve) => setImmediate(resolve));
  await incidents.idle();
  assert.equal(incidents.list()[0].explanation?.summary, '3 alerts, 0 anomalies', 'a stale answer is dropped');
});

test('a failing store or suggester does not lose the incident or stop later updates', async () => {
  const warnings: string[] = [];
  let failSuggest = true;
  const { incidents } = manager({
    store: {
      saveIncident: () => {
        throw new Error('disk full');
      },
      loadIncidents: () => [],
    },
    suggest: () => {
      if (failSuggest) {
        throw new Error('bad rule');
      }
      return [];
    },
    logger: { info: () => {}, warn: (_d, message) => warnings.push(message) },
  });
  await assert.rejects(incidents.handleAlerts([alert()]), /bad rule/);
  failSuggest = false;
  await incidents.handleAlerts([alert({ fingerprint: 'fp-2', startsAt: T0 + MIN })]);
  assert.equal(incidents.list().length, 1);
  assert.ok(warnings.includes('could not store incident'));
});
