// Pod action: delete one pod, and the pod removals drain-node shares (eviction through the Eviction API, so
// PodDisruptionBudgets are honoured). A removal names the pod's uid as a precondition, so it can only ever remove the
// pod that was planned, never a successor with the same name; it is still not idempotent (a second delete of a
// StatefulSet pod would hit its successor), so a resumed execution asks tookEffect: the planned pod is gone or
// terminating → it took effect.
import type { V1Pod } from '@kubernetes/client-node';
import { BackendError, type StepSpec } from '../../backend.ts';
import { renderPreview } from '../preview-diff.ts';
import { plainObject, type ActionFamily } from './family.ts';
import { namespacedTarget, stringArg } from '../step-args.ts';
import { DRY_RUN_ALL, type KubeClients } from './kube-clients.ts';
import { kubeRequest } from './kube-errors.ts';

export const podLabel = (namespace: string, name: string) => `Pod ${namespace}/${name}`;

function readPod(kube: KubeClients, namespace: string, name: string): Promise<V1Pod> {
  return kubeRequest({ verb: 'get', resource: 'pods', group: '', object: podLabel(namespace, name) }, () =>
    kube.core.readNamespacedPod({ name, namespace }, kube.options())
  );
}

function deletePod(kube: KubeClients, namespace: string, name: string, uid: string, dryRun: boolean) {
  return kubeRequest({ verb: 'delete', resource: 'pods', group: '', object: podLabel(namespace, name) }, () =>
    kube.core.deleteNamespacedPod(
      { name, namespace, body: { preconditions: { uid } }, dryRun: dryRun ? DRY_RUN_ALL : undefined },
      kube.options()
    )
  );
}

/** POST pods/{name}/eviction: the API server refuses (429) while the pod's PodDisruptionBudget allows no disruption. */
export function evictPod(kube: KubeClients, namespace: string, name: string, uid: string, dryRun: boolean) {
  return kubeRequest({ verb: 'create', resource: 'pods/eviction', group: '', object: podLabel(namespace, name) }, () =>
    kube.core.createNamespacedPodEviction(
      {
        name,
        namespace,
        body: {
          apiVersion: 'policy/v1',
          kind: 'Eviction',
          metadata: { name, namespace },
          deleteOptions: { preconditions: { uid } },
        },
        dryRun: dryRun ? DRY_RUN_ALL : undefined,
      },
      kube.options()
    )
  );
}

/** The controller that recreates the pod ("ReplicaSet checkout-7d9"), or null for a bare pod. */
function podController(pod: V1Pod): string | null {
  const owner = pod.metadata?.ownerReferences?.find((ref) => ref.controller);
  return owner ? `${owner.kind} ${owner.name}` : null;
}

/** Runs a delete-pod or evict-pod step. A pod already gone (404) or replaced (409: the uid no longer matches) is done. */
export async function removePod(kube: KubeClients, step: StepSpec): Promise<string> {
  const namespace = stringArg(step, 'namespace');
  const name = stringArg(step, 'name');
  const uid = stringArg(step, 'uid');
  const ref = podLabel(namespace, name);
  try {
    if (step.op === 'evict-pod') {
      await evictPod(kube, namespace, name, uid, false);
      return `${ref} evicted`;
    }
    await deletePod(kube, namespace, name, uid, false);
    return `${ref} deleted`;
  } catch (error) {
    if (error instanceof BackendError && error.statusCode === 404) {
      return `${ref} already gone`;
    }
    if (error instanceof BackendError && error.statusCode === 409) {
      return `${ref} (uid ${uid}) already gone: another pod has the name now`;
    }
    throw error;
  }
}

/** Did a started delete-pod or evict-pod step remove the planned pod? Gone, replaced or terminating → true. */
export async function podRemoved(kube: KubeClients, step: StepSpec): Promise<boolean | 'unknown'> {
  const namespace = stringArg(step, 'namespace');
  const name = stringArg(step, 'name');
  const uid = stringArg(step, 'uid');
  try {
    const pod = await readPod(kube, namespace, name);
    return pod.metadata?.uid !== uid || Boolean(pod.metadata?.deletionTimestamp);
  } catch (error) {
    if (error instanceof BackendError && error.statusCode === 404) {
      return true;
    }
    return 'unknown';
  }
}

export const podActions: ActionFamily = {
  actions: ['delete-pod'],
  ops: ['delete-pod'],

  async preview(kube, proposal, now) {
    const { namespace, name } = namespacedTarget(proposal, 'Pod');
    const ref = podLabel(namespace, name);
    const pod = await readPod(kube, namespace, name);
    await deletePod(kube, namespace, name, pod.metadata?.uid ?? '', true);
    const controller = podController(pod);
    return renderPreview({
      summary: controller
        ? `Deletes ${ref}; its ${controller} creates a replacement`
        : `Deletes ${ref}; no controller owns it, so nothing recreates it`,
      changes: [{ ref: `Pod/${namespace}/${name}`, change: 'delete', before: plainObject(pod), after: null }],
      source: 'kubernetes-dry-run',
      impact: { podsAffected: 1, replicasChanged: 0 },
      warnings: controller ? [] : [`${ref} has no controller: once deleted it is gone for good`],
      now,
    });
  },

  async plan(kube, proposal) {
    const { namespace, name } = namespacedTarget(proposal, 'Pod');
    const pod = await readPod(kube, namespace, name);
    const uid = pod.metadata?.uid ?? '';
    return [
      {
        name: `delete ${podLabel(namespace, name)} uid=${uid}`,
        op: 'delete-pod',
        args: { namespace, name, uid },
        idempotent: false,
      },
    ];
  },

  run: removePod,
  tookEffect: podRemoved,
};
