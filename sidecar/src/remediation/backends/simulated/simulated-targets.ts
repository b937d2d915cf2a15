// The objects a proposal or a stored step names, looked up in the simulated cluster: a BackendError naming the
// object (404) when the cluster has no such thing, or not at that time; and the two plans that read the cluster
// (the release a rollback goes back to, the pods a drain evicts).
import type { SimulatedCluster } from '../../../sources/simulator/cluster.ts';
import type { DeploymentSpec, SimHpa, SimNode, SimPod } from '../../../sources/simulator/topology.ts';
import { BackendError, type StepSpec } from '../../backend.ts';
import type { RemediationProposal } from '../../types.ts';
import {
  currentRevision,
  deploymentKey,
  findDeployment,
  findHpa,
  findNode,
  findPod,
  isRunning,
  podsOnNode,
} from './cluster-objects.ts';
import { namespacedTarget, nodeTarget, rfc3339, stringArg } from '../step-args.ts';

export class SimulatedTargets {
  readonly #cluster: SimulatedCluster;

  constructor(cluster: SimulatedCluster) {
    this.#cluster = cluster;
  }

  /** The revision a rollback goes back to: the one before the current; revision 0 has none. */
  previousRevision(dep: DeploymentSpec, now: number): { current: number; to: number } {
    const current = currentRevision(this.#cluster, dep, now);
    if (current === 0) {
      throw new BackendError(
        `Deployment ${deploymentKey(dep)} has no previous revision to roll back to (1 revision in its ReplicaSets)`
      );
    }
    return { current, to: current - 1 };
  }

  drainPods(proposal: RemediationProposal, node: SimNode, now: number): SimPod[] {
    const evict = podsOnNode(this.#cluster, node, now);
    const limit = proposal.params.maxPodsEvicted;
    if (limit !== undefined && evict.length > limit) {
      throw new BackendError(
        `draining node ${node.name} would evict ${evict.length} pods, more than this proposal's limit of ${limit} (maxPodsEvicted)`
      );
    }
    return evict;
  }

  deployment(proposal: RemediationProposal): DeploymentSpec {
    const { namespace, name } = namespacedTarget(proposal, ['Deployment']);
    return this.deploymentNamed(namespace, name);
  }

  deploymentOf(step: StepSpec): DeploymentSpec {
    return this.deploymentNamed(stringArg(step, 'namespace'), stringArg(step, 'name'));
  }

  deploymentNamed(namespace: string, name: string): DeploymentSpec {
    const dep = findDeployment(this.#cluster, namespace, name);
    if (!dep) {
      throw new BackendError(`the simulated cluster has no Deployment ${namespace}/${name}`, { statusCode: 404 });
    }
    return dep;
  }

  hpa(proposal: RemediationProposal): SimHpa {
    const { namespace, name } = namespacedTarget(proposal, ['HorizontalPodAutoscaler']);
    return this.hpaNamed(namespace, name);
  }

  hpaOf(step: StepSpec): SimHpa {
    return this.hpaNamed(stringArg(step, 'namespace'), stringArg(step, 'name'));
  }

  hpaNamed(namespace: string, name: string): SimHpa {
    const hpa = findHpa(this.#cluster, namespace, name);
    if (!hpa) {
      throw new BackendError(`the simulated cluster has no HorizontalPodAutoscaler ${namespace}/${name}`, {
        statusCode: 404,
      });
    }
    return hpa;
  }

  pod(proposal: RemediationProposal, now: number): SimPod {
    const { namespace, name } = namespacedTarget(proposal, ['Pod']);
    const pod = this.podNamed(namespace, name);
    if (!isRunning(pod, now)) {
      throw new BackendError(`Pod ${namespace}/${name} is not running in the simulated cluster at ${rfc3339(now)}`, {
        statusCode: 404,
      });
    }
    return pod;
  }

  podOf(step: StepSpec): { pod: SimPod; uid: string } {
    return { pod: this.podNamed(stringArg(step, 'namespace'), stringArg(step, 'name')), uid: stringArg(step, 'uid') };
  }

  podNamed(namespace: string, name: string): SimPod {
    const pod = findPod(this.#cluster, namespace, name);
    if (!pod) {
      throw new BackendError(`the simulated cluster has no Pod ${namespace}/${name}`, { statusCode: 404 });
    }
    return pod;
  }

  node(proposal: RemediationProposal, now: number): SimNode {
    const name = nodeTarget(proposal);
    const node = findNode(this.#cluster, name);
    if (!node || now < node.readyMs || now > node.terminatedMs) {
      throw new BackendError(`the simulated cluster has no Node ${name}${node ? ` at ${rfc3339(now)}` : ''}`, {
        statusCode: 404,
      });
    }
    return node;
  }

  nodeOf(step: StepSpec): SimNode {
    const name = stringArg(step, 'node');
    const node = findNode(this.#cluster, name);
    if (!node) {
      throw new BackendError(`the simulated cluster has no Node ${name}`, { statusCode: 404 });
    }
    return node;
  }
}
