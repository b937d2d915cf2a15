// What a remediation rule is and the pieces the rules share: suggestion drafts, the rollback that follows a recent
// rollout, and the investigation offered when an action has no workload to aim at.
import { labelOf, refsOf, targetOf, type IncidentFacts, type WorkloadRef } from './incident-facts.ts';
import { utc } from './time-text.ts';
import type { EvidenceRef, RemediationKind } from './types.ts';

export interface SuggestionDraft {
  kind: RemediationKind;
  target: string | null;
  title: string;
  rationale: string;
  evidence: EvidenceRef[];
  confidence: number;
}

export interface RuleMatch {
  rule: string;
  /** The likely cause in a few words ("memory leak in Deployment shop/checkout"). */
  cause: string;
  /** Why, from the evidence; completes "Most likely cause: <cause>: <because>". */
  because: string;
  evidence: EvidenceRef[];
  suggestions: SuggestionDraft[];
}

export interface RemediationRule {
  id: string;
  match(facts: IncidentFacts): RuleMatch | null;
}

export function draft(
  kind: RemediationKind,
  target: string | null,
  confidence: number,
  title: string,
  rationale: string,
  evidence: EvidenceRef[]
): SuggestionDraft {
  return { kind, target, title, rationale, evidence, confidence };
}

/** A rollback when a rollout of the workload came shortly before the first symptom; otherwise nothing. */
export function rollbackAfterRollout(
  facts: IncidentFacts,
  w: WorkloadRef,
  confidence: number,
  what: string,
  symptoms: EvidenceRef[]
): SuggestionDraft[] {
  if (!facts.rollout) {
    return [];
  }
  return [
    draft(
      'rollback',
      targetOf(w),
      confidence,
      `Roll back ${labelOf(w)} to its previous revision: ${what} began after the rollout at ${utc(facts.rollout.at)}`,
      `A rollout of ${labelOf(w)} at ${utc(facts.rollout.at)} came before the first sign of trouble ` +
        `(${utc(facts.firstSymptomAt)}); the previous revision ran without it.`,
      refsOf([], [...symptoms, ...facts.rollout.evidence])
    ),
  ];
}

export const afterRollout = (facts: IncidentFacts) =>
  facts.rollout ? `, after the rollout at ${utc(facts.rollout.at)}` : '';

/** Where a workload is needed but the evidence names none, the action cannot be aimed: investigate instead. */
export function investigateUnknownWorkload(what: string, evidence: EvidenceRef[], confidence: number): SuggestionDraft {
  return draft(
    'investigate',
    null,
    confidence,
    `Find the workload behind the ${what}`,
    'The evidence names no owning workload, so no action on one can be aimed.',
    evidence
  );
}
