// What executes actions: one backend per kind of system the actions change. The Kubernetes backend
// (@kubernetes/client-node) and the simulated cluster implement the workload and node actions; Alertmanager (or the
// simulated one) silences; K8sGPT analyses. The remediation manager owns the lifecycle and the step log; backends
// only read, plan and run single steps, so exactly-once is decided in one place.
import type { ActionPreview, ExecutionStep, RemediationAction, RemediationProposal } from './types.ts';

/** A planned step before it runs: ExecutionStep without its progress. */
export type StepSpec = Pick<ExecutionStep, 'name' | 'op' | 'args' | 'idempotent'>;

export interface RemediationBackend {
  /** The actions this backend carries out. */
  readonly actions: readonly RemediationAction[];
  /** The step ops its plans use: a resumed execution finds the backend for a stored step by its op. */
  readonly ops: readonly string[];
  /** Where previews come from: 'kubernetes-dry-run' (API server, dryRun=All), 'simulator' or 'plan'. */
  readonly previewSource: ActionPreview['source'];
  /**
   * What the action would change, without changing anything: current objects, the patched objects (server-side
   * dry-run where possible), a unified diff and the blast radius. Rejects with a BackendError when the target does
   * not exist or the action cannot apply (no previous revision to roll back to, …).
   */
  preview(proposal: RemediationProposal, now: number): Promise<ActionPreview>;
  /**
   * Resolves the action into concrete steps with absolute arguments (replicas = current + delta capped at the max,
   * restartedAt = now, the uids of the pods to evict), read once from the current state when execution starts.
   */
  plan(proposal: RemediationProposal, now: number): Promise<StepSpec[]>;
  /** Runs one step; resolves to a line of detail ("replicas 3 → 5"), rejects with a BackendError. */
  run(step: StepSpec): Promise<string>;
  /**
   * For a non-idempotent step that was started but not recorded done (the sidecar died): did it take effect?
   * 'unknown' makes the manager fail the execution rather than risk repeating it.
   */
  tookEffect(step: StepSpec): Promise<boolean | 'unknown'>;
}

/** A backend failure with a message a person can act on; `retryable` for transient API errors (429, 5xx, timeouts). */
export class BackendError extends Error {
  readonly retryable: boolean;
  readonly statusCode: number | null;

  constructor(message: string, options: { retryable?: boolean; statusCode?: number | null; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'BackendError';
    this.retryable = options.retryable ?? false;
    this.statusCode = options.statusCode ?? null;
  }
}

/** "Deployment/shop/checkout", "Node/ip-10-0-1-7": how targets are written in ids, audit entries and the UI. */
export function targetRef(target: RemediationProposal['target']): string {
  return target.namespace === null
    ? `${target.kind}/${target.name}`
    : `${target.kind}/${target.namespace}/${target.name}`;
}
