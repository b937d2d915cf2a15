// Which object a matched trigger's action changes: read from the matched item first (an alert's labels, a
// finding's object), then from the subject's place (the incident's scope). When nothing names a suitable object
// the reason says why, so the manager can log it instead of proposing nothing in silence.
import { scopeFromLabels } from '../../incidents/scope.ts';
import type { IncidentScope } from '../../incidents/types.ts';
import type { ActionTarget } from '../types.ts';
import type { PolicySubject, TargetSelector } from './policy-types.ts';
import type { TriggerMatch } from './trigger-matches.ts';

export type Resolved = { ok: true; target: ActionTarget } | { ok: false; reason: string };

/** A K8sGPT finding's object: name "<namespace>/<name>" (cluster-scoped objects: "<name>" or "/<name>"). */
function findingObject(match: TriggerMatch): { namespace: string | null; name: string } | null {
  if (!match.finding) {
    return null;
  }
  const slash = match.finding.name.lastIndexOf('/');
  return {
    namespace: slash > 0 ? match.finding.name.slice(0, slash) : null,
    name: match.finding.name.slice(slash + 1),
  };
}

/** The place to read a workload from: the alert's labels, the finding's owner, else the subject's scope. */
function placeOf(match: TriggerMatch, subject: PolicySubject): IncidentScope {
  if (match.labels) {
    const fromLabels = scopeFromLabels(match.labels);
    return { ...fromLabels, namespace: fromLabels.namespace ?? subject.scope.namespace };
  }
  const object = findingObject(match);
  if (object && match.finding) {
    const namespace = object.namespace ?? subject.scope.namespace;
    if (match.finding.kind === 'Deployment') {
      return { ...subject.scope, namespace, workload: { kind: 'Deployment', name: object.name } };
    }
    // K8sGPT's parentObject is "<Kind>/<name>" of the top owner.
    const owner = /^([A-Za-z]+)\/([^/]+)$/.exec(match.finding.parentObject ?? '');
    if (owner && owner[1] !== match.finding.kind) {
      return { ...subject.scope, namespace, workload: { kind: owner[1], name: owner[2] } };
    }
  }
  return subject.scope;
}

function workload(match: TriggerMatch, subject: PolicySubject): Resolved {
  const place = placeOf(match, subject);
  if (!place.workload) {
    return { ok: false, reason: 'no workload is known for it' };
  }
  const ref = `${place.workload.kind} ${place.namespace ?? '?'}/${place.workload.name}`;
  if (place.workload.kind !== 'Deployment') {
    return { ok: false, reason: `its workload is a ${ref}, and workload actions change Deployments only` };
  }
  if (!place.namespace) {
    return { ok: false, reason: `the namespace of Deployment ${place.workload.name} is not known` };
  }
  return { ok: true, target: { kind: 'Deployment', namespace: place.namespace, name: place.workload.name } };
}

function hpa(match: TriggerMatch, subject: PolicySubject): Resolved {
  const named = match.labels?.horizontalpodautoscaler;
  const namespace = match.labels?.namespace ?? subject.scope.namespace;
  if (named && namespace) {
    return { ok: true, target: { kind: 'HorizontalPodAutoscaler', namespace, name: named } };
  }
  // An HPA is conventionally named like the workload it scales.
  const place = placeOf(match, subject);
  if (!place.workload || !place.namespace) {
    return { ok: false, reason: 'no HorizontalPodAutoscaler is named (no horizontalpodautoscaler label, no workload)' };
  }
  return {
    ok: true,
    target: { kind: 'HorizontalPodAutoscaler', namespace: place.namespace, name: place.workload.name },
  };
}

function pod(match: TriggerMatch, subject: PolicySubject): Resolved {
  const namespace = match.labels?.namespace ?? subject.scope.namespace;
  if (match.labels?.pod && namespace) {
    return { ok: true, target: { kind: 'Pod', namespace, name: match.labels.pod } };
  }
  const object = findingObject(match);
  if (object && match.finding?.kind === 'Pod' && (object.namespace ?? namespace)) {
    return {
      ok: true,
      target: { kind: 'Pod', namespace: (object.namespace ?? namespace) as string, name: object.name },
    };
  }
  const first = subject.scope.pods[0];
  if (first && subject.scope.namespace) {
    return { ok: true, target: { kind: 'Pod', namespace: subject.scope.namespace, name: first } };
  }
  return { ok: false, reason: 'no pod is named' };
}

function node(match: TriggerMatch, subject: PolicySubject): Resolved {
  if (match.labels?.node) {
    return { ok: true, target: { kind: 'Node', namespace: null, name: match.labels.node } };
  }
  const object = findingObject(match);
  if (object && match.finding?.kind === 'Node') {
    return { ok: true, target: { kind: 'Node', namespace: null, name: object.name } };
  }
  const first = subject.scope.nodes[0];
  return first
    ? { ok: true, target: { kind: 'Node', namespace: null, name: first } }
    : { ok: false, reason: 'no node is named' };
}

function alert(match: TriggerMatch, subject: PolicySubject): Resolved {
  const chosen = match.alert ?? subject.alerts.find((a) => a.status === 'firing') ?? null;
  return chosen
    ? { ok: true, target: { kind: 'Alert', namespace: null, name: chosen.fingerprint } }
    : { ok: false, reason: 'no firing alert belongs to it' };
}

/** The object `selector` names for this match. */
export function resolveTarget(selector: TargetSelector, match: TriggerMatch, subject: PolicySubject): Resolved {
  switch (selector) {
    case 'workload':
      return workload(match, subject);
    case 'hpa':
      return hpa(match, subject);
    case 'pod':
      return pod(match, subject);
    case 'node':
      return node(match, subject);
    case 'alert':
      return alert(match, subject);
  }
}
