// Public entry of remediation policies: types, matching, guards and the summary the API lists.
export type {
  ActionPolicy,
  GuardResult,
  PolicySubject,
  PolicyTrigger,
  ProposalDraft,
  RemediationPolicy,
  TargetSelector,
} from './policy-types.ts';
export {
  matchPolicies,
  followUpDraft,
  draftTitle,
  targetText,
  type PolicyMatchResult,
  type SkippedPolicy,
} from './match-policies.ts';
export { checkProposalGuards, checkExecutionGuards, type ProposalHistory } from './guards.ts';
export { summarizePolicy, triggerText } from './summarize-policy.ts';
export { FORECAST_PAST_SLACK_MS, seriesJob } from './trigger-matches.ts';
export { KIND_OF, SELECTORS_OF, READ_ONLY_ACTIONS } from './action-targets.ts';
export { POLICY_DEFAULTS } from './validate-policy.ts';
export { loadPolicyFile, mergePolicies } from './load-policies.ts';
