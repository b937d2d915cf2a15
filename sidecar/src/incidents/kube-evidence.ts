// Adapters from the Kubernetes sources (K8sGPT findings, Events) to incident evidence: the labels correlation
// matches on are derived from the object each one is about.
import type { TrackedFinding } from '../findings/tracker.ts';
import type { KubeEvent } from '../sources/kubernetes/types.ts';
import type { Evidence } from './evidence.ts';
import type { IncidentEvent, IncidentFinding } from './types.ts';

const WORKLOAD_LABEL: Record<string, string> = {
  Deployment: 'deployment',
  StatefulSet: 'statefulset',
  DaemonSet: 'daemonset',
  Job: 'job_name',
  CronJob: 'cronjob',
};

/** The labels an alert about this object would carry (namespace + pod / node / workload). */
export function objectLabels(kind: string, namespace: string | null, name: string): Record<string, string> {
  const labels: Record<string, string> = namespace ? { namespace } : {};
  if (kind === 'Pod') {
    labels.pod = name;
  } else if (kind === 'Node') {
    labels.node = name;
  } else if (WORKLOAD_LABEL[kind]) {
    labels[WORKLOAD_LABEL[kind]] = name;
  }
  // A ReplicaSet belongs to the Deployment whose name prefixes it (<deployment>-<pod-template-hash>).
  else if (kind === 'ReplicaSet') {
    labels.deployment = name.replace(/-[a-z0-9]{5,10}$/, '');
  } else if (kind === 'HorizontalPodAutoscaler' || kind === 'Service') {
    labels.service = name;
  }
  return labels;
}

/** Current findings, seen now: a finding that still exists is current evidence whenever it first appeared. */
export function findingEvidence(findings: readonly TrackedFinding[], now: number): Array<Evidence<IncidentFinding>> {
  return findings.map((finding) => ({
    labels: objectLabels(finding.kind, finding.namespace, finding.objectName),
    at: now,
    item: {
      id: finding.id,
      kind: finding.kind,
      name: finding.name,
      severity: finding.severity,
      errors: [...finding.errors],
      details: finding.details,
      parentObject: finding.parentObject,
      firstSeen: finding.firstSeen,
      goneAt: null,
    },
  }));
}

export function eventEvidence(events: readonly KubeEvent[]): Array<Evidence<IncidentEvent>> {
  return events.flatMap((event) => {
    const lastSeen = event.lastSeen ?? event.firstSeen;
    if (lastSeen === null) {
      return [];
    }
    const { kind, namespace, name } = event.involvedObject;
    return [
      {
        labels: objectLabels(kind, namespace, name),
        at: lastSeen,
        item: {
          reason: event.reason,
          message: event.message,
          type: event.type === 'Warning' ? 'Warning' : 'Normal',
          object: `${kind}/${name}`,
          count: event.count,
          lastSeen,
        },
      },
    ];
  });
}
