// The k8sgpt-analysis action: ask `k8sgpt serve` (through K8sGptAnalyzeClient) to analyse the target's namespace
// now, bypassing its cache and without an AI explanation. It reads the cluster and changes nothing, so its one step
// is idempotent; the findings go to whoever the service wires as onAnalysis (the findings tracker).
import {
  K8sGptAnalyzeError,
  type AnalyzeOutcome,
  type K8sGptAnalyzeClient,
} from '../../findings/k8sgpt-analyze-client.ts';
import { BackendError, targetRef, type RemediationBackend, type StepSpec } from '../backend.ts';
import type { ActionPreview, RemediationAction, RemediationProposal } from '../types.ts';
import { renderPreview } from './preview-diff.ts';

export interface K8sGptAnalysisBackendOptions {
  client: K8sGptAnalyzeClient;
  /** Called with every analysis a step ran (e.g. to add its findings to the findings tracker). */
  onAnalysis?: (namespace: string, outcome: AnalyzeOutcome) => void;
}

const OP = 'k8sgpt-analyze';
const SHOWN_FINDINGS = 3;

export class K8sGptAnalysisBackend implements RemediationBackend {
  readonly actions: readonly RemediationAction[] = ['k8sgpt-analysis'];
  readonly ops: readonly string[] = [OP];
  readonly previewSource = 'plan' as const;
  readonly #client: K8sGptAnalyzeClient;
  readonly #onAnalysis: K8sGptAnalysisBackendOptions['onAnalysis'];

  constructor(options: K8sGptAnalysisBackendOptions) {
    this.#client = options.client;
    this.#onAnalysis = options.onAnalysis;
  }

  async preview(proposal: RemediationProposal, now: number): Promise<ActionPreview> {
    const namespace = namespaceOf(proposal);
    return renderPreview({
      summary:
        `Asks K8sGPT (${this.#client.url}) to analyse namespace ${namespace} for ${targetRef(proposal.target)} ` +
        'with all its active analyzers, fresh (no cache) and without an AI explanation; changes nothing',
      changes: [],
      source: 'plan',
      impact: { podsAffected: 0, replicasChanged: 0 },
      now,
    });
  }

  async plan(proposal: RemediationProposal): Promise<StepSpec[]> {
    const namespace = namespaceOf(proposal);
    return [{ name: `K8sGPT analysis of namespace ${namespace}`, op: OP, args: { namespace }, idempotent: true }];
  }

  async run(step: StepSpec): Promise<string> {
    if (step.op !== OP || typeof step.args.namespace !== 'string') {
      throw new BackendError(`the K8sGPT analysis backend does not run op ${step.op} with these arguments`);
    }
    const namespace = step.args.namespace;
    let outcome: AnalyzeOutcome;
    try {
      outcome = await this.#client.analyze({ namespace, nocache: true });
    } catch (error) {
      const status = error instanceof K8sGptAnalyzeError ? error.status : null;
      throw new BackendError((error as Error).message, {
        retryable: status === null || status >= 500 || status === 429,
        statusCode: status,
        cause: error,
      });
    }
    this.#onAnalysis?.(namespace, outcome);
    const shown = outcome.findings
      .slice(0, SHOWN_FINDINGS)
      .map((finding) => `${finding.kind} ${finding.name}: ${finding.errors[0] ?? ''}`);
    const more = outcome.findings.length - shown.length;
    return (
      `K8sGPT analysed namespace ${namespace}: ${outcome.status || 'no status'}, ${outcome.problems} problems` +
      (shown.length ? ` (${shown.join('; ')}${more > 0 ? `; ${more} more` : ''})` : '')
    );
  }

  // The analysis changes nothing and is simply run again on resume; nobody needs to ask.
  async tookEffect(): Promise<'unknown'> {
    return 'unknown';
  }
}

function namespaceOf(proposal: RemediationProposal): string {
  if (!proposal.target.namespace) {
    throw new BackendError(
      `k8sgpt-analysis analyses a namespace; ${targetRef(proposal.target)} (proposal ${proposal.id}) has none`
    );
  }
  return proposal.target.namespace;
}
