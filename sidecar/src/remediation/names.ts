// The action and state names as runtime values (types.ts stays type-only: the frontend compiles it).
import type { ProposalState, RemediationAction } from './types.ts';

export const REMEDIATION_ACTIONS: readonly RemediationAction[] = [
  'rollout-restart',
  'scale',
  'scale-hpa',
  'delete-pod',
  'cordon-node',
  'drain-node',
  'rollback',
  'silence',
  'k8sgpt-analysis',
];

export const PROPOSAL_STATES: readonly ProposalState[] = [
  'proposed',
  'approved',
  'rejected',
  'expired',
  'executing',
  'succeeded',
  'failed',
  'verified',
  'not-verified',
];

/** States a proposal never leaves. */
export const FINAL_STATES: readonly ProposalState[] = ['rejected', 'expired', 'failed', 'verified', 'not-verified'];
