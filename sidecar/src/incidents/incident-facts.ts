// The facts the remediation rules decide on, read once from an incident's context: its observations, the
// workload an action would change, and a rollout that came just before the trouble.
import {
  observeIncident,
  rolloutsIn,
  uniqueRefs,
  type Observation,
  type Rollout,
  type Symptom,
} from './observations.ts';
import type { EvidenceRef, IncidentContext } from './types.ts';

export interface WorkloadRef {
  kind: string;
  namespace: string;
  name: string;
}

export interface IncidentFacts {
  context: IncidentContext;
  observations: Observation[];
  /** What workload actions (restart, rollback, scale) change; null when the evidence names none. */
  workload: WorkloadRef | null;
  /** A rollout of the workload within ROLLOUT_LOOKBACK_MS before the first symptom; null when none was seen. */
  rollout: Rollout | null;
  /** The earliest sign of trouble: the incident's opening or any earlier alert, finding, anomaly or event. */
  firstSymptomAt: number;
  /** The observations of any of these symptoms. */
  seen(...symptoms: Symptom[]): Observation[];
}

/** How long before the first symptom a rollout still counts as its likely trigger. */
export const ROLLOUT_LOOKBACK_MS = 24 * 3_600_000;

const WORKLOAD_KINDS = /^(Deployment|StatefulSet|DaemonSet)\/(.+)$/;

/** "Deployment/shop/checkout": how suggestions name what they would change. */
export const targetOf = (w: WorkloadRef) => `${w.kind}/${w.namespace}/${w.name}`;

/** "Deployment shop/checkout": how texts name it. */
export const labelOf = (w: WorkloadRef) => `${w.kind} ${w.namespace}/${w.name}`;

function namespaceOf(context: IncidentContext): string | null {
  if (context.scope.namespace) {
    return context.scope.namespace;
  }
  const finding = context.findings.find((f) => f.name.includes('/'));
  return finding ? finding.name.slice(0, finding.name.indexOf('/')) : null;
}

function workloadOf(context: IncidentContext): WorkloadRef | null {
  const namespace = namespaceOf(context);
  if (!namespace) {
    return null;
  }
  if (context.scope.workload) {
    return { ...context.scope.workload, namespace };
  }
  // K8sGPT names a pod's owner as "Deployment/checkout" in parentObject.
  for (const finding of context.findings) {
    const owner = WORKLOAD_KINDS.exec(finding.parentObject ?? '');
    if (owner) {
      return { kind: owner[1], namespace, name: owner[2] };
    }
  }
  return null;
}

/** The observations' references and `more`, each once, in first-seen order. */
export function refsOf(observations: readonly Observation[], more: readonly EvidenceRef[] = []): EvidenceRef[] {
  return uniqueRefs([...observations.map((o) => o.ref), ...more]);
}

export function factsOf(context: IncidentContext): IncidentFacts {
  const observations = observeIncident(context);
  const workload = workloadOf(context);
  const firstSymptomAt = Math.min(
    context.openedAt,
    ...observations.filter((o) => o.ref.type !== 'forecast').map((o) => o.at)
  );
  const rollout =
    rolloutsIn(context.events).find(
      (r) =>
        workload?.kind === 'Deployment' &&
        r.deployment === workload.name &&
        r.at <= firstSymptomAt &&
        firstSymptomAt - r.at <= ROLLOUT_LOOKBACK_MS
    ) ?? null;
  return {
    context,
    observations,
    workload,
    rollout,
    firstSymptomAt,
    seen: (...symptoms) => observations.filter((o) => symptoms.includes(o.symptom)),
  };
}
