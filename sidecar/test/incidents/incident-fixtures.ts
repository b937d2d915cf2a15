// Builders of incident evidence as the correlation engine hands it over, with realistic texts (K8sGPT errors,
// kubelet and scheduler events, kube-prometheus alert names). Each takes overrides.
import type {
  IncidentAlert,
  IncidentAnomaly,
  IncidentContext,
  IncidentEvent,
  IncidentFinding,
  IncidentForecast,
} from '../../src/incidents/types.ts';

export const MIN = 60_000;
export const HOUR = 60 * MIN;
/** When the incidents of these tests open. */
export const T0 = Date.UTC(2026, 10, 26, 12, 0);

export const POD = 'checkout-7d9f8b6c5-x2k4q';

export function context(overrides: Partial<IncidentContext> = {}): IncidentContext {
  return {
    id: 'inc-test',
    title: 'KubePodCrashLooping on Deployment shop/checkout',
    severity: 'critical',
    scope: { namespace: 'shop', workload: { kind: 'Deployment', name: 'checkout' }, pods: [POD], nodes: [] },
    openedAt: T0,
    alerts: [],
    findings: [],
    anomalies: [],
    forecasts: [],
    events: [],
    ...overrides,
  };
}

export function alert(alertname: string, overrides: Partial<IncidentAlert> = {}): IncidentAlert {
  return {
    fingerprint: `fp-${alertname}`,
    alertname,
    status: 'firing',
    severity: 'critical',
    labels: { alertname, namespace: 'shop', pod: POD, container: 'checkout', severity: 'critical' },
    annotations: { summary: `${alertname} on shop/${POD}` },
    startsAt: T0,
    endsAt: null,
    generatorURL: null,
    ...overrides,
  };
}

export function finding(errors: string[], overrides: Partial<IncidentFinding> = {}): IncidentFinding {
  return {
    id: `k8sgpt/shop${POD.replaceAll('-', '')}`,
    kind: 'Pod',
    name: `shop/${POD}`,
    severity: 'critical',
    errors,
    details: null,
    parentObject: 'Deployment/checkout',
    firstSeen: T0 + 2 * MIN,
    goneAt: null,
    ...overrides,
  };
}

export const oomFinding = (overrides: Partial<IncidentFinding> = {}) =>
  finding([`the last termination reason is OOMKilled container=checkout pod=${POD}`], overrides);

export function anomaly(title: string, overrides: Partial<IncidentAnomaly> = {}): IncidentAnomaly {
  return {
    id: `${title.split(' ')[0].toLowerCase()}-0a1b2c3d4e5f`,
    title: `${title} {container="checkout", namespace="shop"}`,
    kind: 'drift',
    direction: 'up',
    score: 0.93,
    start: T0 - 3 * HOUR,
    ongoing: true,
    ...overrides,
  };
}

export const memoryDrift = (overrides: Partial<IncidentAnomaly> = {}) =>
  anomaly('Workload memory (largest pod)', { id: 'workload-memory-0a1b2c', ...overrides });

export function forecast(title: string, overrides: Partial<IncidentForecast> = {}): IncidentForecast {
  return {
    id: 'container-memory-9f8e7d6c5b4a',
    title: `${title} {container="checkout", namespace="shop", pod="${POD}"}`,
    unit: 'bytes',
    current: 900 * 2 ** 20,
    threshold: 2 ** 30,
    direction: 'above',
    crossesAt: T0 + 40 * MIN,
    ...overrides,
  };
}

export function event(reason: string, message: string, overrides: Partial<IncidentEvent> = {}): IncidentEvent {
  return { reason, message, type: 'Warning', object: `Pod/${POD}`, count: 1, lastSeen: T0 + MIN, ...overrides };
}

/** The two events a Deployment rollout leaves: a new ReplicaSet scaled up, the old one scaled down. */
export function rolloutEvents(at: number, deployment = 'checkout'): IncidentEvent[] {
  const scaling = { type: 'Normal' as const, object: `Deployment/${deployment}` };
  return [
    event('ScalingReplicaSet', `Scaled up replica set ${deployment}-7d9f8b6c5 to 2`, { ...scaling, lastSeen: at }),
    event('ScalingReplicaSet', `Scaled down replica set ${deployment}-5b6c7d8e9 to 0`, {
      ...scaling,
      lastSeen: at + MIN,
    }),
  ];
}
