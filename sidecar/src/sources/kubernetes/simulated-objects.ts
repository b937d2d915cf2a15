// The simulated cluster's K8sGPT Results and Events at any moment: a pure function of the cluster (seed, anchor)
// and the time, so demo mode and tests see the same objects for the same clock. What the scripted incidents show:
//
// | Incident               | K8sGPT Results (namespace k8sgpt-operator-system)                   | Events                              |
// |------------------------|---------------------------------------------------------------------|-------------------------------------|
// | checkout-memory-leak   | each leaking shop/checkout pod: "the last termination reason is     | Warning BackOff on the pod at each  |
// |                        | OOMKilled …", from its first OOM kill until the fix replaces it     | OOM kill (kubelet)                  |
// |                        | (or a remediation action starts it fresh; a later kill reports it   |                                     |
// |                        | again, as a new object)                                             |                                     |
// | frontend-traffic-spike | each Pending shop/frontend pod: "0/4 nodes are available: …         | Warning FailedScheduling every      |
// |                        | Insufficient cpu …" until it is scheduled; Deployment shop/frontend | minute while Pending; Normal        |
// |                        | "has N replicas but M are available" while short (updated as M, N   | SuccessfulRescale on the HPA at     |
// |                        | change)                                                             | each step                           |
// | payments-error-burn    | one payments/api pod: "Readiness probe failed: HTTP probe failed     | Warning Unhealthy on that pod every |
// |                        | with statuscode: 503" while the 5xx ratio is at its peak            | 5 minutes meanwhile                 |
// | worker-cpu-surge       | none: K8sGPT has no analyzer for CPU use                            | none                                |
//
// The model follows the cluster's interventions (simulator/interventions.ts); build it again after one is recorded.
// Results are evaluated on K8sGPT's analysis grid (every 30 s), like the operator's periodic analysis; an object
// exists while its problem does, its resourceVersion is the analysis time its current content first appeared, and
// a problem that ends and comes back is a new object (new uid). An Event lasts an hour after its last occurrence
// (the API server's default event TTL) and no longer than its incident. Simplification: a real K8sGPT reports an
// OOM-killed container only while it waits in CrashLoopBackOff; here the pod is reported from its first OOM kill
// until it is replaced, like the simulated kube_pod_container_status_last_terminated_reason.
import { createHash } from 'node:crypto';
import type { SimulatedCluster } from '../simulator/cluster.ts';
import { TIMELINE, type ScriptedIncident } from '../simulator/incidents.ts';
import type { SimPod } from '../simulator/topology.ts';

export const SIMULATED_K8SGPT_NAMESPACE = 'k8sgpt-operator-system';
export const SIMULATED_K8SGPT_NAME = 'k8sgpt';
export const SIMULATED_BACKEND = 'simulated';
/** Label naming the scripted incident an object belongs to (simulated objects only). */
export const SIMULATED_INCIDENT_LABEL = 'simulator.prophet-aiops.io/incident';
export const ANALYSIS_INTERVAL_MS = 30_000;
export const EVENT_TTL_MS = 60 * 60_000;

const MIN = 60_000;

type Raw = Record<string, unknown>;

interface Segment {
  fromMs: number;
  /** Exclusive. */
  toMs: number;
  errors: string[];
}

interface ResultTrack {
  incident: string;
  kind: string;
  /** "<namespace>/<name>" of the analysed object. */
  name: string;
  parentObject: string;
  /** Sorted, not overlapping; touching segments are one object whose content changed. */
  segments: Segment[];
}

interface EventTrack {
  incident: ScriptedIncident;
  namespace: string;
  involvedObject: { kind: string; name: string; uid: string | null };
  reason: string;
  type: 'Normal' | 'Warning';
  message: string;
  source: string;
  /** Sorted occurrence times. */
  occurrences: number[];
}

export interface SimulatedKubeModel {
  results: ResultTrack[];
  events: EventTrack[];
}

const gridCeil = (t: number) => Math.ceil(t / ANALYSIS_INTERVAL_MS) * ANALYSIS_INTERVAL_MS;

function incidentNamed(cluster: SimulatedCluster, name: string): ScriptedIncident {
  const incident = cluster.incidents.find((i) => i.name === name);
  if (!incident) {
    throw new Error(`the simulated cluster has no incident ${name}`);
  }
  return incident;
}

function everyMs(fromMs: number, toMs: number, stepMs: number): number[] {
  const out: number[] = [];
  for (let t = fromMs; t < toMs; t += stepMs) {
    out.push(t);
  }
  return out;
}

/** One segment per stretch of a pod problem, aligned to the analysis grid; none for one between two analysis runs. */
function podTrack(
  incident: string,
  pod: SimPod,
  stretches: ReadonlyArray<readonly [fromMs: number, toMs: number]>,
  error: string
): ResultTrack {
  const dep = pod.deployment;
  const segments: Segment[] = [];
  for (const [fromMs, toMs] of stretches) {
    const from = gridCeil(fromMs);
    const to = gridCeil(toMs);
    if (to > from) {
      segments.push({ fromMs: from, toMs: to, errors: [error] });
    }
  }
  return {
    incident,
    kind: 'Pod',
    name: `${dep.namespace}/${pod.name}`,
    parentObject: `Deployment/${dep.name}`,
    segments,
  };
}

/**
 * When a pod's last termination reads OOMKilled: from each OOM kill in [fromMs, toMs) until an intervention starts
 * the container fresh (the reason is cleared), or until `untilMs`.
 */
function oomKilledStretches(pod: SimPod, fromMs: number, toMs: number, untilMs: number): Array<[number, number]> {
  const stretches: Array<[number, number]> = [];
  const { segments } = pod.lifecycle();
  for (let i = 0; i < segments.length; i++) {
    if (segments[i].endedBy !== 'oom' || segments[i].endMs < fromMs || segments[i].endMs >= toMs) {
      continue;
    }
    const start = segments[i].endMs;
    while (i + 1 < segments.length && segments[i + 1].endedBy === 'oom') {
      i++;
    }
    const cleared = i + 1 < segments.length && segments[i + 1].endedBy === 'reset' ? segments[i + 1].endMs : Infinity;
    stretches.push([start, Math.min(cleared, untilMs)]);
  }
  return stretches;
}

/** Piecewise-constant content sampled on the analysis grid over [fromMs, toMs). */
function sampledSegments(fromMs: number, toMs: number, errorsAt: (t: number) => string[] | null): Segment[] {
  const segments: Segment[] = [];
  for (let t = gridCeil(fromMs); t < toMs; t += ANALYSIS_INTERVAL_MS) {
    const errors = errorsAt(t);
    const last = segments.at(-1);
    if (errors === null) {
      continue;
    }
    if (last && last.toMs === t && JSON.stringify(last.errors) === JSON.stringify(errors)) {
      last.toMs = t + ANALYSIS_INTERVAL_MS;
    } else {
      segments.push({ fromMs: t, toMs: t + ANALYSIS_INTERVAL_MS, errors });
    }
  }
  return segments;
}

/** The scripted incidents' problems as K8sGPT and the API server would show them; built once per cluster. */
export function buildSimulatedKubeModel(cluster: SimulatedCluster): SimulatedKubeModel {
  const at = (offset: number) => cluster.anchorMs + offset;
  const results: ResultTrack[] = [];
  const events: EventTrack[] = [];
  const podsOf = (namespace: string, name: string) =>
    cluster.pods.filter((p) => p.deployment.namespace === namespace && p.deployment.name === name);

  // Memory leak: the OOM-killed checkout pods.
  const leak = incidentNamed(cluster, 'checkout-memory-leak');
  for (const pod of podsOf(leak.namespace, leak.workload)) {
    const kills = pod.oomKillsMs.filter((t) => t >= leak.startMs && t < leak.endMs);
    if (kills.length === 0) {
      continue;
    }
    const container = pod.deployment.container;
    results.push(
      podTrack(
        leak.name,
        pod,
        oomKilledStretches(pod, leak.startMs, leak.endMs, Math.min(pod.endMs, leak.endMs + 2 * MIN)),
        `the last termination reason is OOMKilled container=${container} pod=${pod.name}`
      )
    );
    events.push({
      incident: leak,
      namespace: leak.namespace,
      involvedObject: { kind: 'Pod', name: pod.name, uid: pod.uid },
      reason: 'BackOff',
      type: 'Warning',
      message: `Back-off restarting failed container ${container} in pod ${pod.name}_${leak.namespace}(${pod.uid})`,
      source: 'kubelet',
      occurrences: kills.map((t) => t + 10_000),
    });
  }

  // Traffic spike: Pending frontend pods until Karpenter's nodes are ready, and the Deployment short of replicas.
  const spike = incidentNamed(cluster, 'frontend-traffic-spike');
  const frontendPods = podsOf(spike.namespace, spike.workload);
  const schedulableNodes = cluster.nodes.filter((n) => n.claimCreatedMs === null).length;
  const pendingText = `0/${schedulableNodes} nodes are available: ${schedulableNodes} Insufficient cpu. preemption: 0/${schedulableNodes} nodes are available: ${schedulableNodes} No preemption victims found for incoming pod.`;
  for (const pod of frontendPods) {
    if (pod.scheduledMs <= pod.createdMs || pod.createdMs < spike.startMs || pod.createdMs >= spike.endMs) {
      continue;
    }
    results.push(podTrack(spike.name, pod, [[pod.createdMs, pod.scheduledMs]], pendingText));
    events.push({
      incident: spike,
      namespace: spike.namespace,
      involvedObject: { kind: 'Pod', name: pod.name, uid: pod.uid },
      reason: 'FailedScheduling',
      type: 'Warning',
      message: pendingText,
      source: 'default-scheduler',
      occurrences: everyMs(pod.createdMs + 1_000, pod.scheduledMs, MIN),
    });
  }
  const baseReplicas =
    cluster.deployments.find((d) => d.namespace === spike.namespace && d.name === spike.workload)?.replicas ?? 0;
  const desiredAt = (t: number) => {
    let replicas = baseReplicas;
    for (const step of TIMELINE.hpaSteps) {
      if (t >= at(step.at)) {
        replicas = step.replicas;
      }
    }
    return replicas;
  };
  const deploymentTrack: ResultTrack = {
    incident: spike.name,
    kind: 'Deployment',
    name: `${spike.namespace}/${spike.workload}`,
    parentObject: `Deployment/${spike.workload}`,
    segments: sampledSegments(spike.startMs, spike.endMs, (t) => {
      const desired = desiredAt(t);
      const running = frontendPods.filter((p) => p.scheduledMs <= t && t <= p.endMs).length;
      const available = Math.min(running, desired);
      return available < desired
        ? [
            `Deployment ${spike.namespace}/${spike.workload} has ${desired} replicas but ${available} are available with status running`,
          ]
        : null;
    }),
  };
  results.push(deploymentTrack);
  for (const step of TIMELINE.hpaSteps) {
    const stepAt = at(step.at);
    if (stepAt < spike.startMs || stepAt >= spike.endMs) {
      continue;
    }
    const before = desiredAt(stepAt - 1);
    events.push({
      incident: spike,
      namespace: spike.namespace,
      involvedObject: { kind: 'HorizontalPodAutoscaler', name: spike.workload, uid: null },
      reason: 'SuccessfulRescale',
      type: 'Normal',
      message: `New size: ${step.replicas}; reason: cpu resource utilization (percentage of request) ${step.replicas > before ? 'above' : 'below'} target`,
      source: 'horizontal-pod-autoscaler',
      occurrences: [stepAt],
    });
  }

  // Error burn: one payments/api pod fails its readiness probe while the 5xx ratio is at its peak.
  const burn = incidentNamed(cluster, 'payments-error-burn');
  const peakFrom = at(TIMELINE.burnStart) + 60 * MIN;
  const peakTo = at(TIMELINE.burnEnd);
  const flapping = podsOf(burn.namespace, burn.workload)
    .filter((p) => p.scheduledMs <= peakFrom && p.endMs >= peakTo)
    .sort((a, b) => a.name.localeCompare(b.name))[0];
  if (flapping) {
    const text = 'Readiness probe failed: HTTP probe failed with statuscode: 503';
    results.push(podTrack(burn.name, flapping, [[peakFrom, peakTo]], text));
    events.push({
      incident: burn,
      namespace: burn.namespace,
      involvedObject: { kind: 'Pod', name: flapping.name, uid: flapping.uid },
      reason: 'Unhealthy',
      type: 'Warning',
      message: text,
      source: 'kubelet',
      occurrences: everyMs(peakFrom, peakTo, 5 * MIN),
    });
  }
  return { results, events };
}

/** A stable UUID-shaped id for (seed, key). */
function uuidFrom(seed: number, key: string): string {
  const hex = createHash('sha256').update(`${seed}/${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The operator's Result name: the analysed object's "<namespace>/<name>" without "-" and "/". */
export function resultObjectName(analysedName: string): string {
  return analysedName.replaceAll('-', '').replaceAll('/', '');
}

/** The K8sGPT Result objects at time t, as the API would serve them (CRD key casing). */
export function simulatedResults(cluster: SimulatedCluster, model: SimulatedKubeModel, tMs: number): Raw[] {
  const out: Raw[] = [];
  for (const track of model.results) {
    const index = track.segments.findIndex((s) => s.fromMs <= tMs && tMs < s.toMs);
    if (index < 0) {
      continue;
    }
    let first = index;
    while (first > 0 && track.segments[first - 1].toMs === track.segments[first].fromMs) {
      first--;
    }
    const segment = track.segments[index];
    const createdMs = track.segments[first].fromMs;
    out.push({
      apiVersion: 'core.k8sgpt.ai/v1alpha1',
      kind: 'Result',
      metadata: {
        name: resultObjectName(track.name),
        namespace: SIMULATED_K8SGPT_NAMESPACE,
        uid: uuidFrom(cluster.seed, `result/${track.name}/${createdMs}`),
        resourceVersion: String(segment.fromMs),
        creationTimestamp: new Date(createdMs).toISOString(),
        labels: {
          'k8sgpts.k8sgpt.ai/name': SIMULATED_K8SGPT_NAME,
          'k8sgpts.k8sgpt.ai/namespace': SIMULATED_K8SGPT_NAMESPACE,
          'k8sgpts.k8sgpt.ai/backend': SIMULATED_BACKEND,
          [SIMULATED_INCIDENT_LABEL]: track.incident,
        },
      },
      spec: {
        backend: SIMULATED_BACKEND,
        kind: track.kind,
        name: track.name,
        error: segment.errors.map((text) => ({ text, sensitive: [] })),
        details: '',
        parentObject: track.parentObject,
        autoRemediationStatus: {},
      },
      status: { lifecycle: index === first ? 'created' : 'updated' },
    });
  }
  return out;
}

/** The core/v1 Event objects at time t (an event lasts EVENT_TTL_MS after its last occurrence, within its incident). */
export function simulatedEvents(cluster: SimulatedCluster, model: SimulatedKubeModel, tMs: number): Raw[] {
  const out: Raw[] = [];
  for (const track of model.events) {
    if (tMs >= track.incident.endMs) {
      continue;
    }
    // Occurrences further apart than the TTL are separate Event objects (the first expired in between).
    let episodeStart = -1;
    let previous = -Infinity;
    let count = 0;
    let last = -Infinity;
    for (const occurrence of track.occurrences) {
      if (occurrence > tMs) {
        break;
      }
      if (occurrence - previous >= EVENT_TTL_MS) {
        episodeStart = occurrence;
        count = 0;
      }
      count++;
      last = occurrence;
      previous = occurrence;
    }
    if (episodeStart < 0 || tMs >= last + EVENT_TTL_MS) {
      continue;
    }
    const id = `${track.involvedObject.name}.${(BigInt(episodeStart) * 1_000_000n).toString(16)}`;
    out.push({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        name: id,
        namespace: track.namespace,
        uid: uuidFrom(cluster.seed, `event/${track.reason}/${id}`),
        resourceVersion: String(last),
        creationTimestamp: new Date(episodeStart).toISOString(),
        labels: { [SIMULATED_INCIDENT_LABEL]: track.incident.name },
      },
      involvedObject: {
        kind: track.involvedObject.kind,
        namespace: track.namespace,
        name: track.involvedObject.name,
        ...(track.involvedObject.uid ? { uid: track.involvedObject.uid } : {}),
      },
      reason: track.reason,
      message: track.message,
      type: track.type,
      count,
      firstTimestamp: new Date(episodeStart).toISOString(),
      lastTimestamp: new Date(last).toISOString(),
      source: { component: track.source },
      reportingComponent: track.source,
    });
  }
  return out;
}
