// The remediation backend of demo mode for workloads and nodes: the same actions, steps and arguments as the
// Kubernetes backend (rollout restart, scale, rollback, HPA maximum, pod deletion, cordon, drain), carried out on
// the simulated cluster by recording interventions (sources/simulator/interventions.ts) at the clock's time. The
// effects are real for everything that reads the cluster: restarting shop/checkout resets its pods' memory, so the
// forecast crossing moves hours away and the predicted-OOM alerts resolve. Previews show the simulated objects
// before and after as Kubernetes would serve them.
import type { SimulatedCluster } from '../../../sources/simulator/cluster.ts';
import type { Intervention } from '../../../sources/simulator/interventions.ts';
import type { DeploymentSpec, SimPod } from '../../../sources/simulator/topology.ts';
import { BackendError, type RemediationBackend, type StepSpec } from '../../backend.ts';
import type { ActionPreview, RemediationAction, RemediationProposal } from '../../types.ts';
import { previewClusterAction } from './cluster-previews.ts';
import { currentRevision, deploymentKey, imageOf, isRunning, podsOf } from './cluster-objects.ts';
import { boundedReplicas, numberArg, rfc3339, stringArg, timeArg } from '../step-args.ts';
import { SimulatedTargets } from './simulated-targets.ts';

export interface SimulatedClusterBackendOptions {
  cluster: SimulatedCluster;
  /** The simulated clock: interventions are recorded at its time. */
  clock?: () => number;
}

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
  readonly #targets: SimulatedTargets;
  readonly #clock: () => number;

  constructor(options: SimulatedClusterBackendOptions) {
    this.#cluster = options.cluster;
    this.#targets = new SimulatedTargets(options.cluster);
    this.#clock = options.clock ?? Date.now;
  }

  async preview(proposal: RemediationProposal, now: number): Promise<ActionPreview> {
    return previewClusterAction(this.#cluster, this.#targets, proposal, now);
  }

  async plan(proposal: RemediationProposal, now: number): Promise<StepSpec[]> {
    const c = this.#cluster;
    switch (proposal.action) {
      case 'rollout-restart': {
        const dep = this.#targets.deployment(proposal);
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
        const dep = this.#targets.deployment(proposal);
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
        const dep = this.#targets.deployment(proposal);
        const { to } = this.#targets.previousRevision(dep, now);
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
        const hpa = this.#targets.hpa(proposal);
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
        const pod = this.#targets.pod(proposal, now);
        return [removeStep('delete-pod', pod, now)];
      }
      case 'cordon-node':
      case 'drain-node': {
        const node = this.#targets.node(proposal, now);
        const cordon: StepSpec = {
          name: `cordon Node ${node.name}`,
          op: 'cordon-node',
          args: { node: node.name },
          idempotent: true,
        };
        if (proposal.action === 'cordon-node') {
          return [cordon];
        }
        return [
          cordon,
          ...this.#targets.drainPods(proposal, node, now).map((pod) => removeStep('evict-pod', pod, now)),
        ];
      }
      default:
        throw new BackendError(`the simulated cluster backend does not carry out ${proposal.action}`);
    }
  }

  async run(step: StepSpec): Promise<string> {
    return this.#apply(step, this.#clock());
  }

  /**
   * Records a step that ran before the sidecar restarted, at the time it ran. The intervention log lives in memory:
   * at start-up the service replays the done steps of stored executions, in order, so the simulated cluster gets
   * its history back (a restarted checkout stays restarted). Returns the step's detail line.
   */
  replay(step: StepSpec, atMs: number): string {
    return this.#apply(step, atMs);
  }

  #apply(step: StepSpec, now: number): string {
    const c = this.#cluster;
    switch (step.op) {
      case 'restart-deployment': {
        const dep = this.#targets.deploymentOf(step);
        const restartedAt = stringArg(step, 'restartedAt');
        const ref = `Deployment ${deploymentKey(dep)}`;
        if (this.#restarted(dep, restartedAt)) {
          return `${ref} already has restartedAt=${restartedAt}: nothing to do`;
        }
        this.#record({ type: 'restart', deployment: deploymentKey(dep), atMs: now, restartedAt });
        return `${ref} restartedAt=${restartedAt}: its ${podsOf(c, dep, now).length} pods start over with fresh memory`;
      }
      case 'scale-deployment': {
        const dep = this.#targets.deploymentOf(step);
        const replicas = numberArg(step, 'replicas');
        const previous = c.desiredReplicas(dep, now);
        if (previous !== replicas) {
          this.#record({ type: 'scale', deployment: deploymentKey(dep), atMs: now, replicas });
        }
        return `Deployment ${deploymentKey(dep)} replicas ${previous} → ${replicas}`;
      }
      case 'rollback-deployment': {
        const dep = this.#targets.deploymentOf(step);
        const release = numberArg(step, 'release');
        const ref = `Deployment ${deploymentKey(dep)}`;
        if (currentRevision(c, dep, now) === release) {
          return `${ref} already runs ${imageOf(dep, release)}: nothing to do`;
        }
        this.#record({ type: 'rollback', deployment: deploymentKey(dep), atMs: now, toRevision: release });
        return `${ref} pod template set to the previous release (${imageOf(dep, release)}); its pods are replaced`;
      }
      case 'scale-hpa-max': {
        const hpa = this.#targets.hpaOf(step);
        const maxReplicas = numberArg(step, 'maxReplicas');
        const previous = c.hpaMaxReplicas(hpa, now);
        if (previous !== maxReplicas) {
          this.#record({ type: 'scale-hpa', hpa: deploymentKey(hpa.deployment), atMs: now, maxReplicas });
        }
        return `HorizontalPodAutoscaler ${deploymentKey(hpa.deployment)} maxReplicas ${previous} → ${maxReplicas}`;
      }
      case 'delete-pod':
      case 'evict-pod': {
        const { pod, uid } = this.#targets.podOf(step);
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
        const node = this.#targets.nodeOf(step);
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
        return this.#restarted(this.#targets.deploymentOf(step), stringArg(step, 'restartedAt'));
      case 'scale-deployment':
        return c.desiredReplicas(this.#targets.deploymentOf(step), now) === numberArg(step, 'replicas');
      case 'rollback-deployment':
        return currentRevision(c, this.#targets.deploymentOf(step), now) === numberArg(step, 'release');
      case 'scale-hpa-max':
        return c.hpaMaxReplicas(this.#targets.hpaOf(step), now) === numberArg(step, 'maxReplicas');
      case 'delete-pod':
      case 'evict-pod': {
        const { pod, uid } = this.#targets.podOf(step);
        const plannedAt = timeArg(step, 'plannedAt');
        const key = `${pod.deployment.namespace}/${pod.name}`;
        const removed = c.interventions
          .list()
          .some((i) => i.type === 'delete-pod' && i.pod === key && i.uid === uid && i.atMs >= plannedAt);
        return removed || pod.uid !== uid || !isRunning(pod, now);
      }
      case 'cordon-node':
        return c.interventions.latest('cordon', this.#targets.nodeOf(step).name, now) !== null;
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
