// The k8sgpt-analysis action in demo mode: asks the simulated K8sGPT for an analysis of the target's namespace now
// (the Results of sources/kubernetes/simulated-objects.ts at the clock's time, which follow the interventions) and
// reports what it found about the target. Nothing changes, so the step is idempotent; the source's watches are
// poked so the Findings page and incidents see the result at once instead of at their next poll.
import { SimulatedKubernetesSource } from '../../../sources/kubernetes/simulated-source.ts';
import type { K8sGptResultObject } from '../../../sources/kubernetes/types.ts';
import type { SimulatedCluster } from '../../../sources/simulator/cluster.ts';
import { BackendError, type RemediationBackend, type StepSpec } from '../../backend.ts';
import type { ActionPreview, RemediationAction, RemediationProposal } from '../../types.ts';
import { renderPreview } from '../preview-diff.ts';
import { findDeployment, findNode, findPod } from './cluster-objects.ts';
import { stringArg } from '../step-args.ts';

export interface SimulatedK8sGptBackendOptions {
  cluster: SimulatedCluster;
  /** The simulated K8sGPT Results; default: a SimulatedKubernetesSource over the cluster on the same clock. */
  source?: { listResults(): Promise<K8sGptResultObject[]>; poll?(): void };
  clock?: () => number;
}

/** K8sGPT analyzers for each kind of target: a Deployment's problems often show on its pods. */
const FILTERS: Record<string, string[]> = { Deployment: ['Deployment', 'Pod'], Pod: ['Pod'], Node: ['Node'] };

interface ResultSpec {
  kind?: string;
  name?: string;
  parentObject?: string;
  error?: Array<{ text?: string }>;
}

export class SimulatedK8sGptBackend implements RemediationBackend {
  readonly actions: readonly RemediationAction[] = ['k8sgpt-analysis'];
  readonly ops: readonly string[] = ['k8sgpt-analyze'];
  readonly previewSource = 'simulator' as const;
  readonly #cluster: SimulatedCluster;
  readonly #source: NonNullable<SimulatedK8sGptBackendOptions['source']>;

  constructor(options: SimulatedK8sGptBackendOptions) {
    this.#cluster = options.cluster;
    this.#source = options.source ?? new SimulatedKubernetesSource({ cluster: options.cluster, clock: options.clock });
  }

  async preview(proposal: RemediationProposal, now: number): Promise<ActionPreview> {
    const { namespace, filters, object } = this.#request(proposal);
    return renderPreview({
      summary:
        `Runs K8sGPT's ${filters.join(' and ')} analyzers ${namespace ? `on namespace ${namespace}` : 'on the cluster'} ` +
        `now and reports what they find about ${object}; changes nothing`,
      changes: [],
      source: 'simulator',
      impact: { podsAffected: 0, replicasChanged: 0 },
      now,
    });
  }

  async plan(proposal: RemediationProposal): Promise<StepSpec[]> {
    const { namespace, filters, object } = this.#request(proposal);
    return [
      {
        name: `analyze ${object} with K8sGPT (${filters.join(', ')})`,
        op: 'k8sgpt-analyze',
        args: { namespace, filters, object },
        idempotent: true,
      },
    ];
  }

  async run(step: StepSpec): Promise<string> {
    if (step.op !== 'k8sgpt-analyze') {
      throw new BackendError(`the simulated K8sGPT backend does not run op ${step.op} (step "${step.name}")`);
    }
    const namespace = typeof step.args.namespace === 'string' ? step.args.namespace : '';
    const filters = Array.isArray(step.args.filters) ? step.args.filters : [];
    const object = stringArg(step, 'object');
    const [kind, ...rest] = object.split('/');
    const name = rest.join('/');
    const results = (await this.#source.listResults()).map((r) => (r.spec ?? {}) as ResultSpec);
    this.#source.poll?.();
    const inScope = results.filter(
      (r) => filters.includes(r.kind ?? '') && (namespace === '' || (r.name ?? '').startsWith(`${namespace}/`))
    );
    const shortName = name.split('/').at(-1);
    const about = inScope.filter(
      (r) =>
        (r.kind === kind && r.name === name) || (kind === 'Deployment' && r.parentObject === `Deployment/${shortName}`)
    );
    const lines = about.map((r) => `${r.kind} ${r.name}: ${(r.error ?? []).map((e) => e.text).join('; ')}`);
    const where = namespace ? `namespace ${namespace}` : 'the cluster';
    return about.length === 0
      ? `K8sGPT (simulated) found ${inScope.length} problem${inScope.length === 1 ? '' : 's'} in ${where}, none about ${object}`
      : `K8sGPT (simulated) found ${about.length} problem${about.length === 1 ? '' : 's'} about ${object}: ${lines.join(' | ')}`;
  }

  /** A read-only analysis: running it again does no harm, so it is always safe to consider done. */
  async tookEffect(): Promise<boolean | 'unknown'> {
    return true;
  }

  #request(proposal: RemediationProposal): { namespace: string; filters: string[]; object: string } {
    if (proposal.action !== 'k8sgpt-analysis') {
      throw new BackendError(`the simulated K8sGPT backend does not carry out ${proposal.action}`);
    }
    const { kind, namespace, name } = proposal.target;
    const filters = FILTERS[kind];
    if (!filters) {
      throw new BackendError(
        `k8sgpt-analysis works on a Deployment, Pod or Node; proposal ${proposal.id} targets ${kind}`
      );
    }
    const exists =
      kind === 'Node'
        ? findNode(this.#cluster, name) !== null
        : namespace !== null &&
          (kind === 'Deployment'
            ? findDeployment(this.#cluster, namespace, name)
            : findPod(this.#cluster, namespace, name)) !== null;
    const object = namespace === null ? `${kind}/${name}` : `${kind}/${namespace}/${name}`;
    if (!exists) {
      throw new BackendError(`the simulated cluster has no ${object}`, { statusCode: 404 });
    }
    return { namespace: namespace ?? '', filters, object };
  }
}
