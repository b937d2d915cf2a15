// The simulated cluster's objects as the Kubernetes API would serve them at a moment (Deployment, Pod, Node, HPA),
// built from the topology and the interventions recorded so far, so a demo preview shows the same before/after YAML
// a real cluster's dry-run would. Only spec and metadata: what an action changes.
import { createHash } from 'node:crypto';
import { rfc3339 } from '../step-args.ts';
import type { SimulatedCluster } from '../../../sources/simulator/cluster.ts';
import {
  GiB,
  MiB,
  type DeploymentSpec,
  type SimHpa,
  type SimNode,
  type SimPod,
} from '../../../sources/simulator/topology.ts';

export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';
export const REVISION = 'deployment.kubernetes.io/revision';

/** Same registry and tag scheme as the simulated cAdvisor series' image label. */
export const imageOf = (dep: DeploymentSpec, revision: number) =>
  `123456789012.dkr.ecr.us-east-1.amazonaws.com/${dep.namespace}/${dep.name}:r${revision}`;

/** RFC 3339 without fractions, as `kubectl rollout restart` writes restartedAt. */

export const deploymentKey = (dep: DeploymentSpec) => `${dep.namespace}/${dep.name}`;

function uidOf(seed: number, key: string): string {
  const hex = createHash('sha256').update(`${seed}/${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function quantity(bytes: number): string {
  return bytes % GiB === 0 ? `${bytes / GiB}Gi` : `${Math.round(bytes / MiB)}Mi`;
}

const cpuQuantity = (cores: number) => (Number.isInteger(cores) ? String(cores) : `${Math.round(cores * 1000)}m`);

function container(dep: DeploymentSpec, revision: number) {
  return {
    name: dep.container,
    image: imageOf(dep, revision),
    resources: {
      requests: { cpu: cpuQuantity(dep.cpuRequest), memory: quantity(dep.memRequest) },
      limits: { cpu: cpuQuantity(dep.cpuLimit), memory: quantity(dep.memLimit) },
    },
  };
}

export function findDeployment(cluster: SimulatedCluster, namespace: string, name: string): DeploymentSpec | null {
  return cluster.deployments.find((d) => d.namespace === namespace && d.name === name) ?? null;
}

export function findPod(cluster: SimulatedCluster, namespace: string, name: string): SimPod | null {
  return cluster.pods.find((p) => p.deployment.namespace === namespace && p.name === name) ?? null;
}

export function findNode(cluster: SimulatedCluster, name: string): SimNode | null {
  return cluster.nodes.find((n) => n.name === name) ?? null;
}

export function findHpa(cluster: SimulatedCluster, namespace: string, name: string): SimHpa | null {
  return cluster.hpas.find((h) => h.deployment.namespace === namespace && h.deployment.name === name) ?? null;
}

/** Pods running (scheduled, not yet replaced) at t. */
export const isRunning = (pod: SimPod, t: number) => pod.scheduledMs <= t && t <= pod.endMs;

export function podsOf(cluster: SimulatedCluster, dep: DeploymentSpec, t: number): SimPod[] {
  return cluster.pods.filter((p) => p.deployment === dep && isRunning(p, t));
}

export function podsOnNode(cluster: SimulatedCluster, node: SimNode, t: number): SimPod[] {
  return cluster.pods.filter((p) => p.node === node && isRunning(p, t));
}

/**
 * The revision the Deployment's template is at: the newest release created by t, or the one a later rollback went
 * back to. Revisions are the simulator's release indices (the image tag r<index>).
 */
export function currentRevision(cluster: SimulatedCluster, dep: DeploymentSpec, t: number): number {
  return templateAt(cluster, dep, t).revision;
}

/**
 * The release the template runs at t and the Deployment's revision number: every release and every rollback since
 * is a new revision, as `kubectl rollout undo` numbers them.
 */
function templateAt(cluster: SimulatedCluster, dep: DeploymentSpec, t: number): { revision: number; number: number } {
  const released = cluster.pods.filter((p) => p.deployment === dep && p.createdMs <= t);
  const revision = Math.max(0, ...released.map((p) => p.revision));
  const releasedAt = Math.min(...released.filter((p) => p.revision === revision).map((p) => p.createdMs));
  const key = deploymentKey(dep);
  const rollbacks = cluster.interventions
    .list()
    .filter((i) => i.type === 'rollback' && i.deployment === key && i.atMs >= releasedAt && i.atMs <= t);
  const rollback = cluster.interventions.latest('rollback', key, t);
  return {
    revision: rollback && rollback.atMs >= releasedAt ? rollback.toRevision : revision,
    number: revision + 1 + rollbacks.length,
  };
}

/** A plain copy: no object shared between fields (YAML would print anchors and aliases for them). */
const plain = (value: Record<string, unknown>): Record<string, unknown> => JSON.parse(JSON.stringify(value));

export function deploymentObject(cluster: SimulatedCluster, dep: DeploymentSpec, t: number): Record<string, unknown> {
  const { revision, number } = templateAt(cluster, dep, t);
  const restart = cluster.interventions.latest('restart', deploymentKey(dep), t);
  const labels = { app: dep.name };
  return plain({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: dep.name,
      namespace: dep.namespace,
      uid: uidOf(cluster.seed, `deployment/${deploymentKey(dep)}`),
      labels,
      annotations: { [REVISION]: String(number) },
    },
    spec: {
      replicas: cluster.desiredReplicas(dep, t),
      selector: { matchLabels: labels },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels, ...(restart ? { annotations: { [RESTARTED_AT]: restart.restartedAt } } : {}) },
        spec: { containers: [container(dep, revision)] },
      },
    },
  });
}

export function podObject(cluster: SimulatedCluster, pod: SimPod, t: number): Record<string, unknown> {
  const dep = pod.deployment;
  const restart = cluster.interventions.latest('restart', deploymentKey(dep), t);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: pod.name,
      namespace: dep.namespace,
      uid: pod.uid,
      labels: { app: dep.name, 'pod-template-hash': pod.replicaSet.slice(dep.name.length + 1) },
      ...(restart ? { annotations: { [RESTARTED_AT]: restart.restartedAt } } : {}),
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: pod.replicaSet,
          uid: uidOf(cluster.seed, `replicaset/${dep.namespace}/${pod.replicaSet}`),
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: { nodeName: pod.node.name, containers: [container(dep, pod.revision)] },
  };
}

export function nodeObject(cluster: SimulatedCluster, node: SimNode, t: number): Record<string, unknown> {
  const cordon = cluster.interventions.latest('cordon', node.name, t);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: node.name,
      uid: uidOf(cluster.seed, `node/${node.name}`),
      labels: {
        'karpenter.sh/nodepool': node.nodepool,
        'kubernetes.io/hostname': node.name,
        'node.kubernetes.io/instance-type': node.instanceType,
        'topology.kubernetes.io/zone': node.zone,
      },
    },
    spec: {
      providerID: node.providerId,
      ...(cordon
        ? {
            unschedulable: true,
            taints: [
              { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: rfc3339(cordon.atMs) },
            ],
          }
        : {}),
    },
  };
}

export function hpaObject(cluster: SimulatedCluster, hpa: SimHpa, t: number): Record<string, unknown> {
  const dep = hpa.deployment;
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: dep.name, namespace: dep.namespace, uid: uidOf(cluster.seed, `hpa/${deploymentKey(dep)}`) },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: dep.name },
      minReplicas: hpa.minReplicas,
      maxReplicas: cluster.hpaMaxReplicas(hpa, t),
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: hpa.targetCpuUtilization } },
        },
      ],
    },
  };
}
