// Karpenter controller metrics for the `default` nodepool (Karpenter v1 names; see shared/notes/domain.md).
import { family, sample, constant, type MetricFamily, type SimSeries } from './series.ts';
import { countAtOrBefore } from './kube-state.ts';
import type { Topology } from './topology.ts';

const JOB = { job: 'karpenter', instance: '10.0.2.40:8080' };
const NODEPOOL = 'default';
/** The nodepool's configured limit: spec.limits.cpu = 40. */
export const NODEPOOL_CPU_LIMIT = 40;

export function karpenterFamilies(topo: Topology): MetricFamily[] {
  const { horizonStartMs: start, horizonEndMs: end, nodes, pods } = topo;
  const pool = { ...JOB, nodepool: NODEPOOL };
  const created = nodes.map((n) => n.claimCreatedMs ?? n.readyMs).sort((a, b) => a - b);
  const launched = nodes.map((n) => n.readyMs).sort((a, b) => a - b);
  const terminated = nodes.filter((n) => n.terminatedMs < end).map((n) => n.terminatedMs).sort((a, b) => a - b);
  const alive = (t: number) => nodes.filter((n) => n.readyMs <= t && t <= n.terminatedMs);
  const pendingCount = (t: number) => {
    let n = 0;
    for (const p of pods) {if (p.createdMs <= t && t < p.scheduledMs) {n++;}}
    return n;
  };

  const usage: SimSeries[] = [
    sample('karpenter_nodepools_usage', { ...pool, resource_type: 'cpu' }, start, end, (t) => alive(t).reduce((s, n) => s + n.cpu, 0)),
    sample('karpenter_nodepools_usage', { ...pool, resource_type: 'memory' }, start, end, (t) => alive(t).reduce((s, n) => s + n.memoryBytes, 0)),
    sample('karpenter_nodepools_usage', { ...pool, resource_type: 'pods' }, start, end, (t) => alive(t).length * 58),
  ];
  const podState: SimSeries[] = pods.map((p) => {
    const labels = { ...JOB, name: p.name, namespace: p.deployment.namespace, owner: `apps/v1/ReplicaSet/${p.replicaSet}`, nodepool: NODEPOOL };
    return sample('karpenter_pods_state', { ...labels, node: p.node.name, phase: 'Running' }, p.scheduledMs, p.endMs, constant(1));
  });
  for (const p of pods) {
    if (p.scheduledMs <= p.createdMs) {continue;}
    const labels = { ...JOB, name: p.name, namespace: p.deployment.namespace, owner: `apps/v1/ReplicaSet/${p.replicaSet}`, nodepool: '' };
    podState.push(sample('karpenter_pods_state', { ...labels, node: '', phase: 'Pending' }, p.createdMs, p.scheduledMs - 1, constant(1)));
  }

  return [
    family('karpenter_nodes_created_total', 'counter', 'Number of nodes created in total by Karpenter.',
      [sample('karpenter_nodes_created_total', pool, start, end, (t) => countAtOrBefore(launched, t))]),
    family('karpenter_nodes_terminated_total', 'counter', 'Number of nodes terminated in total by Karpenter.',
      [sample('karpenter_nodes_terminated_total', pool, start, end, (t) => countAtOrBefore(terminated, t))]),
    family('karpenter_nodeclaims_created_total', 'counter', 'Number of nodeclaims created in total by Karpenter.',
      [sample('karpenter_nodeclaims_created_total', { ...pool, reason: 'provisioning' }, start, end, (t) => countAtOrBefore(created, t))]),
    family('karpenter_nodeclaims_disrupted_total', 'counter', 'Number of nodeclaims disrupted in total by Karpenter.',
      [sample('karpenter_nodeclaims_disrupted_total', { ...pool, reason: 'underutilized' }, start, end, (t) => countAtOrBefore(terminated, t))]),
    family('karpenter_pods_state', 'gauge', 'Pod state is the current state of pods.', podState),
    family('karpenter_nodepools_usage', 'gauge', 'The amount of resources that have been provisioned for a nodepool.', usage),
    family('karpenter_nodepools_limit', 'gauge', 'Limits specified on the nodepool that restrict the quantity of resources provisioned.', [
      sample('karpenter_nodepools_limit', { ...pool, resource_type: 'cpu' }, start, end, constant(NODEPOOL_CPU_LIMIT)),
    ]),
    family('karpenter_scheduler_queue_depth', 'gauge', 'The number of pods currently waiting to be scheduled.',
      [sample('karpenter_scheduler_queue_depth', { ...JOB, controller: 'provisioner' }, start, end, pendingCount)]),
    family('karpenter_cluster_state_node_count', 'gauge', 'Current count of nodes in cluster state.',
      [sample('karpenter_cluster_state_node_count', JOB, start, end, (t) => alive(t).length)]),
  ];
}
