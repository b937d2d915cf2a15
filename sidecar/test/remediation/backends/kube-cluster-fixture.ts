// A small cluster in the FAKE Kubernetes API server for the Kubernetes backend tests: Deployment shop/checkout
// (3 replicas, revision 2 running shop/checkout:1.4.1, revision 1 shop/checkout:1.4.0) with its ReplicaSets and
// pods, a ReplicaSet with the same labels owned by another Deployment (revision 9, which a rollback must ignore),
// an HPA, and two nodes: node-1 runs two checkout pods, a DaemonSet pod and a mirror pod.
import type { TestContext } from 'node:test';
import {
  createKubernetesBackend,
  type KubernetesBackend,
} from '../../../src/remediation/backends/kubernetes/kubernetes-backend.ts';
import type { RemediationAction, RemediationProposal } from '../../../src/remediation/types.ts';
import {
  DEPLOYMENTS_RESOURCE,
  HPAS_RESOURCE,
  NODES_RESOURCE,
  PODS_RESOURCE,
  REPLICASETS_RESOURCE,
  startFakeKubeApiServer,
  WORKLOAD_RESOURCES,
  type FakeKubeApiServer,
} from '../../doubles/fake-kube-api-server.ts';
import { proposal } from '../../store/remediation-fixtures.ts';

export const DEPLOYMENT_UID = 'uid-deployment-checkout';
export const NOW = Date.parse('2026-11-26T10:00:00Z');

const template = (image: string, hash?: string) => ({
  metadata: { labels: { app: 'checkout', ...(hash ? { 'pod-template-hash': hash } : {}) } },
  spec: { containers: [{ name: 'checkout', image, resources: { limits: { memory: '512Mi' } } }] },
});

function replicaSet(name: string, revision: number, image: string, ownerUid = DEPLOYMENT_UID) {
  const hash = name.split('-').pop()!;
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: 'shop',
      uid: `uid-rs-${name}`,
      labels: { app: 'checkout', 'pod-template-hash': hash },
      annotations: { 'deployment.kubernetes.io/revision': String(revision) },
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'Deployment', name: 'checkout', uid: ownerUid, controller: true },
      ],
    },
    spec: {
      replicas: 0,
      selector: { matchLabels: { app: 'checkout', 'pod-template-hash': hash } },
      template: template(image, hash),
    },
  };
}

export function pod(
  namespace: string,
  name: string,
  node: string,
  owner: { kind: string; name: string } | null,
  extra: { annotations?: Record<string, string> } = {}
) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      uid: `uid-pod-${name}`,
      labels: { app: name.split('-')[0] },
      annotations: extra.annotations,
      ownerReferences: owner
        ? [{ apiVersion: 'apps/v1', ...owner, uid: `uid-${owner.name}`, controller: true }]
        : undefined,
    },
    spec: { nodeName: node, containers: [{ name: 'main', image: 'busybox' }] },
    status: { phase: 'Running' },
  };
}

export function seedCluster(fake: FakeKubeApiServer): void {
  fake.create(DEPLOYMENTS_RESOURCE, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'checkout',
      namespace: 'shop',
      uid: DEPLOYMENT_UID,
      generation: 2,
      annotations: { 'deployment.kubernetes.io/revision': '2' },
    },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'checkout' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      template: template('shop/checkout:1.4.1'),
    },
    status: { replicas: 3, readyReplicas: 3 },
  });
  fake.create(REPLICASETS_RESOURCE, replicaSet('checkout-6c8', 1, 'shop/checkout:1.4.0'));
  fake.create(REPLICASETS_RESOURCE, replicaSet('checkout-7d9', 2, 'shop/checkout:1.4.1'));
  fake.create(REPLICASETS_RESOURCE, replicaSet('checkout-other-9f1', 9, 'shop/checkout:0.1.0', 'uid-someone-else'));
  const rs = { kind: 'ReplicaSet', name: 'checkout-7d9' };
  fake.create(PODS_RESOURCE, pod('shop', 'checkout-7d9-a', 'node-1', rs));
  fake.create(PODS_RESOURCE, pod('shop', 'checkout-7d9-b', 'node-1', rs));
  fake.create(PODS_RESOURCE, pod('shop', 'checkout-7d9-c', 'node-2', rs));
  fake.create(
    PODS_RESOURCE,
    pod('monitoring', 'node-exporter-x1', 'node-1', { kind: 'DaemonSet', name: 'node-exporter' })
  );
  fake.create(
    PODS_RESOURCE,
    pod('kube-system', 'etcd-node-1', 'node-1', null, { annotations: { 'kubernetes.io/config.mirror': 'abc' } })
  );
  for (const name of ['node-1', 'node-2']) {
    fake.create(NODES_RESOURCE, { apiVersion: 'v1', kind: 'Node', metadata: { name, uid: `uid-${name}` }, spec: {} });
  }
  fake.create(HPAS_RESOURCE, {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'checkout', namespace: 'shop', uid: 'uid-hpa-checkout' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'checkout' },
      minReplicas: 2,
      maxReplicas: 5,
    },
  });
}

export interface KubeRig {
  fake: FakeKubeApiServer;
  backend: KubernetesBackend;
}

/** The fake API server with the seeded cluster, and the backend reaching it through its kubeconfig file. */
export async function startKubeRig(t: TestContext): Promise<KubeRig> {
  const fake = await startFakeKubeApiServer({ resources: WORKLOAD_RESOURCES });
  t.after(() => fake.close());
  seedCluster(fake);
  const backend = createKubernetesBackend({ kubeconfig: fake.kubeconfigPath });
  return { fake, backend };
}

const TARGETS: Record<string, RemediationProposal['target']> = {
  'rollout-restart': { kind: 'Deployment', namespace: 'shop', name: 'checkout' },
  scale: { kind: 'Deployment', namespace: 'shop', name: 'checkout' },
  rollback: { kind: 'Deployment', namespace: 'shop', name: 'checkout' },
  'scale-hpa': { kind: 'HorizontalPodAutoscaler', namespace: 'shop', name: 'checkout' },
  'delete-pod': { kind: 'Pod', namespace: 'shop', name: 'checkout-7d9-a' },
  'cordon-node': { kind: 'Node', namespace: null, name: 'node-1' },
  'drain-node': { kind: 'Node', namespace: null, name: 'node-1' },
};

export function kubeProposal(
  action: RemediationAction,
  overrides: Partial<RemediationProposal> = {}
): RemediationProposal {
  return proposal(`p-${action}`, { action, target: TARGETS[action], ...overrides });
}

/** Everything the fake holds, to show a preview changed nothing. */
export function snapshot(fake: FakeKubeApiServer): string {
  return JSON.stringify({
    rv: fake.resourceVersion(),
    deployment: fake.get(DEPLOYMENTS_RESOURCE, 'shop', 'checkout'),
    hpa: fake.get(HPAS_RESOURCE, 'shop', 'checkout'),
    nodes: [fake.get(NODES_RESOURCE, null, 'node-1'), fake.get(NODES_RESOURCE, null, 'node-2')],
    pods: ['checkout-7d9-a', 'checkout-7d9-b', 'checkout-7d9-c'].map((name) => fake.get(PODS_RESOURCE, 'shop', name)),
  });
}
