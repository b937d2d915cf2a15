// The remediation model: a policy turns a trigger (an incident, alert, K8sGPT finding, anomaly or forecast
// condition) into a proposal for one action on one target; a person approves it (or the policy does), the sidecar
// executes it exactly once, then watches the trigger to verify the fix. Served as is by the REST API (contract.ts
// re-exports these types), so times are epoch milliseconds and every field is JSON. Runtime-free: the frontend
// compiles this file.
import type { EvidenceRef } from '../incidents/types.ts';

/** What the sidecar can do to a cluster. */
export type RemediationAction =
  | 'rollout-restart'
  | 'scale'
  | 'scale-hpa'
  | 'delete-pod'
  | 'cordon-node'
  | 'drain-node'
  | 'rollback'
  | 'silence'
  | 'k8sgpt-analysis';

/**
 * proposed → approved | rejected | expired; approved → executing → succeeded | failed;
 * succeeded → verified | not-verified. rejected, expired, failed, verified and not-verified are final.
 */
export type ProposalState =
  | 'proposed'
  | 'approved'
  | 'rejected'
  | 'expired'
  | 'executing'
  | 'succeeded'
  | 'failed'
  | 'verified'
  | 'not-verified';

/** What the action changes. "Deployment/shop/checkout", "Node/ip-10-0-1-7", "Alert/<fingerprint>". */
export interface ActionTarget {
  kind: 'Deployment' | 'HorizontalPodAutoscaler' | 'Pod' | 'Node' | 'Alert' | 'Object';
  /** null for cluster-scoped objects (Node) and alerts. */
  namespace: string | null;
  name: string;
}

/** Action parameters, resolved when the proposal is made (absolute values, so a re-run sets the same state). */
export interface ActionParams {
  /** scale / scale-hpa: how many replicas (or HPA maxReplicas) to add, and the ceiling the result may not pass. */
  replicasDelta?: number;
  maxReplicas?: number;
  /** silence: matchers (label = value, all equality) and how long, in ms. */
  silenceMatchers?: Record<string, string>;
  silenceDurationMs?: number;
  /** drain-node: pods to evict at most (the blast-radius limit applied to this proposal). */
  maxPodsEvicted?: number;
}

/** What set the proposal off; the verifier watches the same thing to decide whether the action worked. */
export interface ProposalTrigger {
  type: 'incident' | 'alert' | 'finding' | 'anomaly' | 'forecast';
  /** incident id, alert fingerprint, finding id ("ns/name"), anomaly series id or forecast series id. */
  id: string;
  /** One line a person reads: "ContainerMemoryLimitPredicted firing for shop/checkout-7d9-x2k". */
  description: string;
  /** forecast triggers: the condition, e.g. time-to-threshold under this many ms. */
  timeToThresholdUnderMs?: number;
}

/** Who did something: a Grafana user (as X-Grafana-Id said) or the sidecar itself (policy, expiry, restart). */
export interface Actor {
  type: 'user' | 'system';
  /** Grafana login, or "policy:<name>" / "sidecar". */
  login: string;
  name: string;
  /** The Grafana role when the actor is a user. */
  role: 'Viewer' | 'Editor' | 'Admin' | 'None' | null;
}

export interface ProposalDecision {
  by: Actor;
  at: number;
  comment: string;
}

/** One object the action changes, before and after, as YAML text (what `kubectl diff` would compare). */
export interface PreviewObject {
  /** "Deployment/shop/checkout". */
  ref: string;
  change: 'patch' | 'delete' | 'create' | 'evict' | 'none';
  before: string | null;
  after: string | null;
}

/** What will change, computed server-side (a Kubernetes dry-run where there is an API server). */
export interface ActionPreview {
  /** One sentence: "Restarts the 3 pods of Deployment shop/checkout, one at a time (maxUnavailable 25%)". */
  summary: string;
  /** Unified diff of every object's before/after YAML. */
  diff: string;
  objects: PreviewObject[];
  /** kubernetes-dry-run: the API server applied the patch with dryRun=All; simulator: the demo cluster; plan: computed locally. */
  source: 'kubernetes-dry-run' | 'simulator' | 'plan';
  /** Blast radius: pods restarted/deleted/evicted and replicas changed. */
  impact: { podsAffected: number; replicasChanged: number };
  warnings: string[];
  computedAt: number;
}

/** One step of an execution. A step is recorded as started before it runs and done after, so a restart knows. */
export interface ExecutionStep {
  /** Readable: "patch Deployment shop/checkout restartedAt=2026-11-26T10:00:00Z". */
  name: string;
  /** What the backend runs ("patch-deployment", "delete-pod", "evict-pod", "create-silence", …) and its resolved,
   * absolute arguments (target replica count, pod uid, restartedAt), fixed when the execution is planned so a
   * resumed execution runs the very same step. */
  op: string;
  args: Record<string, StepArg>;
  /** Safe to run again with the same result (patch to an absolute value); otherwise a restart asks the backend
   * whether it took effect, and fails the execution cleanly when it cannot tell. */
  idempotent: boolean;
  status: 'pending' | 'started' | 'done' | 'failed' | 'skipped';
  startedAt: number | null;
  finishedAt: number | null;
  detail: string;
}

export type StepArg = string | number | boolean | null | string[] | Record<string, string>;

export interface ProposalExecution {
  startedAt: number;
  finishedAt: number | null;
  /** Executions are never repeated; this counts resumptions after a sidecar restart. */
  resumed: number;
  dryRun: boolean;
  steps: ExecutionStep[];
  error: string | null;
}

export interface ProposalVerification {
  /** Watching the trigger until this time. */
  until: number;
  /** When the trigger was first seen cleared (the recovery), null until then. */
  clearedAt: number | null;
  lastCheckedAt: number | null;
  /** One line per check outcome worth keeping, e.g. "alert resolved", "forecast: 9h 40m to the limit". */
  detail: string;
}

export interface RemediationProposal {
  id: string;
  /** The policy (and its rule) that proposed this. */
  policy: string;
  action: RemediationAction;
  target: ActionTarget;
  params: ActionParams;
  title: string;
  rationale: string;
  trigger: ProposalTrigger;
  /** The incident the trigger belongs to, when there is one (for MTTR and links). */
  incidentId: string | null;
  /** When the problem started (incident opened, alert started): the start of MTTR. */
  problemStartedAt: number;
  evidence: EvidenceRef[];
  approval: 'required' | 'automatic';
  /** Everything runs as a dry-run (the global switch, or the policy's). Execution then changes nothing. */
  dryRun: boolean;
  state: ProposalState;
  createdAt: number;
  updatedAt: number;
  /** A proposal still "proposed" at this time expires and can no longer be approved. */
  expiresAt: number;
  decision: ProposalDecision | null;
  preview: ActionPreview | null;
  execution: ProposalExecution | null;
  verification: ProposalVerification | null;
  /** The proposal whose failed verification led to this one (e.g. a rollback after a restart did not help). */
  followUpOf: string | null;
  /** Bumped by every transition; the store compares it so two writers cannot both move a proposal. */
  version: number;
}

export type AuditEvent =
  | 'proposed'
  | 'blocked'
  | 'approved'
  | 'rejected'
  | 'expired'
  | 'execution-started'
  | 'step'
  | 'execution-resumed'
  | 'succeeded'
  | 'failed'
  | 'verified'
  | 'not-verified';

/** One append-only audit record. Each entry carries the hash of the one before, so a rewrite shows. */
export interface AuditEntry {
  seq: number;
  at: number;
  event: AuditEvent;
  proposalId: string;
  action: RemediationAction;
  /** "Deployment/shop/checkout". */
  target: string;
  actor: Actor;
  /** The person's comment (approve/reject) or the system's reason (blocked by cooldown, expired, …). */
  comment: string;
  /** Event-specific facts (state before/after, step name, error, dry-run …). */
  detail: Record<string, string | number | boolean | null>;
  /** sha256 hex of the previous entry's hash and this entry's content. */
  hash: string;
}
