// Contract-shaped incident and K8sGPT answers for the tests (pages, frames, client), modelled on the demo's two
// incidents. Times are relative to `now` so relative text ("36m ago", "in 16m") is predictable.
import type { FindingList, FindingView, Incident, IncidentAlert, IncidentList, IncidentSummary } from '../../api/types';

const MIN = 60_000;
const HOUR = 60 * MIN;

export const CHECKOUT_ID = 'inc-af7c7136996d';
export const PAYMENTS_ID = 'inc-57dc1bf5511f';
export const REDIS_ID = 'inc-0d1e2f3a4b5c';

const GENERATOR_URL =
  'http://prometheus.example:9090/graph?g0.expr=prophet_forecast_seconds_to_threshold%20%3C%203600&g0.tab=1';

function memoryAlert(now: number, pod: string, fingerprint: string, startsAt: number): IncidentAlert {
  return {
    fingerprint,
    alertname: 'ContainerMemoryLimitPredicted',
    status: 'firing',
    severity: 'critical',
    labels: { alertname: 'ContainerMemoryLimitPredicted', namespace: 'shop', pod, severity: 'critical' },
    annotations: {
      summary: `shop/${pod} (checkout) is forecast to reach its memory limit within the hour`,
      runbook_url: 'https://runbooks.example/memory',
    },
    startsAt,
    endsAt: null,
    generatorURL: GENERATOR_URL,
  };
}

/** The checkout memory leak: two alerts, an anomaly, two forecasts (one crossing in 16 minutes), built-in text. */
export function checkoutIncident(now: number): Incident {
  const openedAt = now - 36 * MIN;
  return {
    id: CHECKOUT_ID,
    title: 'ContainerMemoryLimitPredicted on Deployment shop/checkout',
    severity: 'critical',
    status: 'open',
    scope: {
      namespace: 'shop',
      workload: { kind: 'Deployment', name: 'checkout' },
      pods: ['checkout-7b7gb67g55-862k6', 'checkout-7b7gb67g55-9drqk'],
      nodes: [],
    },
    openedAt,
    updatedAt: now - MIN,
    resolvedAt: null,
    alerts: [
      memoryAlert(now, 'checkout-7b7gb67g55-862k6', 'e5e4bf1c137a3b47', openedAt),
      memoryAlert(now, 'checkout-7b7gb67g55-9drqk', '86d7d6de42237a5c', now - MIN),
    ],
    findings: [],
    anomalies: [
      {
        id: 'workload-memory-ff79d2273560',
        title: 'Workload memory (largest pod) {container="checkout", namespace="shop"}',
        kind: 'drift',
        direction: 'up',
        score: 0.99,
        start: now - 6 * HOUR,
        ongoing: true,
      },
    ],
    forecasts: [
      {
        id: 'container-memory-f28b5f0aba27',
        title: 'Container memory vs limit {pod="checkout-7b7gb67g55-862k6"}',
        unit: 'bytes',
        current: 1044667334,
        threshold: 1073741824,
        direction: 'above',
        crossesAt: now + 16 * MIN,
      },
      {
        id: 'container-memory-6cc87bbbd2b7',
        title: 'Container memory vs limit {pod="checkout-7b7gb67g55-9drqk"}',
        unit: 'bytes',
        current: 998120713,
        threshold: 1073741824,
        direction: 'above',
        crossesAt: now + 51 * MIN,
      },
    ],
    events: [],
    // The sidecar's order: time, cause before conclusion at equal times.
    timeline: [
      {
        at: now - 6 * HOUR,
        type: 'anomaly',
        text: 'Workload memory (largest pod): drift up (ongoing)',
        ref: { type: 'anomaly', id: 'workload-memory-ff79d2273560' },
      },
      {
        at: openedAt,
        type: 'alert',
        text: 'ContainerMemoryLimitPredicted fired: shop/checkout-7b7gb67g55-862k6 (checkout) is forecast to reach its memory limit within the hour',
        ref: { type: 'alert', id: 'e5e4bf1c137a3b47' },
      },
      {
        at: openedAt,
        type: 'suggestion',
        text: 'Suggested: Restart Deployment shop/checkout before its memory reaches the limit',
        ref: null,
      },
      {
        at: now - MIN,
        type: 'alert',
        text: 'ContainerMemoryLimitPredicted fired: shop/checkout-7b7gb67g55-9drqk (checkout) is forecast to reach its memory limit within the hour',
        ref: { type: 'alert', id: '86d7d6de42237a5c' },
      },
      {
        at: now + 16 * MIN,
        type: 'forecast',
        text: 'Container memory vs limit {pod="checkout-7b7gb67g55-862k6"} forecast to cross its threshold',
        ref: { type: 'forecast', id: 'container-memory-f28b5f0aba27' },
      },
    ],
    explanation: {
      summary:
        'Deployment shop/checkout: ContainerMemoryLimitPredicted since 13:13 UTC (36m ago). Most likely cause: memory of Deployment shop/checkout growing toward its limit.',
      cause: 'memory of Deployment shop/checkout growing toward its limit',
      details: [
        {
          text: 'Alert ContainerMemoryLimitPredicted (critical) firing since 13:13 UTC',
          evidence: [{ type: 'alert', id: 'e5e4bf1c137a3b47' }],
        },
        {
          text: 'Workload memory (largest pod): a steady drift up since 07:10 UTC (score 0.99), still ongoing.',
          evidence: [{ type: 'anomaly', id: 'workload-memory-ff79d2273560' }],
        },
        {
          text: 'Container memory vs limit: now 996 MiB, forecast to go above 1 GiB at 14:05 UTC.',
          evidence: [{ type: 'forecast', id: 'container-memory-f28b5f0aba27' }],
        },
      ],
      explainer: 'built-in',
      model: null,
      generatedAt: now - MIN,
      fallbackReason: null,
    },
    suggestions: [
      {
        rank: 2,
        kind: 'rollback',
        target: 'Deployment/shop/checkout',
        title: 'Roll back Deployment shop/checkout to its previous ReplicaSet',
        rationale: 'The growth started after a rollout.',
        evidence: [{ type: 'anomaly', id: 'workload-memory-ff79d2273560' }],
        confidence: 0.5,
      },
      {
        rank: 1,
        kind: 'rollout-restart',
        target: 'Deployment/shop/checkout',
        title: 'Restart Deployment shop/checkout before its memory reaches the limit',
        rationale: 'A rolling restart now avoids the OOM kills the growth leads to; if it is a leak it comes back.',
        evidence: [
          { type: 'alert', id: 'e5e4bf1c137a3b47' },
          { type: 'anomaly', id: 'workload-memory-ff79d2273560' },
          { type: 'forecast', id: 'container-memory-f28b5f0aba27' },
        ],
        confidence: 0.6,
      },
    ],
  };
}

/** The payments error-budget burn: a K8sGPT finding, a Warning event, and an explanation an LLM wrote. */
export function paymentsIncident(now: number): Incident {
  const openedAt = now - 21 * MIN;
  return {
    id: PAYMENTS_ID,
    title: 'SLOErrorBudgetBurn on Deployment payments/api',
    severity: 'critical',
    status: 'open',
    scope: { namespace: 'payments', workload: { kind: 'Deployment', name: 'api' }, pods: [], nodes: [] },
    openedAt,
    updatedAt: now - 2 * MIN,
    resolvedAt: null,
    alerts: [
      {
        fingerprint: '5f2e827342613a6b',
        alertname: 'SLOErrorBudgetBurn',
        status: 'firing',
        severity: 'critical',
        labels: { alertname: 'SLOErrorBudgetBurn', namespace: 'payments', service: 'api', severity: 'critical' },
        annotations: { summary: 'payments-api availability: the error budget is burning 14.4× too fast (page)' },
        startsAt: openedAt,
        endsAt: null,
        generatorURL: null,
      },
    ],
    findings: [
      {
        id: 'k8sgpt-operator-system/paymentsapirmjrbjd4m2nrxmp',
        kind: 'Pod',
        name: 'payments/api-rmjrbjd4m2-nrxmp',
        severity: 'warning',
        errors: ['Readiness probe failed: HTTP probe failed with statuscode: 503'],
        details: 'The pod is not ready because its readiness endpoint answers 503.',
        parentObject: 'Deployment/api',
        firstSeen: now - MIN,
        goneAt: null,
      },
    ],
    anomalies: [],
    forecasts: [],
    events: [
      {
        reason: 'Unhealthy',
        message: 'Readiness probe failed: HTTP probe failed with statuscode: 503',
        type: 'Warning',
        object: 'Pod/api-rmjrbjd4m2-nrxmp',
        count: 4,
        lastSeen: now - 2 * MIN,
      },
    ],
    timeline: [
      {
        at: openedAt,
        type: 'alert',
        text: 'SLOErrorBudgetBurn fired',
        ref: { type: 'alert', id: '5f2e827342613a6b' },
      },
      {
        at: now - 2 * MIN,
        type: 'event',
        text: 'Unhealthy on Pod/api-rmjrbjd4m2-nrxmp (×4)',
        ref: { type: 'event', id: 'Pod/api-rmjrbjd4m2-nrxmp/Unhealthy' },
      },
      {
        at: now - MIN,
        type: 'finding',
        text: 'K8sGPT: Pod payments/api-rmjrbjd4m2-nrxmp: Readiness probe failed',
        ref: { type: 'finding', id: 'k8sgpt-operator-system/paymentsapirmjrbjd4m2nrxmp' },
      },
    ],
    explanation: {
      summary: 'The payments API answers 5xx since one of its pods fails its readiness probe.',
      cause: 'payments/api pods failing readiness',
      details: [
        {
          text: 'A pod of payments/api fails its readiness probe with 503.',
          evidence: [
            { type: 'finding', id: 'k8sgpt-operator-system/paymentsapirmjrbjd4m2nrxmp' },
            { type: 'event', id: 'Pod/api-rmjrbjd4m2-nrxmp/Unhealthy' },
          ],
        },
      ],
      explainer: 'openai',
      model: 'llama3.1',
      generatedAt: now - MIN,
      fallbackReason: null,
    },
    suggestions: [
      {
        rank: 1,
        kind: 'investigate',
        target: null,
        title: 'Investigate Deployment payments/api: errors rise with no traffic growth or rollout to explain it',
        rationale: 'A dependency slowing down can cause this; scaling is not indicated by the evidence.',
        evidence: [{ type: 'alert', id: '5f2e827342613a6b' }],
        confidence: 0.4,
      },
    ],
  };
}

/** A resolved warning on a node, with no explanation: the list's last row. */
export function redisIncident(now: number): Incident {
  return {
    id: REDIS_ID,
    title: 'KubePodCrashLooping on StatefulSet data/redis',
    severity: 'warning',
    status: 'resolved',
    scope: {
      namespace: 'data',
      workload: { kind: 'StatefulSet', name: 'redis' },
      pods: ['redis-0'],
      nodes: ['ip-10-0-1-12.ec2.internal'],
    },
    openedAt: now - 3 * HOUR,
    updatedAt: now - 2 * HOUR,
    resolvedAt: now - 2 * HOUR,
    alerts: [],
    findings: [],
    anomalies: [],
    forecasts: [],
    events: [],
    timeline: [{ at: now - 2 * HOUR, type: 'resolved', text: 'Incident resolved', ref: null }],
    explanation: null,
    suggestions: [],
  };
}

/** What GET /api/incidents makes of an incident (the sidecar's summarizeIncident). */
export function summaryOf(incident: Incident): IncidentSummary {
  const { id, title, severity, status, scope, openedAt, updatedAt, resolvedAt } = incident;
  return {
    id,
    title,
    severity,
    status,
    scope,
    openedAt,
    updatedAt,
    resolvedAt,
    cause: incident.explanation?.cause ?? null,
    topSuggestion: [...incident.suggestions].sort((a, b) => a.rank - b.rank)[0]?.title ?? null,
    counts: {
      alerts: incident.alerts.length,
      firing: incident.alerts.filter((a) => a.status === 'firing').length,
      findings: incident.findings.length,
      anomalies: incident.anomalies.length,
      forecasts: incident.forecasts.length,
      events: incident.events.length,
    },
  };
}

/** Open first, then by severity, then most recently updated: the sidecar's order. */
export function incidentList(now: number): IncidentList {
  return {
    generatedAt: now,
    incidents: [paymentsIncident(now), checkoutIncident(now), redisIncident(now)].map(summaryOf),
  };
}

export function finding(now: number, over: Partial<FindingView> & { id: string }): FindingView {
  return {
    uid: null,
    kind: 'Pod',
    name: 'payments/api-rmjrbjd4m2-nrxmp',
    namespace: 'payments',
    objectName: 'api-rmjrbjd4m2-nrxmp',
    parentObject: 'Deployment/api',
    errors: ['Readiness probe failed: HTTP probe failed with statuscode: 503'],
    severity: 'warning',
    severityRule: 'probe-failing',
    details: null,
    backend: 'simulated',
    lifecycle: 'created',
    createdAt: now - 10 * MIN,
    resourceVersion: '1',
    contentHash: 'abc',
    firstSeen: now - 12 * MIN,
    updatedAt: now - 12 * MIN,
    lastSeen: now - MIN,
    ...over,
  };
}

/** Deliberately not in severity-then-namespace order, which the page establishes. */
export function findingList(now: number, source: Partial<FindingList['source']> = {}): FindingList {
  return {
    generatedAt: now,
    source: { kind: 'simulator', state: 'ok', synced: true, lastError: null, ...source },
    findings: [
      finding(now, { id: 'k8sgpt/paymentsapi' }),
      finding(now, {
        id: 'k8sgpt/shopcheckout',
        name: 'shop/checkout-7b7gb67g55-862k6',
        namespace: 'shop',
        objectName: 'checkout-7b7gb67g55-862k6',
        parentObject: 'Deployment/checkout',
        errors: ['the last termination reason is OOMKilled container=checkout', 'back-off restarting failed container'],
        severity: 'critical',
        severityRule: 'oom-killed',
        firstSeen: now - 3 * MIN,
      }),
      finding(now, {
        id: 'k8sgpt/frontendhpa',
        kind: 'HorizontalPodAutoscaler',
        name: 'frontend/web',
        namespace: 'frontend',
        objectName: 'web',
        parentObject: null,
        errors: ['HorizontalPodAutoscaler uses a metric that does not exist'],
        severity: 'info',
        severityRule: 'by-kind',
      }),
      finding(now, {
        id: 'k8sgpt/frontendpending',
        name: 'frontend/web-5c9d-abcde',
        namespace: 'frontend',
        objectName: 'web-5c9d-abcde',
        parentObject: 'Deployment/web',
        errors: ['0/4 nodes are available: 4 Insufficient cpu.'],
        severityRule: 'unschedulable',
      }),
    ],
  };
}
