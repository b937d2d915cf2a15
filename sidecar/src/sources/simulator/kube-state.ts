// kube-state-metrics: object state (pods, containers, nodes, deployments) as Prometheus gauges.
import { family, sample, constant, type MetricFamily, type SimSeries } from './series.ts';
import { DEPLOYMENTS, type Topology } from './topology.ts';

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
    const ooms = pod.oomKillsMs;
    restarts.push(sample('kube_pod_container_status_restarts_total', { ...base, container: dep.container }, createdMs, endMs,
      (t) => countAtOrBefore(ooms, t)));
    if (ooms.length > 0) {
      lastTerminated.push(sample('kube_pod_container_status_last_terminated_reason',
        { ...base, container: dep.container, reason: 'OOMKilled' }, ooms[0], endMs, constant(1)));
    }
  }

  const nodeInfo: SimSeries[] = [];
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
    family('kube_deployment_spec_replicas', 'gauge', 'Number of desired pods for a deployment.', specReplicas),
    family('kube_deployment_status_replicas_available', 'gauge', 'The number of available replicas per deployment.', available),
  ];
}

export function countAtOrBefore(sortedMs: number[], t: number): number {
  let n = 0;
  while (n < sortedMs.length && sortedMs[n] <= t) {n++;}
  return n;
}
