// What each workload and node action would change in the simulated cluster, for a person to read before approving:
// the objects before and after as Kubernetes would serve them (the after object is the before object with the
// step's patch applied, as a server-side dry-run would return it), a diff and the blast radius.
import type { SimulatedCluster } from '../../../sources/simulator/cluster.ts';
import type { DeploymentSpec } from '../../../sources/simulator/topology.ts';
import { BackendError } from '../../backend.ts';
import type { ActionPreview, RemediationProposal } from '../../types.ts';
import { renderPreview, type ObjectChange } from '../preview-diff.ts';
import {
  deploymentKey,
  deploymentObject,
  findHpa,
  hpaObject,
  imageOf,
  nodeObject,
  podObject,
  podsOf,
  RESTARTED_AT,
  REVISION,
} from './cluster-objects.ts';
import { boundedReplicas, rfc3339 } from '../step-args.ts';
import type { SimulatedTargets } from './simulated-targets.ts';

/** Kubernetes-shaped JSON, patched field by field for the "after" objects. */
type Obj = Record<string, any>;

const PACE = 'a few at a time (maxUnavailable 25%, maxSurge 25%)';

export function previewClusterAction(
  cluster: SimulatedCluster,
  targets: SimulatedTargets,
  proposal: RemediationProposal,
  now: number
): ActionPreview {
  const preview = (
    summary: string,
    changes: ObjectChange[],
    impact: ActionPreview['impact'],
    warnings: string[] = []
  ) => renderPreview({ summary, changes, source: 'simulator', impact, warnings, now });
  switch (proposal.action) {
    case 'rollout-restart': {
      const dep = targets.deployment(proposal);
      const before = deploymentObject(cluster, dep, now);
      const after: Obj = structuredClone(before);
      after.spec.template.metadata.annotations = {
        ...after.spec.template.metadata.annotations,
        [RESTARTED_AT]: rfc3339(now),
      };
      const pods = podsOf(cluster, dep, now).length;
      return preview(
        `Restarts the ${pods} pods of Deployment ${deploymentKey(dep)}, ${PACE}; in the simulated cluster each ` +
          'starts over with fresh memory',
        [deploymentChange(dep, before, after)],
        { podsAffected: pods, replicasChanged: 0 },
        pods === 0 ? [`Deployment ${deploymentKey(dep)} has no running pods: there is nothing to restart`] : []
      );
    }
    case 'scale': {
      const dep = targets.deployment(proposal);
      const current = cluster.desiredReplicas(dep, now);
      const replicas = boundedReplicas(proposal, `Deployment ${deploymentKey(dep)} replicas`, current);
      const before = deploymentObject(cluster, dep, now);
      const after: Obj = structuredClone(before);
      after.spec.replicas = replicas;
      const changed = Math.abs(replicas - current);
      const warnings = ['the simulator changes the desired replica count only: it starts and stops no pods'];
      const hpa = findHpa(cluster, dep.namespace, dep.name);
      if (hpa) {
        warnings.unshift(
          `HorizontalPodAutoscaler ${deploymentKey(dep)} manages these replicas and overrides a manual scale at its next step`
        );
      }
      return preview(
        `Scales Deployment ${deploymentKey(dep)} from ${current} to ${replicas} replicas (at most ${proposal.params.maxReplicas})`,
        [deploymentChange(dep, before, after)],
        { podsAffected: replicas < current ? changed : 0, replicasChanged: changed },
        warnings
      );
    }
    case 'rollback': {
      const dep = targets.deployment(proposal);
      const from = targets.previousRevision(dep, now);
      const before = deploymentObject(cluster, dep, now);
      const after: Obj = structuredClone(before);
      after.metadata.annotations[REVISION] = String(Number(after.metadata.annotations[REVISION]) + 1);
      after.spec.template.spec.containers[0].image = imageOf(dep, from.to);
      const pods = podsOf(cluster, dep, now).length;
      return preview(
        `Rolls Deployment ${deploymentKey(dep)} back to the previous release ` +
          `(${dep.container}: ${imageOf(dep, from.current)} → ${imageOf(dep, from.to)}), replacing its ${pods} pods`,
        [deploymentChange(dep, before, after)],
        { podsAffected: pods, replicasChanged: 0 }
      );
    }
    case 'scale-hpa': {
      const hpa = targets.hpa(proposal);
      const ref = `HorizontalPodAutoscaler ${deploymentKey(hpa.deployment)}`;
      const current = cluster.hpaMaxReplicas(hpa, now);
      const maxReplicas = boundedReplicas(proposal, `${ref} maxReplicas`, current);
      const before = hpaObject(cluster, hpa, now);
      const after: Obj = structuredClone(before);
      after.spec.maxReplicas = maxReplicas;
      return preview(
        `Raises the ceiling of ${ref} (Deployment ${hpa.deployment.name}) from ${current} to ${maxReplicas} replicas ` +
          `(at most ${proposal.params.maxReplicas}); the autoscaler decides when to use them`,
        [{ ref: `HorizontalPodAutoscaler/${deploymentKey(hpa.deployment)}`, change: 'patch', before, after }],
        { podsAffected: 0, replicasChanged: Math.abs(maxReplicas - current) },
        ['the simulated autoscaler follows its scripted steps: a higher maximum adds no pods by itself']
      );
    }
    case 'delete-pod': {
      const pod = targets.pod(proposal, now);
      const ref = `${pod.deployment.namespace}/${pod.name}`;
      return preview(
        `Deletes Pod ${ref}; its ReplicaSet ${pod.replicaSet} creates a replacement (in the simulator the pod keeps ` +
          'its name and starts over with fresh memory)',
        [{ ref: `Pod/${ref}`, change: 'delete', before: podObject(cluster, pod, now), after: null }],
        { podsAffected: 1, replicasChanged: 0 }
      );
    }
    case 'cordon-node':
    case 'drain-node': {
      const node = targets.node(proposal, now);
      const before = nodeObject(cluster, node, now);
      const after = cordoned(before, now);
      const changes: ObjectChange[] = [{ ref: `Node/${node.name}`, change: 'patch', before, after }];
      const warnings = (before as Obj).spec.unschedulable ? [`Node ${node.name} is already cordoned`] : [];
      if (proposal.action === 'cordon-node') {
        return preview(
          `Marks node ${node.name} unschedulable: new pods go elsewhere, its running pods stay`,
          changes,
          { podsAffected: 0, replicasChanged: 0 },
          warnings
        );
      }
      const evict = targets.drainPods(proposal, node, now);
      for (const pod of evict) {
        const ref = `${pod.deployment.namespace}/${pod.name}`;
        changes.push({ ref: `Pod/${ref}`, change: 'evict', before: podObject(cluster, pod, now), after: null });
      }
      return preview(
        `Cordons node ${node.name} and evicts its ${evict.length} pods, each only while its PodDisruptionBudget ` +
          'allows; their ReplicaSets recreate them (in the simulator they keep their names and start over)',
        changes,
        { podsAffected: evict.length, replicasChanged: 0 },
        warnings
      );
    }
    default:
      throw new BackendError(`the simulated cluster backend does not carry out ${proposal.action}`);
  }
}

function deploymentChange(dep: DeploymentSpec, before: object, after: object): ObjectChange {
  return { ref: `Deployment/${deploymentKey(dep)}`, change: 'patch', before, after };
}

/** The node as `kubectl cordon` leaves it. */
function cordoned(node: Obj, now: number): Obj {
  if (node.spec.unschedulable) {
    return node;
  }
  const after = structuredClone(node);
  after.spec.unschedulable = true;
  after.spec.taints = [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: rfc3339(now) }];
  return after;
}
