// HorizontalPodAutoscaler action: raise the autoscaler's bound (spec.maxReplicas) by params.replicasDelta, never past
// params.maxReplicas, through autoscaling/v2. The step sets an absolute maxReplicas, so it is idempotent.
import type { V2HorizontalPodAutoscaler } from '@kubernetes/client-node';
import { BackendError } from '../../backend.ts';
import { renderPreview } from '../preview-diff.ts';
import { plainObject, type ActionFamily } from './family.ts';
import { boundedReplicas, namespacedTarget, numberArg, stringArg } from '../step-args.ts';
import { DRY_RUN_ALL, PatchStrategy, type KubeClients } from './kube-clients.ts';
import { kubeRequest } from './kube-errors.ts';

const label = (namespace: string, name: string) => `HorizontalPodAutoscaler ${namespace}/${name}`;

function readHpa(kube: KubeClients, namespace: string, name: string): Promise<V2HorizontalPodAutoscaler> {
  return kubeRequest(
    { verb: 'get', resource: 'horizontalpodautoscalers', group: 'autoscaling', object: label(namespace, name) },
    () => kube.autoscaling.readNamespacedHorizontalPodAutoscaler({ name, namespace }, kube.options())
  );
}

function patchMaxReplicas(
  kube: KubeClients,
  namespace: string,
  name: string,
  maxReplicas: number,
  dryRun: boolean
): Promise<V2HorizontalPodAutoscaler> {
  return kubeRequest(
    { verb: 'patch', resource: 'horizontalpodautoscalers', group: 'autoscaling', object: label(namespace, name) },
    () =>
      kube.autoscaling.patchNamespacedHorizontalPodAutoscaler(
        {
          name,
          namespace,
          body: { spec: { maxReplicas } },
          dryRun: dryRun ? DRY_RUN_ALL : undefined,
          fieldManager: kube.fieldManager,
        },
        kube.options(PatchStrategy.MergePatch)
      )
  );
}

export const hpaActions: ActionFamily = {
  actions: ['scale-hpa'],
  ops: ['scale-hpa-max'],

  async preview(kube, proposal, now) {
    const { namespace, name } = namespacedTarget(proposal, 'HorizontalPodAutoscaler');
    const ref = label(namespace, name);
    const before = await readHpa(kube, namespace, name);
    const current = before.spec?.maxReplicas ?? 0;
    const maxReplicas = boundedReplicas(proposal, `${ref} maxReplicas`, current);
    const after = await patchMaxReplicas(kube, namespace, name, maxReplicas, true);
    const target = before.spec?.scaleTargetRef;
    return renderPreview({
      summary:
        `Raises the ceiling of ${ref}${target ? ` (${target.kind} ${target.name})` : ''} from ${current} to ` +
        `${maxReplicas} replicas (at most ${proposal.params.maxReplicas}); the autoscaler decides when to use them`,
      changes: [
        {
          ref: `HorizontalPodAutoscaler/${namespace}/${name}`,
          change: 'patch',
          before: plainObject(before),
          after: plainObject(after),
        },
      ],
      source: 'kubernetes-dry-run',
      // The bound moves; no pod changes now. The replicas the autoscaler may add count against the blast radius.
      impact: { podsAffected: 0, replicasChanged: Math.abs(maxReplicas - current) },
      now,
    });
  },

  async plan(kube, proposal) {
    const { namespace, name } = namespacedTarget(proposal, 'HorizontalPodAutoscaler');
    const ref = label(namespace, name);
    const hpa = await readHpa(kube, namespace, name);
    const maxReplicas = boundedReplicas(proposal, `${ref} maxReplicas`, hpa.spec?.maxReplicas ?? 0);
    return [
      {
        name: `patch ${ref} maxReplicas=${maxReplicas}`,
        op: 'scale-hpa-max',
        args: { namespace, name, maxReplicas },
        idempotent: true,
      },
    ];
  },

  async run(kube, step) {
    if (step.op !== 'scale-hpa-max') {
      throw new BackendError(`the HorizontalPodAutoscaler actions do not run op ${step.op}`);
    }
    const namespace = stringArg(step, 'namespace');
    const name = stringArg(step, 'name');
    const maxReplicas = numberArg(step, 'maxReplicas');
    await patchMaxReplicas(kube, namespace, name, maxReplicas, false);
    return `${label(namespace, name)} maxReplicas set to ${maxReplicas}`;
  },

  // The step sets an absolute bound and is re-run on resume; nobody needs to ask.
  tookEffect: async () => 'unknown',
};
