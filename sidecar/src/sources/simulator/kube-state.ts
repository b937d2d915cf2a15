// kube-state-metrics: object state (pods, containers, nodes, deployments, HPAs) as Prometheus gauges. Restart
// counters, the last-terminated reason, desired replicas, HPA bounds and node cordons follow the interventions.
import { family, sample, constant, type MetricFamily, type SimSeries } from './series.ts';
import { segmentAt } from './interventions.ts';
import { DEPLOYMENTS, type SimPod, type Topology } from './topology.ts';

const JOB = { job: 'kube-state-metrics', instance: '10.0.3.15:8080' };
const PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'];

export function kubeStateFamilies(topo: Topology): MetricFamily[] {
  const podInfo: SimSeries[] = [];
  const phase: SimSeries[] = [];
  const requests: SimSeries[] = [];
  const limits: SimSeries[] = [];
  const restarts: SimSeries[] = [];
  const lastTerminated: SimSeries[] = [];
  for (const pod of topo.pods) {
    const dep = pod.deployment;
    const ns = dep.namespace;
    const { createdMs, scheduledMs, endMs } = pod;
    const base = { ...JOB, namespace: ns, pod: pod.name, uid: pod.uid };
    const info = { ...base, host_ip: pod.node.ip, pod_ip: pod.ip, created_by_kind: 'ReplicaSet', created_by_name: pod.replicaSet, priority_class: '' };
    // An unscheduled pod has no node, so its info series changes when it is bound.
    if (scheduledMs > createdMs) {podInfo.push(sample('kube_pod_info', { ...info, node: '', host_ip: '', pod_ip: '' }, createdMs, scheduledMs - 1, constant(1)));}
    podInfo.push(sample('kube_pod_info', { ...info, node: pod.node.name }, scheduledMs, endMs, constant(1)));
    for (const p of PHASES) {
      const fn = p === 'Pending' ? (t: number) => (t < scheduledMs ? 1 : 0) : p === 'Running' ? (t: number) => (t < scheduledMs ? 0 : 1) : constant(0);
      phase.push(sample('kube_pod_status_phase', { ...base, phase: p }, createdMs, endMs, fn));
    }
    const c = { ...base, container: dep.container, node: pod.node.name };
    for (const [out, req] of [[requests, true], [limits, false]] as const) {
      const name = req ? 'kube_pod_container_resource_requests' : 'kube_pod_container_resource_limits';
      out.push(sample(name, { ...c, resource: 'cpu', unit: 'core' }, createdMs, endMs, constant(req ? dep.cpuRequest : dep.cpuLimit)));
      out.push(sample(name, { ...c, resource: 'memory', unit: 'byte' }, createdMs, endMs, constant(req ? dep.memRequest : dep.memLimit)));
    }
    restarts.push(sample('kube_pod_container_status_restarts_total', { ...base, container: dep.container }, createdMs, endMs,
      (t) => countAtOrBefore(pod.oomKillsMs, t)));
    if (pod.leakPeriodMs !== null) {
      lastTerminated.push(lastTerminatedOomKilled(pod, { ...base, container: dep.container, reason: 'OOMKilled' }));
    }
  }

  const nodeInfo: SimSeries[] = [];
  const unschedulable: SimSeries[] = [];
  const allocatable: SimSeries[] = [];
  const nodeLabels: SimSeries[] = [];
  for (const n of topo.nodes) {
    const life = [n.readyMs, n.terminatedMs] as const;
    nodeInfo.push(sample('kube_node_info', {
      ...JOB, node: n.name, internal_ip: n.ip, provider_id: n.providerId, kernel_version: '6.1.132-147.221.amzn2023.x86_64',
      os_image: 'Amazon Linux 2023.7.20250512', container_runtime_version: 'containerd://1.7.27', kubelet_version: 'v1.32.3-eks-473151a',
    }, ...life, constant(1)));
    allocatable.push(sample('kube_node_status_allocatable', { ...JOB, node: n.name, resource: 'cpu', unit: 'core' }, ...life, constant(n.cpu)));
    allocatable.push(sample('kube_node_status_allocatable', { ...JOB, node: n.name, resource: 'memory', unit: 'byte' }, ...life, constant(n.memoryBytes)));
    allocatable.push(sample('kube_node_status_allocatable', { ...JOB, node: n.name, resource: 'pods', unit: 'integer' }, ...life, constant(58)));
    unschedulable.push(sample('kube_node_spec_unschedulable', { ...JOB, node: n.name }, ...life,
      (t) => (topo.interventions.latest('cordon', n.name, t) ? 1 : 0)));
    nodeLabels.push(sample('kube_node_labels', {
      ...JOB, node: n.name, label_karpenter_sh_nodepool: n.nodepool, label_karpenter_sh_capacity_type: 'on-demand',
      label_node_kubernetes_io_instance_type: n.instanceType, label_topology_kubernetes_io_zone: n.zone,
    }, ...life, constant(1)));
  }

  const specReplicas: SimSeries[] = [];
  const available: SimSeries[] = [];
  for (const dep of DEPLOYMENTS) {
    const labels = { ...JOB, namespace: dep.namespace, deployment: dep.name };
    const pods = topo.pods.filter((p) => p.deployment === dep);
    specReplicas.push(sample('kube_deployment_spec_replicas', labels, topo.horizonStartMs, topo.horizonEndMs, (t) => topo.desiredReplicas(dep, t)));
    // Available = running pods, capped at the desired count (a rolling update briefly overlaps old and new pods).
    available.push(sample('kube_deployment_status_replicas_available', labels, topo.horizonStartMs, topo.horizonEndMs, (t) => {
      let running = 0;
      for (const p of pods) {if (p.scheduledMs <= t && t <= p.endMs) {running++;}}
      return Math.min(running, topo.desiredReplicas(dep, t));
    }));
  }

  const hpa: SimSeries[] = [];
  for (const h of topo.hpas) {
    const dep = h.deployment;
    const labels = { ...JOB, namespace: dep.namespace, horizontalpodautoscaler: dep.name };
    const life = [topo.horizonStartMs, topo.horizonEndMs] as const;
    // The simulated HPA follows its scripted steps; a raised maximum does not make it scale further.
    const desired = (t: number) => Math.min(topo.desiredReplicas(dep, t), topo.hpaMaxReplicas(h, t));
    hpa.push(sample('kube_horizontalpodautoscaler_spec_min_replicas', labels, ...life, constant(h.minReplicas)));
    hpa.push(sample('kube_horizontalpodautoscaler_spec_max_replicas', labels, ...life, (t) => topo.hpaMaxReplicas(h, t)));
    hpa.push(sample('kube_horizontalpodautoscaler_status_desired_replicas', labels, ...life, desired));
    hpa.push(sample('kube_horizontalpodautoscaler_status_current_replicas', labels, ...life, desired));
  }

  return [
    family('kube_pod_info', 'gauge', 'Information about pod.', podInfo),
    family('kube_pod_status_phase', 'gauge', 'The pods current phase.', phase),
    family('kube_pod_container_resource_requests', 'gauge', 'The number of requested request resource by a container.', requests),
    family('kube_pod_container_resource_limits', 'gauge', 'The number of requested limit resource by a container.', limits),
    family('kube_pod_container_status_restarts_total', 'counter', 'The number of container restarts per container.', restarts),
    family('kube_pod_container_status_last_terminated_reason', 'gauge', 'Describes the last reason the container was in terminated state.', lastTerminated),
    family('kube_node_info', 'gauge', 'Information about a cluster node.', nodeInfo),
    family('kube_node_status_allocatable', 'gauge', 'The allocatable for different resources of a node that are available for scheduling.', allocatable),
    family('kube_node_labels', 'gauge', 'Kubernetes labels converted to Prometheus labels.', nodeLabels),
    family('kube_node_spec_unschedulable', 'gauge', 'Whether a node can schedule new pods.', unschedulable),
    family('kube_deployment_spec_replicas', 'gauge', 'Number of desired pods for a deployment.', specReplicas),
    family('kube_deployment_status_replicas_available', 'gauge', 'The number of available replicas per deployment.', available),
    ...(['spec_min_replicas', 'spec_max_replicas', 'status_desired_replicas', 'status_current_replicas'] as const).map((suffix) =>
      family(`kube_horizontalpodautoscaler_${suffix}`, 'gauge', HPA_HELP[suffix],
        hpa.filter((s) => s.labels.__name__ === `kube_horizontalpodautoscaler_${suffix}`))),
  ];
}

const HPA_HELP = {
  spec_min_replicas: 'Lower limit for the number of pods that can be set by the autoscaler, default 1.',
  spec_max_replicas: 'Upper limit for the number of pods that can be set by the autoscaler; cannot be smaller than MinReplicas.',
  status_desired_replicas: 'Desired number of replicas of pods managed by this autoscaler.',
  status_current_replicas: 'Current number of replicas of pods managed by this autoscaler.',
};

/**
 * 1 while the container's last termination was an OOM kill: from its first kill until an intervention starts it
 * fresh (then 0: kube-state-metrics would drop the series of a replaced pod, but a simulated series lives in one
 * interval), 1 again after a later kill. No kill at all: the series never exists.
 */
function lastTerminatedOomKilled(pod: SimPod, labels: Record<string, string>): SimSeries {
  return {
    labels: { __name__: 'kube_pod_container_status_last_terminated_reason', ...labels },
    get startMs() {
      return pod.oomKillsMs[0] ?? Infinity;
    },
    endMs: pod.endMs,
    value: (t) => (pod.oomKillsMs.includes(segmentAt(pod.lifecycle(), t).startMs) ? 1 : 0),
  };
}

export function countAtOrBefore(sortedMs: number[], t: number): number {
  let n = 0;
  while (n < sortedMs.length && sortedMs[n] <= t) {n++;}
  return n;
}
