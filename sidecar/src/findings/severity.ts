// K8sGPT Results carry no severity, so one is derived from the analysed object's kind and K8sGPT's error texts.
// Each error text is matched against the rows below, top to bottom; the first row that matches gives that text's
// severity, and a finding takes the most severe of its texts. Matching ignores case. The principle:
//   critical — a running workload is failing now, or a node is down (capacity is lost now);
//   warning  — something cannot start, is degraded, or will fail if nothing is done;
//   info     — configuration hygiene with no impact on running workloads yet.
//
// | Rule                 | Kind          | Error text contains (K8sGPT's analyzer wording)                          | Severity |
// |----------------------|---------------|----------------------------------------------------------------------------|----------|
// | oom-killed           | any           | OOMKilled                                                                  | critical |
// | crash-loop           | any           | CrashLoopBackOff, "last termination reason is" (K8sGPT's CrashLoopBackOff text), "back-off restarting failed container" | critical |
// | node-not-ready       | Node          | "condition of type Ready", NotReady, NodeStatusUnknown                     | critical |
// | node-not-ready       | any           | NodeNotReady                                                               | critical |
// | no-replica-available | Deployment, StatefulSet, ReplicaSet, DaemonSet | "but 0 are available", "0 replicas available" | critical |
// | node-pressure        | Node          | MemoryPressure, DiskPressure, PIDPressure, NetworkUnavailable, any other condition | warning |
// | image-pull           | any           | ImagePullBackOff, ErrImagePull, InvalidImageName, ErrImageNeverPull, "back-off pulling image", "failed to pull image" | warning |
// | container-start      | any           | CreateContainerConfigError, CreateContainerError, RunContainerError, PreStartHookError, FailedMount, FailedCreatePodSandBox | warning |
// | unschedulable        | any           | Unschedulable, FailedScheduling, "nodes are available", SchedulingGated     | warning  |
// | probe-failing        | any           | "probe failed", Unhealthy                                                  | warning  |
// | terminated           | any           | Evicted, "termination reason is" (a container that exited)                 | warning  |
// | replicas-missing     | any           | "are available", "not in running state", "has not ready endpoints", "has no endpoints" | warning |
// | failed               | any           | "has failed", BackoffLimitExceeded, ProvisioningFailed, FailedCreate, "does not exist", "invalid schedule" | warning |
// | suspended            | any           | "is suspended" (a Job or CronJob paused on purpose)                        | info     |
// | by-kind              | Pod, Node, Deployment, StatefulSet, ReplicaSet, DaemonSet, Service, PersistentVolumeClaim, Job | anything else | warning |
// | by-kind              | any other kind (ConfigMap, Ingress, HorizontalPodAutoscaler, CronJob, NetworkPolicy, webhooks, …) | anything else | info |
//
// A finding with no error text at all is info (rule "no-error-text").

import type { FindingSeverity } from './finding-types.ts';

export type { FindingSeverity };

export interface SeverityRule {
  id: string;
  /** Kinds the row applies to; null: any kind. */
  kinds: string[] | null;
  pattern: RegExp;
  severity: FindingSeverity;
}

const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'ReplicaSet', 'DaemonSet'];

export const SEVERITY_RULES: readonly SeverityRule[] = [
  { id: 'oom-killed', kinds: null, pattern: /oomkill/i, severity: 'critical' },
  {
    id: 'crash-loop',
    kinds: null,
    pattern: /crashloopbackoff|last termination reason is|back-off restarting failed container/i,
    severity: 'critical',
  },
  {
    id: 'node-not-ready',
    kinds: ['Node'],
    pattern: /condition of type ready\b|notready|nodestatusunknown/i,
    severity: 'critical',
  },
  { id: 'node-not-ready', kinds: null, pattern: /nodenotready/i, severity: 'critical' },
  {
    id: 'no-replica-available',
    kinds: WORKLOAD_KINDS,
    pattern: /but 0 are available|\b0 replicas available/i,
    severity: 'critical',
  },
  { id: 'node-pressure', kinds: ['Node'], pattern: /./, severity: 'warning' },
  {
    id: 'image-pull',
    kinds: null,
    pattern:
      /imagepullbackoff|errimagepull|invalidimagename|errimageneverpull|back-off pulling image|failed to pull image/i,
    severity: 'warning',
  },
  {
    id: 'container-start',
    kinds: null,
    pattern:
      /createcontainerconfigerror|createcontainererror|runcontainererror|prestarthookerror|failedmount|failedcreatepodsandbox/i,
    severity: 'warning',
  },
  {
    id: 'unschedulable',
    kinds: null,
    pattern: /unschedulable|failedscheduling|nodes are available|schedulinggated/i,
    severity: 'warning',
  },
  { id: 'probe-failing', kinds: null, pattern: /probe failed|unhealthy/i, severity: 'warning' },
  { id: 'terminated', kinds: null, pattern: /evicted|termination reason is/i, severity: 'warning' },
  {
    id: 'replicas-missing',
    kinds: null,
    pattern: /are available|not in running state|has not ready endpoints|has no endpoints/i,
    severity: 'warning',
  },
  {
    id: 'failed',
    kinds: null,
    pattern: /has failed|backofflimitexceeded|provisioningfailed|failedcreate|does not exist|invalid schedule/i,
    severity: 'warning',
  },
  { id: 'suspended', kinds: null, pattern: /is suspended/i, severity: 'info' },
];

/** Kinds whose otherwise unmatched findings are warnings (running workloads and what they need); the rest are info. */
export const WARNING_KINDS: readonly string[] = [
  'Pod',
  'Node',
  ...WORKLOAD_KINDS,
  'Service',
  'PersistentVolumeClaim',
  'Job',
];

const RANK: Record<FindingSeverity, number> = { critical: 3, warning: 2, info: 1 };

export function moreSevere(a: FindingSeverity, b: FindingSeverity): FindingSeverity {
  return RANK[a] >= RANK[b] ? a : b;
}

export function compareSeverity(a: FindingSeverity, b: FindingSeverity): number {
  return RANK[b] - RANK[a];
}

export interface DerivedSeverity {
  severity: FindingSeverity;
  /** The table row that decided it, e.g. "oom-killed". */
  rule: string;
}

function textSeverity(kind: string, text: string): DerivedSeverity {
  const lowerKind = kind.toLowerCase();
  for (const rule of SEVERITY_RULES) {
    if (rule.kinds && !rule.kinds.some((k) => k.toLowerCase() === lowerKind)) {
      continue;
    }
    if (rule.pattern.test(text)) {
      return { severity: rule.severity, rule: rule.id };
    }
  }
  const warning = WARNING_KINDS.some((k) => k.toLowerCase() === lowerKind);
  return { severity: warning ? 'warning' : 'info', rule: 'by-kind' };
}

/** The severity of a finding about an object of `kind` with these error texts (see the table above). */
export function deriveSeverity(kind: string, errors: readonly string[]): DerivedSeverity {
  let best: DerivedSeverity | null = null;
  for (const text of errors) {
    const one = textSeverity(kind, text);
    if (best === null || RANK[one.severity] > RANK[best.severity]) {
      best = one;
    }
  }
  return best ?? { severity: 'info', rule: 'no-error-text' };
}
