// The remediation rule table: which evidence suggests which action. Each rule reads the incident's facts and,
// when it fires, names the likely cause and proposes actions with a confidence. Rules only propose; issue 7's
// policies and approvals decide what runs. The table is in the README ("Remediation suggestions"); keep both in step.
import { saturationWithTraffic, regressionAfterRollout, unexplainedStrain } from './load-rules.ts';
import { memoryGrowth, memoryLeak, oomWithoutGrowth } from './memory-rules.ts';
import { nodeRules } from './node-rules.ts';
import { crashLoop, imagePull, unschedulable } from './pod-rules.ts';
import type { RemediationRule } from './remediation-rule.ts';

export type { RemediationRule, RuleMatch, SuggestionDraft } from './remediation-rule.ts';

/** In priority order: at equal confidence the earlier rule's suggestion ranks first and names the cause. */
export const REMEDIATION_RULES: readonly RemediationRule[] = [
  { id: 'node-not-ready', match: (facts) => nodeRules(facts, 'node-not-ready') },
  { id: 'node-pressure', match: (facts) => nodeRules(facts, 'node-pressure') },
  imagePull,
  memoryLeak,
  memoryGrowth,
  oomWithoutGrowth,
  crashLoop,
  unschedulable,
  saturationWithTraffic,
  regressionAfterRollout,
  unexplainedStrain,
];
