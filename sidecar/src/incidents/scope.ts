// Where a piece of evidence points in the cluster, read from its labels, and whether two such places are the same
// problem. Labels follow what kube-prometheus-stack's alerts and our own jobs carry: `namespace`, `pod`, `node`,
// `deployment` / `statefulset` / `daemonset`, kube-prometheus' `workload` + `workload_type`, and for per-workload
// series the `container` or `service` name (which in most charts is the workload's name).
import type { IncidentScope } from './types.ts';

type Labels = Record<string, string>;

const WORKLOAD_LABELS: Array<[label: string, kind: string]> = [
  ['deployment', 'Deployment'],
  ['statefulset', 'StatefulSet'],
  ['daemonset', 'DaemonSet'],
  ['job_name', 'Job'],
  ['cronjob', 'CronJob'],
];

const KINDS_BY_WORKLOAD_TYPE: Record<string, string> = {
  deployment: 'Deployment',
  statefulset: 'StatefulSet',
  daemonset: 'DaemonSet',
  job: 'Job',
  cronjob: 'CronJob',
};

// A Deployment's pods are named <deployment>-<pod-template-hash>-<5 characters>; a StatefulSet's <name>-<ordinal>.
const DEPLOYMENT_POD = /^(.+)-[a-z0-9]{5,10}-[a-z0-9]{5}$/;
const STATEFULSET_POD = /^(.+)-\d+$/;

/** The owning workload a pod name implies, when the name follows a controller's pattern. */
export function workloadOfPod(pod: string): IncidentScope['workload'] {
  const deployment = DEPLOYMENT_POD.exec(pod);
  if (deployment) {
    return { kind: 'Deployment', name: deployment[1] };
  }
  const statefulSet = STATEFULSET_POD.exec(pod);
  if (statefulSet) {
    return { kind: 'StatefulSet', name: statefulSet[1] };
  }
  return null;
}

function workloadFromLabels(labels: Labels): IncidentScope['workload'] {
  for (const [label, kind] of WORKLOAD_LABELS) {
    if (labels[label]) {
      return { kind, name: labels[label] };
    }
  }
  if (labels.workload) {
    return {
      kind: KINDS_BY_WORKLOAD_TYPE[labels.workload_type?.toLowerCase() ?? ''] ?? 'Deployment',
      name: labels.workload,
    };
  }
  if (labels.pod) {
    return workloadOfPod(labels.pod);
  }
  // Per-workload series (our default jobs sum by namespace + container or service): the name is the workload's.
  const name = labels.container ?? labels.service;
  return name && labels.namespace ? { kind: 'Deployment', name } : null;
}

/** node-exporter's `instance` is "<ip>:<port>"; EKS node names embed the IP as ip-10-0-1-2. */
function nodesFromLabels(labels: Labels): string[] {
  const nodes = new Set<string>();
  if (labels.node) {
    nodes.add(labels.node);
  }
  const host = labels.instance?.replace(/:\d+$/, '');
  if (host && !labels.namespace) {
    nodes.add(host);
  }
  return [...nodes];
}

export function scopeFromLabels(labels: Labels): IncidentScope {
  return {
    namespace: labels.namespace || null,
    workload: workloadFromLabels(labels),
    pods: labels.pod ? [labels.pod] : [],
    nodes: nodesFromLabels(labels),
  };
}

/** Node names and node IPs ("ip-10-0-1-2.ec2.internal" and "10.0.1.2") name the same node. */
function sameNode(a: string, b: string): boolean {
  const ipOf = (name: string) => /^ip-(\d+-\d+-\d+-\d+)/.exec(name)?.[1].replaceAll('-', '.') ?? name;
  return a === b || ipOf(a) === ipOf(b);
}

/**
 * Whether evidence at `b` concerns the problem at `a`: a node problem and anything on that node, or the same
 * namespace and the same workload or pod. Two pods merely sharing a node are not one problem, nor is a namespace
 * alone (a busy namespace has many unrelated problems); workloads match by name whatever kind each side guessed,
 * since per-workload series only know the name.
 */
export function scopesOverlap(a: IncidentScope, b: IncidentScope): boolean {
  const nodeProblem = a.namespace === null || b.namespace === null;
  if (nodeProblem && a.nodes.some((x) => b.nodes.some((y) => sameNode(x, y)))) {
    return true;
  }
  if (!a.namespace || a.namespace !== b.namespace) {
    return false;
  }
  if (a.pods.some((pod) => b.pods.includes(pod))) {
    return true;
  }
  return a.workload !== null && b.workload !== null && a.workload.name === b.workload.name;
}

/** The union of two scopes (the first one's namespace and workload win when both know one). */
export function mergeScopes(a: IncidentScope, b: IncidentScope): IncidentScope {
  return {
    namespace: a.namespace ?? b.namespace,
    workload: a.workload ?? b.workload,
    pods: [...new Set([...a.pods, ...b.pods])].sort(),
    nodes: [...new Set([...a.nodes, ...b.nodes])].sort(),
  };
}

/** "Deployment shop/checkout", "node ip-10-0-1-2", "namespace shop" or "the cluster": for titles. */
export function describeScope(scope: IncidentScope): string {
  if (scope.workload) {
    return `${scope.workload.kind} ${scope.namespace ?? '?'}/${scope.workload.name}`;
  }
  if (scope.pods.length > 0) {
    return `pod ${scope.namespace ?? '?'}/${scope.pods[0]}`;
  }
  if (scope.nodes.length > 0) {
    return `node ${scope.nodes[0]}`;
  }
  return scope.namespace ? `namespace ${scope.namespace}` : 'the cluster';
}
