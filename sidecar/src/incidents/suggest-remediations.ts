// Ranked remediation suggestions from the rule table, and the diagnosis the built-in explainer tells. Pure and
// deterministic: the same context always gives the same suggestions in the same order.
import { factsOf, labelOf, targetOf, type IncidentFacts } from './incident-facts.ts';
import { evidenceRef, uniqueRefs } from './observations.ts';
import { REMEDIATION_RULES, type RuleMatch, type SuggestionDraft } from './remediation-rules.ts';
import type { EvidenceRef, IncidentContext, RemediationSuggestion } from './types.ts';

export interface Diagnosis {
  facts: IncidentFacts;
  /** The rules that fired, the most confident first (ties: table order); never empty — the last resort fires alone. */
  matches: RuleMatch[];
}

/** The most specific object the evidence names, for a K8sGPT analysis: workload, pod, node or namespace. */
function analysisTarget(facts: IncidentFacts): string | null {
  const { scope } = facts.context;
  if (facts.workload) {
    return targetOf(facts.workload);
  }
  if (scope.namespace && scope.pods.length > 0) {
    return `Pod/${scope.namespace}/${scope.pods[0]}`;
  }
  if (scope.nodes.length > 0) {
    return `Node/${scope.nodes[0]}`;
  }
  return scope.namespace ? `Namespace/${scope.namespace}` : null;
}

export function allEvidence(context: IncidentContext): EvidenceRef[] {
  return uniqueRefs([
    ...context.alerts.map(evidenceRef.alert),
    ...context.findings.map(evidenceRef.finding),
    ...context.anomalies.map(evidenceRef.anomaly),
    ...context.forecasts.map(evidenceRef.forecast),
    ...context.events.map(evidenceRef.event),
  ]);
}

/** When no rule fires: ask K8sGPT about the most specific object, and say that a person has to look. */
function lastResort(facts: IncidentFacts): RuleMatch {
  const target = analysisTarget(facts);
  const evidence = allEvidence(facts.context);
  const subject = facts.workload ? labelOf(facts.workload) : (target ?? 'the cluster');
  const suggestions: SuggestionDraft[] = [];
  if (target) {
    suggestions.push({
      kind: 'k8sgpt-analysis',
      target,
      confidence: 0.3,
      evidence,
      title: `Run a K8sGPT analysis of ${target}`,
      rationale: 'The evidence matches no known pattern; K8sGPT checks the object and its dependents for known faults.',
    });
  }
  suggestions.push({
    kind: 'investigate',
    target: null,
    confidence: 0.2,
    evidence,
    title: `Investigate ${subject}: the evidence matches no known pattern`,
    rationale: 'No rule of the remediation table fired on this evidence.',
  });
  return {
    rule: 'last-resort',
    cause: 'not determined from the evidence',
    because: 'no known pattern matches it',
    evidence,
    suggestions,
  };
}

const best = (match: RuleMatch) => Math.max(...match.suggestions.map((s) => s.confidence));

export function diagnose(context: IncidentContext): Diagnosis {
  const facts = factsOf(context);
  const fired = REMEDIATION_RULES.map((rule) => rule.match(facts)).filter(
    (m): m is RuleMatch => m !== null && m.suggestions.length > 0
  );
  const matches = fired.length > 0 ? fired : [lastResort(facts)];
  return { facts, matches: matches.sort((a, b) => best(b) - best(a)) };
}

/** Same action on the same object (or, for investigations, the same question) is one suggestion. */
const keyOf = (s: SuggestionDraft) => `${s.kind}\u0000${s.target ?? s.title}`;

export function rankSuggestions(drafts: readonly SuggestionDraft[]): RemediationSuggestion[] {
  const merged = new Map<string, SuggestionDraft>();
  // Stable sort: at equal confidence the earlier rule (and its earlier suggestion) wins.
  for (const s of [...drafts].sort((a, b) => b.confidence - a.confidence)) {
    const kept = merged.get(keyOf(s));
    if (!kept) {
      merged.set(keyOf(s), { ...s, evidence: [...s.evidence] });
      continue;
    }
    for (const ref of s.evidence) {
      if (!kept.evidence.some((r) => r.type === ref.type && r.id === ref.id)) {
        kept.evidence.push(ref);
      }
    }
  }
  return [...merged.values()].map((s, index) => ({ rank: index + 1, ...s }));
}

export function suggestRemediations(context: IncidentContext): RemediationSuggestion[] {
  return rankSuggestions(diagnose(context).matches.flatMap((m) => m.suggestions));
}
