// The remediation backend of demo mode for workloads and nodes: the same actions, steps and arguments as the
// Kubernetes backend (rollout restart, scale, rollback, HPA maximum, pod deletion, cordon, drain), carried out on
// the simulated cluster by recording interventions (sources/simulator/interventions.ts) at the clock's time. The
// effects are real for everything that reads the cluster: restarting shop/checkout resets its pods' memory, so the
// forecast crossing moves hours away and the predicted-OOM alerts resolve. Previews show the simulated objects
// before and after as Kubernetes would serve them.
import type { SimulatedCluster } from '../../../sources/simulator/cluster.ts';
import type { Intervention } from '../../../sources/simulator/interventions.ts';
import type { DeploymentSpec, SimHpa, SimNode, SimPod } from '../../../sources/simulator/topology.ts';
import { BackendError, type RemediationBackend, type StepSpec } from '../../backend.ts';
import type { ActionPreview, RemediationAction, RemediationProposal } from '../../types.ts';
import { renderPreview, type ObjectChange } from '../preview-diff.ts';
import {
  currentRevision,
  deploymentKey,
  deploymentObject,
  findDeployment,
  findHpa,
  findNode,
  findPod,
  hpaObject,
  imageOf,
  isRunning,
  nodeObject,
  podObject,
  podsOf,
  podsOnNode,
  RESTARTED_AT,
  REVISION,
  rfc3339,
} from './cluster-objects.ts';
import { boundedReplicas, namespacedTarget, nodeTarget, numberArg, stringArg, timeArg } from './step-args.ts';

export interface SimulatedClusterBackendOptions {
  cluster: SimulatedCluster;
  /** The simulated clock: interventions are recorded at its time. */
  clock?: () => number;
}

/** Kubernetes-shaped JSON, patched field by field for the "after" objects. */
type Obj = Record<string, any>;

const PACE = 'a few at a time (maxUnavailable 25%, maxSurge 25%)';

export class SimulatedClusterBackend implements RemediationBackend {
  readonly actions: readonly RemediationAction[] = [
    'rollout-restart',
    'scale',
    'rollback',
    'scale-hpa',
    'delete-pod',
    'cordon-node',
    'drain-node',
  ];
  /** The step ops it plans and runs (the Kubernetes backend's names). */
  readonly ops: readonly string[] = [
    'restart-deployment',
    'scale-deployment',
    'rollback-deployment',
    'scale-hpa-max',
    'delete-pod',
    'cordon-node',
    'evict-pod',
  ];
  readonly previewSource = 'simulator' as const;
  readonly #cluster: SimulatedCluster;
  readonly #clock: () => number;

  constructor(options: SimulatedClusterBackendOptions) {
    this.#cluster = options.cluster;
    this.#clock = options.clock ?? Date.now;
  }

  async preview(proposal: RemediationProposal, now: number): Promise<ActionPreview> {
    const c = this.#cluster;
    const preview = (
      summary: string,
      changes: ObjectChange[],
      impact: ActionPreview['impact'],
      warnings: string[] = []
    ) => renderPreview({ summary, changes, source: 'simulator', impact, warnings, now });
    switch (proposal.action) {
      case 'rollout-restart': {
        const dep = this.#deployment(proposal);
        const before = deploymentObject(c, dep, now);
        const after: Obj = structuredClone(before);
        after.spec.template.metadata.annotations = {
          ...after.spec.template.metadata.annotations,
          [RESTARTED_AT]: rfc3339(now),
        };
        const pods = podsOf(c, dep, now).length;
        return preview(
          `Restarts the ${pods} pods of Deployment ${deploymentKey(dep)}, ${PACE}; in the simulated cluster each ` +
            'starts over with fresh memory',
          [deploymentChange(dep, before, after)],
          { podsAffected: pods, replicasChanged: 0 },
          pods === 0 ? [`Deployment ${deploymentKey(dep)} has no running pods: there is nothing to restart`] : []
        );
      }
      case 'scale': {
        const dep = this.#deployment(proposal);
        const current = c.desiredReplicas(dep, now);
        const replicas = boundedReplicas(proposal, `Deployment ${deploymentKey(dep)} replicas`, current);
        const before = deploymentObject(c, dep, now);
        const after: Obj = structuredClone(before);
        after.spec.replicas = replicas;
        const changed = Math.abs(replicas - current);
        const warnings = ['the simulator changes the desired replica count only: it starts and stops no pods'];
        const hpa = findHpa(c, dep.namespace, dep.name);
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
        const dep = this.#deployment(proposal);
        const from = this.#previousRevision(dep, now);
        const before = deploymentObject(c, dep, now);
        const after: Obj = structuredClone(before);
        after.metadata.annotations[REVISION] = String(Number(after.metadata.annotations[REVISION]) + 1);
        after.spec.template.spec.containers[0].image = imageOf(dep, from.to);
        const pods = podsOf(c, dep, now).length;
        return preview(
          `Rolls Deployment ${deploymentKey(dep)} back to the previous release ` +
            `(${dep.container}: ${imageOf(dep, from.current)} → ${imageOf(dep, from.to)}), replacing its ${pods} pods`,
          [deploymentChange(dep, before, after)],
          { podsAffected: pods, replicasChanged: 0 }
        );
      }
      case 'scale-hpa': {
        const hpa = this.#hpa(proposal);
        const ref = `HorizontalPodAutoscaler ${deploymentKey(hpa.deployment)}`;
        const current = c.hpaMaxReplicas(hpa, now);
        const maxReplicas = boundedReplicas(proposal, `${ref} maxReplicas`, current);
        const before = hpaObject(c, hpa, now);
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
        const pod = this.#pod(proposal, now);
        const ref = `${pod.deployment.namespace}/${pod.name}`;
        return preview(
          `Deletes Pod ${ref}; its ReplicaSet ${pod.replicaSet} creates a replacement (in the simulator the pod keeps ` +
            'its name and starts over with fresh memory)',
          [{ ref: `Pod/${ref}`, change: 'delete', before: podObject(c, pod, now), after: null }],
          { podsAffected: 1, replicasChanged: 0 }
        );
      }
      case 'cordon-node':
      case 'drain-node': {
        const node = this.#node(proposal, now);
        const before = nodeObject(c, node, now);
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
        const evict = this.#drainPods(proposal, node, now);
        for (const pod of evict) {
          const ref = `${pod.deployment.namespace}/${pod.name}`;
          changes.push({ ref: `Pod/${ref}`, change: 'evict', before: podObject(c, pod, now), after: null });
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

  async plan(proposal: RemediationProposal, now: number): Promise<StepSpec[]> {
    const c = this.#cluster;
    switch (proposal.action) {
      case 'rollout-restart': {
        const dep = this.#deployment(proposal);
        const restartedAt = rfc3339(now);
        return [
          {
            name: `patch Deployment ${deploymentKey(dep)} restartedAt=${restartedAt}`,
            op: 'restart-deployment',
            args: { namespace: dep.namespace, name: dep.name, restartedAt },
            idempotent: true,
          },
        ];
      }
      case 'scale': {
        const dep = this.#deployment(proposal);
        const ref = `Deployment ${deploymentKey(dep)}`;
        const replicas = boundedReplicas(proposal, `${ref} replicas`, c.desiredReplicas(dep, now));
        return [
          {
            name: `patch ${ref} replicas=${replicas}`,
            op: 'scale-deployment',
            args: { namespace: dep.namespace, name: dep.name, replicas },
            idempotent: true,
          },
        ];
      }
      case 'rollback': {
        const dep = this.#deployment(proposal);
        const { to } = this.#previousRevision(dep, now);
        return [
          {
            name: `patch Deployment ${deploymentKey(dep)} template=previous release (image ${imageOf(dep, to)})`,
            op: 'rollback-deployment',
            // The simulator's release index (the image tag r<index>): the template a rollback restores.
            args: { namespace: dep.namespace, name: dep.name, release: to, image: imageOf(dep, to) },
            idempotent: true,
          },
        ];
      }
      case 'scale-hpa': {
        const hpa = this.#hpa(proposal);
        const ref = `HorizontalPodAutoscaler ${deploymentKey(hpa.deployment)}`;
        const maxReplicas = boundedReplicas(proposal, `${ref} maxReplicas`, c.hpaMaxReplicas(hpa, now));
        return [
          {
            name: `patch ${ref} maxReplicas=${maxReplicas}`,
            op: 'scale-hpa-max',
            args: { namespace: hpa.deployment.namespace, name: hpa.deployment.name, maxReplicas },
            idempotent: true,
          },
        ];
      }
      case 'delete-pod': {
        const pod = this.#pod(proposal, now);
        return [removeStep('delete-pod', pod, now)];
      }
      case 'cordon-node':
      case 'drain-node': {
        const node = this.#node(proposal, now);
        const cordon: StepSpec = {
          name: `cordon Node ${node.name}`,
          op: 'cordon-node',
          args: { node: node.name },
          idempotent: true,
        };
        if (proposal.action === 'cordon-node') {
          return [cordon];
        }
        return [cordon, ...this.#drainPods(proposal, node, now).map((pod) => removeStep('evict-pod', pod, now))];
      }
      default:
        throw new BackendError(`the simulated cluster backend does not carry out ${proposal.action}`);
    }
  }

  async run(step: StepSpec): Promise<string> {
    const c = this.#cluster;
    const now = this.#clock();
    switch (step.op) {
      case 'restart-deployment': {
        const dep = this.#deploymentOf(step);
        const restartedAt = stringArg(step, 'restartedAt');
        const ref = `Deployment ${deploymentKey(dep)}`;
        if (this.#restarted(dep, restartedAt)) {
          return `${ref} already has restartedAt=${restartedAt}: nothing to do`;
        }
        this.#record({ type: 'restart', deployment: deploymentKey(dep), atMs: now, restartedAt });
        return `${ref} restartedAt=${restartedAt}: its ${podsOf(c, dep, now).length} pods start over with fresh memory`;
      }
      case 'scale-deployment': {
        const dep = this.#deploymentOf(step);
        const replicas = numberArg(step, 'replicas');
        const previous = c.desiredReplicas(dep, now);
        if (previous !== replicas) {
          this.#record({ type: 'scale', deployment: deploymentKey(dep), atMs: now, replicas });
        }
        return `Deployment ${deploymentKey(dep)} replicas ${previous} → ${replicas}`;
      }
      case 'rollback-deployment': {
        const dep = this.#deploymentOf(step);
        const release = numberArg(step, 'release');
        const ref = `Deployment ${deploymentKey(dep)}`;
        if (currentRevision(c, dep, now) === release) {
          return `${ref} already runs ${imageOf(dep, release)}: nothing to do`;
        }
        this.#record({ type: 'rollback', deployment: deploymentKey(dep), atMs: now, toRevision: release });
        return `${ref} pod template set to the previous release (${imageOf(dep, release)}); its pods are replaced`;
      }
      case 'scale-hpa-max': {
        const hpa = this.#hpaOf(step);
        const maxReplicas = numberArg(step, 'maxReplicas');
        const previous = c.hpaMaxReplicas(hpa, now);
        if (previous !== maxReplicas) {
          this.#record({ type: 'scale-hpa', hpa: deploymentKey(hpa.deployment), atMs: now, maxReplicas });
        }
        return `HorizontalPodAutoscaler ${deploymentKey(hpa.deployment)} maxReplicas ${previous} → ${maxReplicas}`;
      }
      case 'delete-pod':
      case 'evict-pod': {
        const { pod, uid } = this.#podOf(step);
        const ref = `Pod ${pod.deployment.namespace}/${pod.name}`;
        if (pod.uid !== uid) {
          return `${ref} (uid ${uid}) already gone: another pod has the name now`;
        }
        if (!isRunning(pod, now)) {
          return `${ref} already gone`;
        }
        const reason = step.op === 'evict-pod' ? 'evict' : 'delete';
        this.#record({ type: 'delete-pod', pod: `${pod.deployment.namespace}/${pod.name}`, uid, atMs: now, reason });
        return `${ref} ${reason === 'evict' ? 'evicted' : 'deleted'}; its ReplicaSet ${pod.replicaSet} replaces it`;
      }
      case 'cordon-node': {
        const node = this.#nodeOf(step);
        if (c.interventions.latest('cordon', node.name, now)) {
          return `Node ${node.name} is already cordoned`;
        }
        this.#record({ type: 'cordon', node: node.name, atMs: now });
        return `Node ${node.name} cordoned (unschedulable)`;
      }
      default:
        throw new BackendError(`the simulated cluster backend does not run op ${step.op} (step "${step.name}")`);
    }
  }

  /** Answered from the intervention log (and the cluster's state for the idempotent steps). */
  async tookEffect(step: StepSpec): Promise<boolean | 'unknown'> {
    const c = this.#cluster;
    const now = this.#clock();
    switch (step.op) {
      case 'restart-deployment':
        return this.#restarted(this.#deploymentOf(step), stringArg(step, 'restartedAt'));
      case 'scale-deployment':
        return c.desiredReplicas(this.#deploymentOf(step), now) === numberArg(step, 'replicas');
      case 'rollback-deployment':
        return currentRevision(c, this.#deploymentOf(step), now) === numberArg(step, 'release');
      case 'scale-hpa-max':
        return c.hpaMaxReplicas(this.#hpaOf(step), now) === numberArg(step, 'maxReplicas');
      case 'delete-pod':
      case 'evict-pod': {
        const { pod, uid } = this.#podOf(step);
        const plannedAt = timeArg(step, 'plannedAt');
        const key = `${pod.deployment.namespace}/${pod.name}`;
        const removed = c.interventions
          .list()
          .some((i) => i.type === 'delete-pod' && i.pod === key && i.uid === uid && i.atMs >= plannedAt);
        return removed || pod.uid !== uid || !isRunning(pod, now);
      }
      case 'cordon-node':
        return c.interventions.latest('cordon', this.#nodeOf(step).name, now) !== null;
      default:
        throw new BackendError(`the simulated cluster backend does not run op ${step.op} (step "${step.name}")`);
    }
  }

  #record(intervention: Intervention): void {
    try {
      this.#cluster.interventions.record(intervention);
    } catch (error) {
      throw new BackendError((error as Error).message, { cause: error });
    }
  }

  #restarted(dep: DeploymentSpec, restartedAt: string): boolean {
    const key = deploymentKey(dep);
    return this.#cluster.interventions
      .list()
      .some((i) => i.type === 'restart' && i.deployment === key && i.restartedAt === restartedAt);
  }

  /** The revision a rollback goes back to: the one before the current; revision 0 has none. */
  #previousRevision(dep: DeploymentSpec, now: number): { current: number; to: number } {
    const current = currentRevision(this.#cluster, dep, now);
    if (current === 0) {
      throw new BackendError(
        `Deployment ${deploymentKey(dep)} has no previous revision to roll back to (1 revision in its ReplicaSets)`
      );
    }
    return { current, to: current - 1 };
  }

  #drainPods(proposal: RemediationProposal, node: SimNode, now: number): SimPod[] {
    const evict = podsOnNode(this.#cluster, node, now);
    const limit = proposal.params.maxPodsEvicted;
    if (limit !== undefined && evict.length > limit) {
      throw new BackendError(
        `draining node ${node.name} would evict ${evict.length} pods, more than this proposal's limit of ${limit} (maxPodsEvicted)`
      );
    }
    return evict;
  }

  #deployment(proposal: RemediationProposal): DeploymentSpec {
    const { namespace, name } = namespacedTarget(proposal, ['Deployment']);
    return this.#deploymentNamed(namespace, name);
  }

  #deploymentOf(step: StepSpec): DeploymentSpec {
    return this.#deploymentNamed(stringArg(step, 'namespace'), stringArg(step, 'name'));
  }

  #deploymentNamed(namespace: string, name: string): DeploymentSpec {
    const dep = findDeployment(this.#cluster, namespace, name);
    if (!dep) {
      throw new BackendError(`the simulated cluster has no Deployment ${namespace}/${name}`, { statusCode: 404 });
    }
    return dep;
  }

  #hpa(proposal: RemediationProposal): SimHpa {
    const { namespace, name } = namespacedTarget(proposal, ['HorizontalPodAutoscaler']);
    return this.#hpaNamed(namespace, name);
  }

  #hpaOf(step: StepSpec): SimHpa {
    return this.#hpaNamed(stringArg(step, 'namespace'), stringArg(step, 'name'));
  }

  #hpaNamed(namespace: string, name: string): SimHpa {
    const hpa = findHpa(this.#cluster, namespace, name);
    if (!hpa) {
      throw new BackendError(`the simulated cluster has no HorizontalPodAutoscaler ${namespace}/${name}`, {
        statusCode: 404,
      });
    }
    return hpa;
  }

  #pod(proposal: RemediationProposal, now: number): SimPod {
    const { namespace, name } = namespacedTarget(proposal, ['Pod']);
    const pod = this.#podNamed(namespace, name);
    if (!isRunning(pod, now)) {
      throw new BackendError(`Pod ${namespace}/${name} is not running in the simulated cluster at ${rfc3339(now)}`, {
        statusCode: 404,
      });
    }
    return pod;
  }

  #podOf(step: StepSpec): { pod: SimPod; uid: string } {
    return { pod: this.#podNamed(stringArg(step, 'namespace'), stringArg(step, 'name')), uid: stringArg(step, 'uid') };
  }

  #podNamed(namespace: string, name: string): SimPod {
    const pod = findPod(this.#cluster, namespace, name);
    if (!pod) {
      throw new BackendError(`the simulated cluster has no Pod ${namespace}/${name}`, { statusCode: 404 });
    }
    return pod;
  }

  #node(proposal: RemediationProposal, now: number): SimNode {
    const name = nodeTarget(proposal);
    const node = findNode(this.#cluster, name);
    if (!node || now < node.readyMs || now > node.terminatedMs) {
      throw new BackendError(`the simulated cluster has no Node ${name}${node ? ` at ${rfc3339(now)}` : ''}`, {
        statusCode: 404,
      });
    }
    return node;
  }

  #nodeOf(step: StepSpec): SimNode {
    const name = stringArg(step, 'node');
    const node = findNode(this.#cluster, name);
    if (!node) {
      throw new BackendError(`the simulated cluster has no Node ${name}`, { statusCode: 404 });
    }
    return node;
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

/**
 * Deleting or evicting a pod is not idempotent. The simulated pod keeps its uid after it is replaced, so the step
 * carries when it was planned: a removal recorded since then is this step's.
 */
function removeStep(op: 'delete-pod' | 'evict-pod', pod: SimPod, now: number): StepSpec {
  const namespace = pod.deployment.namespace;
  const verb = op === 'evict-pod' ? 'evict' : 'delete';
  return {
    name: `${verb} Pod ${namespace}/${pod.name} uid=${pod.uid}${op === 'evict-pod' ? ` from node ${pod.node.name}` : ''}`,
    op,
    args: {
      namespace,
      name: pod.name,
      uid: pod.uid,
      plannedAt: new Date(now).toISOString(),
      ...(op === 'evict-pod' ? { node: pod.node.name } : {}),
    },
    idempotent: false,
  };
}
