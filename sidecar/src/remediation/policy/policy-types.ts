// Remediation policies as the rest of the sidecar sees them, after loading and validation (durations in ms).
// A policy maps one trigger to one action with its safety limits. Written in YAML (RemediationPolicy documents in
// remediation.policyFiles, or inline under remediation.policies); see config.example.yaml.
import type { AnomalyKind } from '../../api/contract.ts';
import type { IncidentContext, IncidentSeverity } from '../../incidents/types.ts';
import type { ActionParams, ProposalTrigger, RemediationAction, RemediationProposal } from '../types.ts';

/** Exactly one of the fields is set. Label maps are exact matches; a value starting with "~" is a regular expression. */
export interface PolicyTrigger {
  incident?: { severity?: IncidentSeverity[]; labels?: Record<string, string> };
  alert?: { labels: Record<string, string> };
  finding?: { kind?: string; errorMatches?: string };
  anomaly?: { job?: string; kinds?: AnomalyKind[]; direction?: 'up' | 'down'; minScore?: number };
  forecast?: { job?: string; timeToThresholdUnderMs: number };
}

/** Which object of the subject's scope the action changes. */
export type TargetSelector = 'workload' | 'pod' | 'node' | 'hpa' | 'alert';

export interface ActionPolicy {
  type: RemediationAction;
  target: TargetSelector;
  params: ActionParams;
  approval: 'required' | 'automatic';
  /** allow empty = every namespace not forbidden; forbid defaults to ["kube-system"]. */
  namespaces: { allow: string[]; forbid: string[] };
  /** Target kinds this action may change; empty = the action's own kinds. */
  kinds: string[];
  /** No new proposal for the same action and target within this long after the last execution. */
  cooldownMs: number;
  /** Executions of this policy's action running at once. */
  maxConcurrent: number;
  rateLimit: { max: number; perMs: number };
  blastRadius: { maxPodsAffected: number; maxReplicasChanged: number };
  /** A proposal not decided within this long expires. */
  expiryMs: number;
  /** This policy only ever dry-runs (the global remediation.dryRun overrides to true). */
  dryRun: boolean;
  /** After execution, watch the trigger this long; cleared within it = verified. */
  verifyForMs: number;
  /** When verification fails, propose this next (e.g. rollback); null = nothing. */
  onVerificationFailure: { type: RemediationAction; approval: 'required' | 'automatic' } | null;
}

export interface RemediationPolicy {
  name: string;
  description: string;
  /** Where it was defined: "policies.yaml:12", "config.yaml:remediation.policies[0]" or "built-in". */
  source: string;
  trigger: PolicyTrigger;
  action: ActionPolicy;
}

/**
 * What policies are matched against: an incident (with its correlated evidence), or a lone forecast, anomaly or
 * finding that belongs to no incident, wrapped in the same shape (id "forecast:<id>", …).
 */
export interface PolicySubject extends IncidentContext {
  type: 'incident' | 'standalone';
}

/** A proposal as a policy makes it, before the manager numbers, previews and stores it. */
export type ProposalDraft = Pick<
  RemediationProposal,
  | 'policy'
  | 'action'
  | 'target'
  | 'params'
  | 'title'
  | 'rationale'
  | 'trigger'
  | 'incidentId'
  | 'problemStartedAt'
  | 'evidence'
  | 'approval'
  | 'dryRun'
  | 'expiresAt'
  | 'followUpOf'
>;

export type GuardResult =
  | { ok: true }
  | {
      ok: false;
      /** A sentence a person reads: "cooldown: Deployment/shop/checkout was restarted 12m ago; next allowed in 18m". */
      reason: string;
      /** Waiting helps (cooldown, concurrency, rate limit); false for namespaces, kinds, duplicates, blast radius. */
      retryable?: boolean;
      /** When the block lifts by itself, if known (cooldown and rate limit). */
      retryAt?: number;
    };

export type { ProposalTrigger };
