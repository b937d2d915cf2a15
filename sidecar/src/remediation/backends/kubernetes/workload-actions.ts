// Deployment actions: rollout restart (the restartedAt annotation `kubectl rollout restart` sets), scale to an
// absolute replica count within the policy's maximum, and roll back to the previous revision the way
// `kubectl rollout undo` does (the previous ReplicaSet's pod template, without its pod-template-hash label, replaces
// the Deployment's). Every step patches to an absolute value, so each is idempotent.
import type { V1Deployment, V1PodTemplateSpec } from '@kubernetes/client-node';
import { BackendError, type StepSpec } from '../../backend.ts';
import type { RemediationProposal } from '../../types.ts';
import { renderPreview } from '../preview-diff.ts';
import { plainObject, type ActionFamily } from './family.ts';
import { boundedReplicas, namespacedTarget, numberArg, rfc3339, stringArg } from '../step-args.ts';
import { canonicalJson } from '../../audit-chain.ts';
import { DRY_RUN_ALL, PatchStrategy, type KubeClients } from './kube-clients.ts';
import { kubeRequest } from './kube-errors.ts';

const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';
const REVISION = 'deployment.kubernetes.io/revision';
const POD_TEMPLATE_HASH = 'pod-template-hash';

type DeploymentPatch = { strategy: PatchStrategy; body: object };

const label = (namespace: string, name: string) => `Deployment ${namespace}/${name}`;

function readDeployment(kube: KubeClients, namespace: string, name: string): Promise<V1Deployment> {
  return kubeRequest({ verb: 'get', resource: 'deployments', group: 'apps', object: label(namespace, name) }, () =>
    kube.apps.readNamespacedDeployment({ name, namespace }, kube.options())
  );
}

function patchDeployment(
  kube: KubeClients,
  namespace: string,
  name: string,
  patch: DeploymentPatch,
  dryRun: boolean
): Promise<V1Deployment> {
  return kubeRequest({ verb: 'patch', resource: 'deployments', group: 'apps', object: label(namespace, name) }, () =>
    kube.apps.patchNamespacedDeployment(
      {
        name,
        namespace,
        body: patch.body,
        dryRun: dryRun ? DRY_RUN_ALL : undefined,
        fieldManager: kube.fieldManager,
      },
      kube.options(patch.strategy)
    )
  );
}

const restartPatch = (restartedAt: string): DeploymentPatch => ({
  strategy: PatchStrategy.StrategicMergePatch,
  body: { spec: { template: { metadata: { annotations: { [RESTARTED_AT]: restartedAt } } } } },
});

const scalePatch = (replicas: number): DeploymentPatch => ({
  strategy: PatchStrategy.MergePatch,
  body: { spec: { replicas } },
});

/** JSON patch, as kubectl rollout undo sends it: the whole template is replaced, nothing merged into it. */
const rollbackPatch = (template: object): DeploymentPatch => ({
  strategy: PatchStrategy.JsonPatch,
  body: [{ op: 'replace', path: '/spec/template', value: template }],
});

interface RollbackPlan {
  deployment: V1Deployment;
  fromRevision: number;
  toRevision: number;
  template: Record<string, unknown>;
}

/** The Deployment's previous revision: its ReplicaSets (controller owner reference), the second-highest revision. */
async function findRollback(kube: KubeClients, namespace: string, name: string): Promise<RollbackPlan> {
  const deployment = await readDeployment(kube, namespace, name);
  const uid = deployment.metadata?.uid;
  const labelSelector = Object.entries(deployment.spec?.selector?.matchLabels ?? {})
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
  const list = await kubeRequest(
    { verb: 'list', resource: 'replicasets', group: 'apps', object: `ReplicaSets of ${label(namespace, name)}` },
    () => kube.apps.listNamespacedReplicaSet({ namespace, labelSelector: labelSelector || undefined }, kube.options())
  );
  const revisions = list.items
    .filter((rs) => rs.metadata?.ownerReferences?.some((owner) => owner.controller && owner.uid === uid))
    .map((rs) => ({ rs, revision: Number(rs.metadata?.annotations?.[REVISION]) }))
    .filter(({ revision }) => Number.isInteger(revision) && revision > 0)
    .sort((a, b) => b.revision - a.revision);
  if (revisions.length < 2) {
    throw new BackendError(
      `${label(namespace, name)} has no previous revision to roll back to ` +
        `(${revisions.length} revision${revisions.length === 1 ? '' : 's'} in its ReplicaSets)`
    );
  }
  const [current, previous] = revisions;
  const template = plainObject(previous.rs.spec?.template) as { metadata?: { labels?: Record<string, string> } };
  delete template.metadata?.labels?.[POD_TEMPLATE_HASH];
  if (canonicalJson(template) === canonicalJson(plainObject(deployment.spec?.template))) {
    throw new BackendError(`${label(namespace, name)} already runs the pod template of revision ${previous.revision}`);
  }
  return { deployment, fromRevision: current.revision, toRevision: previous.revision, template };
}

/** "checkout: shop/checkout:1.4.1 → shop/checkout:1.4.0" for every container whose image differs. */
function imageChanges(from: V1PodTemplateSpec | undefined, to: { spec?: V1PodTemplateSpec['spec'] }): string[] {
  const before = new Map((from?.spec?.containers ?? []).map((c) => [c.name, c.image ?? '']));
  return (to.spec?.containers ?? [])
    .filter((c) => before.get(c.name) !== (c.image ?? ''))
    .map((c) => `${c.name}: ${before.get(c.name) ?? '(none)'} → ${c.image ?? '(none)'}`);
}

function rolloutPace(deployment: V1Deployment): string {
  const strategy = deployment.spec?.strategy;
  if (strategy?.type === 'Recreate') {
    return 'all at once (Recreate strategy)';
  }
  const rolling = strategy?.rollingUpdate;
  return `a few at a time (maxUnavailable ${rolling?.maxUnavailable ?? '25%'}, maxSurge ${rolling?.maxSurge ?? '25%'})`;
}

async function previewPatch(
  kube: KubeClients,
  proposal: RemediationProposal,
  now: number,
  build: (deployment: V1Deployment) => Promise<{
    patch: DeploymentPatch;
    summary: string;
    impact: { podsAffected: number; replicasChanged: number };
    warnings?: string[];
  }>
) {
  const { namespace, name } = namespacedTarget(proposal, 'Deployment');
  const before = await readDeployment(kube, namespace, name);
  const planned = await build(before);
  const after = await patchDeployment(kube, namespace, name, planned.patch, true);
  return renderPreview({
    summary: planned.summary,
    changes: [
      {
        ref: `Deployment/${namespace}/${name}`,
        change: 'patch',
        before: plainObject(before),
        after: plainObject(after),
      },
    ],
    source: 'kubernetes-dry-run',
    impact: planned.impact,
    warnings: planned.warnings,
    now,
  });
}

export const workloadActions: ActionFamily = {
  actions: ['rollout-restart', 'scale', 'rollback'],
  ops: ['restart-deployment', 'scale-deployment', 'rollback-deployment'],

  async preview(kube, proposal, now) {
    const { namespace, name } = namespacedTarget(proposal, 'Deployment');
    const ref = label(namespace, name);
    switch (proposal.action) {
      case 'rollout-restart':
        return previewPatch(kube, proposal, now, async (deployment) => {
          const replicas = deployment.spec?.replicas ?? 1;
          const warnings: string[] = [];
          if (deployment.spec?.paused) {
            warnings.push(`${ref} is paused: the restart waits until the rollout is resumed`);
          }
          if (replicas === 0) {
            warnings.push(`${ref} has 0 replicas: there are no pods to restart`);
          }
          return {
            patch: restartPatch(rfc3339(now)),
            summary: `Restarts the ${replicas} pods of ${ref}, ${rolloutPace(deployment)}`,
            impact: { podsAffected: replicas, replicasChanged: 0 },
            warnings,
          };
        });
      case 'scale':
        return previewPatch(kube, proposal, now, async (deployment) => {
          const current = deployment.spec?.replicas ?? 1;
          const replicas = boundedReplicas(proposal, `${ref} replicas`, current);
          const changed = Math.abs(replicas - current);
          return {
            patch: scalePatch(replicas),
            summary: `Scales ${ref} from ${current} to ${replicas} replicas (at most ${proposal.params.maxReplicas})`,
            impact: { podsAffected: replicas < current ? changed : 0, replicasChanged: changed },
          };
        });
      case 'rollback':
        return previewPatch(kube, proposal, now, async () => {
          const rollback = await findRollback(kube, namespace, name);
          const replicas = rollback.deployment.spec?.replicas ?? 1;
          const images = imageChanges(rollback.deployment.spec?.template, rollback.template);
          return {
            patch: rollbackPatch(rollback.template),
            summary:
              `Rolls ${ref} back from revision ${rollback.fromRevision} to revision ${rollback.toRevision}` +
              `${images.length ? ` (${images.join('; ')})` : ''}, replacing its ${replicas} pods`,
            impact: { podsAffected: replicas, replicasChanged: 0 },
          };
        });
      default:
        throw new BackendError(`the workload actions do not include ${proposal.action}`);
    }
  },

  async plan(kube, proposal, now): Promise<StepSpec[]> {
    const { namespace, name } = namespacedTarget(proposal, 'Deployment');
    const ref = label(namespace, name);
    switch (proposal.action) {
      case 'rollout-restart': {
        await readDeployment(kube, namespace, name);
        const restartedAt = rfc3339(now);
        return [
          {
            name: `patch ${ref} restartedAt=${restartedAt}`,
            op: 'restart-deployment',
            args: { namespace, name, restartedAt },
            idempotent: true,
          },
        ];
      }
      case 'scale': {
        const deployment = await readDeployment(kube, namespace, name);
        const replicas = boundedReplicas(proposal, `${ref} replicas`, deployment.spec?.replicas ?? 1);
        return [
          {
            name: `patch ${ref} replicas=${replicas}`,
            op: 'scale-deployment',
            args: { namespace, name, replicas },
            idempotent: true,
          },
        ];
      }
      case 'rollback': {
        const rollback = await findRollback(kube, namespace, name);
        return [
          {
            name: `patch ${ref} template=revision ${rollback.toRevision}`,
            op: 'rollback-deployment',
            args: { namespace, name, toRevision: rollback.toRevision, template: JSON.stringify(rollback.template) },
            idempotent: true,
          },
        ];
      }
      default:
        throw new BackendError(`the workload actions do not include ${proposal.action}`);
    }
  },

  async run(kube, step) {
    const namespace = stringArg(step, 'namespace');
    const name = stringArg(step, 'name');
    const ref = label(namespace, name);
    switch (step.op) {
      case 'restart-deployment': {
        const restartedAt = stringArg(step, 'restartedAt');
        await patchDeployment(kube, namespace, name, restartPatch(restartedAt), false);
        return `${ref} restartedAt=${restartedAt}: the rollout replaces its pods`;
      }
      case 'scale-deployment': {
        const replicas = numberArg(step, 'replicas');
        await patchDeployment(kube, namespace, name, scalePatch(replicas), false);
        return `${ref} replicas set to ${replicas}`;
      }
      case 'rollback-deployment': {
        const template = JSON.parse(stringArg(step, 'template')) as object;
        await patchDeployment(kube, namespace, name, rollbackPatch(template), false);
        return `${ref} pod template set to revision ${numberArg(step, 'toRevision')}`;
      }
      default:
        throw new BackendError(`the workload actions do not run op ${step.op}`);
    }
  },

  // Every workload step patches to an absolute value and is re-run on resume; nobody needs to ask.
  tookEffect: async () => 'unknown',
};
