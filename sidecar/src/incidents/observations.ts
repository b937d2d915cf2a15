// What the evidence of an incident says, as symptoms the remediation rules and the explainers read: each piece of
// evidence (alert, K8sGPT finding, anomaly, forecast, Kubernetes event) becomes zero or more observations.
// Pure: no clock, no I/O.
import type {
  EvidenceRef,
  IncidentAlert,
  IncidentAnomaly,
  IncidentContext,
  IncidentEvent,
  IncidentFinding,
  IncidentForecast,
} from './types.ts';

export type Symptom =
  | 'oom-killed'
  | 'crash-loop'
  | 'image-pull'
  | 'unschedulable'
  | 'node-not-ready'
  | 'node-pressure'
  | 'memory-growth'
  | 'cpu-saturation'
  | 'latency-rise'
  | 'error-rise'
  | 'traffic-growth';

export interface Observation {
  symptom: Symptom;
  ref: EvidenceRef;
  /** Alert start, finding first seen, anomaly start, forecast crossing or event last seen. */
  at: number;
  /** The node a node symptom is about, when the evidence names it. */
  node: string | null;
  /** The HorizontalPodAutoscaler that saw traffic grow, when the evidence names it. */
  hpa: string | null;
  /** Words worth quoting: the scheduler's message, the pressure condition. */
  detail: string | null;
}

/**
 * Kubernetes events have no id of their own in the model: they are cited by "<Kind>/<name>/<reason>", as the
 * timeline does. Two events about the same object with the same reason share one reference.
 */
export function eventEvidenceId(event: Pick<IncidentEvent, 'object' | 'reason'>): string {
  return `${event.object}/${event.reason}`;
}

/** Unique references in first-seen order. */
export function uniqueRefs(refs: readonly EvidenceRef[]): EvidenceRef[] {
  const unique = new Map<string, EvidenceRef>();
  for (const ref of refs) {
    unique.set(`${ref.type}\u0000${ref.id}`, ref);
  }
  return [...unique.values()];
}

/** The reference each piece of evidence is cited by. */
export const evidenceRef = {
  alert: (alert: IncidentAlert): EvidenceRef => ({ type: 'alert', id: alert.fingerprint }),
  finding: (finding: IncidentFinding): EvidenceRef => ({ type: 'finding', id: finding.id }),
  anomaly: (anomaly: IncidentAnomaly): EvidenceRef => ({ type: 'anomaly', id: anomaly.id }),
  forecast: (forecast: IncidentForecast): EvidenceRef => ({ type: 'forecast', id: forecast.id }),
  event: (event: IncidentEvent): EvidenceRef => ({ type: 'event', id: eventEvidenceId(event) }),
};

// Words K8sGPT, the kubelet, the scheduler and kube-prometheus' alerts use for each symptom. Recovery events
// ("NodeHasNoDiskPressure", "NodeHasSufficientMemory") deliberately do not match.
const TEXT_SYMPTOMS: Array<[Symptom, RegExp]> = [
  ['image-pull', /ImagePullBackOff|ErrImagePull|InvalidImageName|pulling image/i],
  ['oom-killed', /OOMKill/i],
  // "Back-off restarting failed container" (kubelet), "back-off 5m0s restarting failed container=…" (K8sGPT).
  ['crash-loop', /CrashLoop|back-?off (\S+ )?restarting/i],
  ['unschedulable', /Unschedulable|FailedScheduling|PodNotScheduled|nodes are available/i],
  ['node-not-ready', /NodeNotReady|NodeUnreachable|NodeStatusUnknown|KubeletNotReady|condition of type Ready\b/i],
  [
    'node-pressure',
    /NodeHas(Disk|Memory|PID)Pressure|NodeHasInsufficient(Memory|PID)|EvictionThresholdMet|condition of type (Disk|Memory|PID)Pressure|KubeNodePressure/i,
  ],
];

type MetricClass = 'errors' | 'latency' | 'memory' | 'cpu' | 'traffic';

// What a series (anomaly, forecast) or an alert name measures. Errors first: "HTTP 5xx error ratio" is not traffic.
const METRIC_CLASSES: Array<[MetricClass, RegExp]> = [
  ['errors', /5xx|error/i],
  ['latency', /latency|duration|response.?time|\bp9\d\b/i],
  ['memory', /memory|working.?set|heap|\brss\b/i],
  ['cpu', /cpu|throttl/i],
  ['traffic', /request|traffic|throughput|\b[rq]ps\b|HpaMaxedOut/i],
];

const RISING: Record<MetricClass, Symptom> = {
  errors: 'error-rise',
  latency: 'latency-rise',
  memory: 'memory-growth',
  cpu: 'cpu-saturation',
  traffic: 'traffic-growth',
};

function textSymptoms(text: string): Array<{ symptom: Symptom; detail: string | null }> {
  return TEXT_SYMPTOMS.filter(([, pattern]) => pattern.test(text)).map(([symptom, pattern]) => ({
    symptom,
    detail:
      symptom === 'node-pressure'
        ? (/(Disk|Memory|PID)Pressure|Insufficient(Memory|PID)/i.exec(text)?.[0] ?? null)
        : symptom === 'unschedulable'
          ? (text.split('\n').find((line) => pattern.test(line)) ?? null)
          : null,
  }));
}

function metricClass(text: string): MetricClass | null {
  return METRIC_CLASSES.find(([, pattern]) => pattern.test(text))?.[0] ?? null;
}

const lastSegment = (name: string) => name.slice(name.lastIndexOf('/') + 1);

function observe(
  ref: EvidenceRef,
  at: number,
  found: Array<{ symptom: Symptom; detail: string | null }>,
  where: { node?: string | null; hpa?: string | null } = {}
): Observation[] {
  return found.map(({ symptom, detail }) => ({
    symptom,
    ref,
    at,
    node: symptom.startsWith('node-') ? (where.node ?? null) : null,
    hpa: symptom === 'traffic-growth' ? (where.hpa ?? null) : null,
    detail,
  }));
}

function alertObservations(alert: IncidentAlert): Observation[] {
  // Only the name and the reason label: annotations speculate ("OOMKill expected") about what has not happened.
  const text = `${alert.alertname} ${alert.labels.reason ?? ''}`;
  const found = textSymptoms(text);
  const measured = metricClass(alert.alertname);
  if (measured && found.length === 0) {
    found.push({ symptom: RISING[measured], detail: null });
  }
  const node = alert.labels.node ?? alert.labels.instance?.replace(/:\d+$/, '') ?? null;
  return observe(evidenceRef.alert(alert), alert.startsAt, found, { node, hpa: alert.labels.horizontalpodautoscaler });
}

function findingObservations(finding: IncidentFinding): Observation[] {
  // The errors only: K8sGPT's AI `details` guess at causes as well as describing them.
  const found = textSymptoms(finding.errors.join('\n'));
  const node = finding.kind === 'Node' ? lastSegment(finding.name) : null;
  return observe(evidenceRef.finding(finding), finding.firstSeen, found, { node });
}

function anomalyObservations(anomaly: IncidentAnomaly): Observation[] {
  const measured = metricClass(`${anomaly.title} ${anomaly.id}`);
  if (!measured || anomaly.direction !== 'up' || anomaly.kind === 'dip') {
    return [];
  }
  // A memory spike that falls back is not a leak: only sustained rises (drift, level shift) count as growth.
  if (measured === 'memory' && anomaly.kind !== 'drift' && anomaly.kind !== 'level_shift') {
    return [];
  }
  return observe(evidenceRef.anomaly(anomaly), anomaly.start, [{ symptom: RISING[measured], detail: null }]);
}

function forecastObservations(forecast: IncidentForecast): Observation[] {
  const measured = metricClass(`${forecast.title} ${forecast.id}`);
  if (!measured || forecast.direction !== 'above') {
    return [];
  }
  return observe(evidenceRef.forecast(forecast), forecast.crossesAt, [{ symptom: RISING[measured], detail: null }]);
}

function eventObservations(event: IncidentEvent): Observation[] {
  const [kind] = event.object.split('/', 1);
  const ref = evidenceRef.event(event);
  // An HPA scaling up because a metric is above target is the cluster's own report of growing load.
  if (
    kind === 'HorizontalPodAutoscaler' &&
    event.reason === 'SuccessfulRescale' &&
    /above target/i.test(event.message)
  ) {
    return observe(ref, event.lastSeen, [{ symptom: 'traffic-growth', detail: null }], {
      hpa: lastSegment(event.object),
    });
  }
  if (event.type !== 'Warning' && !/NodeNotReady|NodeHas(Disk|Memory|PID)Pressure/.test(event.reason)) {
    return [];
  }
  const found = textSymptoms(`${event.reason} ${event.message}`);
  for (const one of found) {
    if (one.symptom === 'unschedulable') {
      one.detail = event.message;
    }
  }
  return observe(ref, event.lastSeen, found, { node: kind === 'Node' ? lastSegment(event.object) : null });
}

export function observeIncident(context: IncidentContext): Observation[] {
  return [
    ...context.alerts.flatMap(alertObservations),
    ...context.findings.flatMap(findingObservations),
    ...context.anomalies.flatMap(anomalyObservations),
    ...context.forecasts.flatMap(forecastObservations),
    ...context.events.flatMap(eventObservations),
  ];
}

export interface Rollout {
  /** The Deployment's name (events name their object without the namespace). */
  deployment: string;
  /** The earliest of its ReplicaSet scaling events. */
  at: number;
  evidence: EvidenceRef[];
}

/**
 * Rollouts seen in the events: a Deployment scaling one ReplicaSet up and another down. An HPA scaling the same
 * ReplicaSet up and down is not a rollout, so at least two ReplicaSets must be named.
 */
export function rolloutsIn(events: readonly IncidentEvent[]): Rollout[] {
  const byDeployment = new Map<string, { up: Set<string>; down: Set<string>; events: IncidentEvent[] }>();
  for (const event of events) {
    const scaled = /Scaled (up|down) replica set (\S+)/.exec(event.message);
    if (event.reason !== 'ScalingReplicaSet' || !event.object.startsWith('Deployment/') || !scaled) {
      continue;
    }
    const name = lastSegment(event.object);
    const entry = byDeployment.get(name) ?? { up: new Set(), down: new Set(), events: [] };
    entry[scaled[1] as 'up' | 'down'].add(scaled[2]);
    entry.events.push(event);
    byDeployment.set(name, entry);
  }
  return [...byDeployment].flatMap(([deployment, { up, down, events: scaling }]) =>
    [...up].some((rs) => [...down].some((other) => other !== rs))
      ? [
          {
            deployment,
            at: Math.min(...scaling.map((e) => e.lastSeen)),
            evidence: uniqueRefs(scaling.map(evidenceRef.event)),
          },
        ]
      : []
  );
}
