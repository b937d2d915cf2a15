// Node actions: cordon (spec.unschedulable, idempotent) and drain the way `kubectl drain` does without --force:
// cordon, then evict every pod on the node through the Eviction API (PodDisruptionBudgets are honoured: a blocked
// eviction is a retryable 429), leaving DaemonSet pods (their controller would put them straight back) and mirror
// pods (the kubelet owns them) alone, and refusing pods no controller would recreate. Each eviction is its own
// non-idempotent step naming the pod's uid.
import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { BackendError, type StepSpec } from '../../backend.ts';
import type { RemediationProposal } from '../../types.ts';
import { renderPreview, type ObjectChange } from '../preview-diff.ts';
import { plainObject, type ActionFamily } from './family.ts';
import { nodeTarget, stringArg } from '../step-args.ts';
import { DRY_RUN_ALL, PatchStrategy, type KubeClients } from './kube-clients.ts';
import { kubeRequest } from './kube-errors.ts';
import { evictPod, podLabel, podRemoved, removePod } from './pod-actions.ts';

const MIRROR_POD = 'kubernetes.io/config.mirror';

function readNode(kube: KubeClients, name: string): Promise<V1Node> {
  return kubeRequest({ verb: 'get', resource: 'nodes', group: '', object: `Node ${name}` }, () =>
    kube.core.readNode({ name }, kube.options())
  );
}

function cordon(kube: KubeClients, name: string, dryRun: boolean): Promise<V1Node> {
  return kubeRequest({ verb: 'patch', resource: 'nodes', group: '', object: `Node ${name}` }, () =>
    kube.core.patchNode(
      {
        name,
        body: { spec: { unschedulable: true } },
        dryRun: dryRun ? DRY_RUN_ALL : undefined,
        fieldManager: kube.fieldManager,
      },
      kube.options(PatchStrategy.MergePatch)
    )
  );
}

interface DrainPlan {
  node: V1Node;
  evict: V1Pod[];
  /** DaemonSet and mirror pods, which stay. */
  staying: number;
  warnings: string[];
}

const isFinished = (pod: V1Pod) => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
const podName = (pod: V1Pod) => `${pod.metadata?.namespace}/${pod.metadata?.name}`;

/** The node and the pods a drain evicts; rejects what kubectl drain refuses and more pods than the proposal allows. */
async function planDrain(kube: KubeClients, proposal: RemediationProposal): Promise<DrainPlan> {
  const name = nodeTarget(proposal);
  const node = await readNode(kube, name);
  const list = await kubeRequest({ verb: 'list', resource: 'pods', group: '', object: `pods on node ${name}` }, () =>
    kube.core.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${name}` }, kube.options())
  );
  const evict: V1Pod[] = [];
  const unmanaged: string[] = [];
  const warnings: string[] = [];
  let staying = 0;
  for (const pod of list.items) {
    const owner = pod.metadata?.ownerReferences?.find((ref) => ref.controller);
    if (owner?.kind === 'DaemonSet' || pod.metadata?.annotations?.[MIRROR_POD] !== undefined) {
      staying++;
      continue;
    }
    if (!owner && !isFinished(pod)) {
      unmanaged.push(podName(pod));
    }
    if (pod.spec?.volumes?.some((volume) => volume.emptyDir)) {
      warnings.push(`Pod ${podName(pod)} keeps data in an emptyDir volume; evicting it loses that data`);
    }
    evict.push(pod);
  }
  if (unmanaged.length > 0) {
    throw new BackendError(
      `draining node ${name} would delete pods no controller recreates: ${unmanaged.join(', ')} ` +
        '(kubectl drain refuses them without --force); move or delete them by hand first'
    );
  }
  const limit = proposal.params.maxPodsEvicted;
  if (limit !== undefined && evict.length > limit) {
    throw new BackendError(
      `draining node ${name} would evict ${evict.length} pods, more than this proposal's limit of ${limit} (maxPodsEvicted)`
    );
  }
  return { node, evict, staying, warnings };
}

export const nodeActions: ActionFamily = {
  actions: ['cordon-node', 'drain-node'],
  ops: ['cordon-node', 'evict-pod'],

  async preview(kube, proposal, now) {
    const name = nodeTarget(proposal);
    const drain = proposal.action === 'drain-node' ? await planDrain(kube, proposal) : null;
    const node = drain?.node ?? (await readNode(kube, name));
    const cordoned = await cordon(kube, name, true);
    const warnings = [...(drain?.warnings ?? [])];
    if (node.spec?.unschedulable) {
      warnings.push(`Node ${name} is already cordoned`);
    }
    const changes: ObjectChange[] = [
      { ref: `Node/${name}`, change: 'patch', before: plainObject(node), after: plainObject(cordoned) },
    ];
    for (const pod of drain?.evict ?? []) {
      const namespace = pod.metadata?.namespace ?? '';
      const podName = pod.metadata?.name ?? '';
      try {
        await evictPod(kube, namespace, podName, pod.metadata?.uid ?? '', true);
      } catch (error) {
        if (!(error instanceof BackendError && error.statusCode === 429)) {
          throw error;
        }
        warnings.push(`${error.message}; the drain retries this eviction`);
      }
      changes.push({ ref: `Pod/${namespace}/${podName}`, change: 'evict', before: plainObject(pod), after: null });
    }
    const summary = drain
      ? `Cordons node ${name} and evicts its ${drain.evict.length} pods, each only while its ` +
        `PodDisruptionBudget allows; ${drain.staying} DaemonSet and mirror pods stay`
      : `Marks node ${name} unschedulable: new pods go elsewhere, its running pods stay`;
    return renderPreview({
      summary,
      changes,
      source: 'kubernetes-dry-run',
      impact: { podsAffected: drain?.evict.length ?? 0, replicasChanged: 0 },
      warnings,
      now,
    });
  },

  async plan(kube, proposal): Promise<StepSpec[]> {
    const name = nodeTarget(proposal);
    const cordonStep: StepSpec = {
      name: `cordon Node ${name}`,
      op: 'cordon-node',
      args: { node: name },
      idempotent: true,
    };
    if (proposal.action === 'cordon-node') {
      await readNode(kube, name);
      return [cordonStep];
    }
    const drain = await planDrain(kube, proposal);
    return [
      cordonStep,
      ...drain.evict.map((pod) => {
        const namespace = pod.metadata?.namespace ?? '';
        const podName = pod.metadata?.name ?? '';
        const uid = pod.metadata?.uid ?? '';
        return {
          name: `evict ${podLabel(namespace, podName)} uid=${uid} from node ${name}`,
          op: 'evict-pod',
          args: { namespace, name: podName, uid, node: name },
          idempotent: false,
        };
      }),
    ];
  },

  async run(kube, step) {
    if (step.op === 'evict-pod') {
      return removePod(kube, step);
    }
    if (step.op !== 'cordon-node') {
      throw new BackendError(`the node actions do not run op ${step.op}`);
    }
    const name = stringArg(step, 'node');
    await cordon(kube, name, false);
    return `Node ${name} cordoned (unschedulable)`;
  },

  // Only evictions are not idempotent; a cordon is re-run on resume.
  tookEffect: async (kube, step) => (step.op === 'evict-pod' ? podRemoved(kube, step) : 'unknown'),
};
