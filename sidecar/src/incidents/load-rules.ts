// Load rules: CPU saturation, latency or errors rising with traffic is scaled (through the HPA when one is in
// charge); without traffic growth it is a regression after a rollout (rolled back) or left to a person.
import { labelOf, refsOf, targetOf } from './incident-facts.ts';
import type { Observation } from './observations.ts';
import {
  afterRollout,
  draft,
  investigateUnknownWorkload,
  rollbackAfterRollout,
  type RemediationRule,
} from './remediation-rule.ts';

const STRAIN = ['cpu-saturation', 'latency-rise', 'error-rise'] as const;

function strainText(strain: readonly Observation[]): string {
  const words = {
    'cpu-saturation': 'CPU saturates',
    'latency-rise': 'latency rises',
    'error-rise': 'errors rise',
  } as Record<string, string>;
  return [...new Set(strain.map((o) => words[o.symptom]))].join(', ');
}

export const saturationWithTraffic: RemediationRule = {
  id: 'saturation-with-traffic',
  match(facts) {
    const strain = facts.seen(...STRAIN);
    const traffic = facts.seen('traffic-growth');
    if (strain.length === 0 || traffic.length === 0) {
      return null;
    }
    const w = facts.workload;
    const evidence = refsOf([...strain, ...traffic]);
    const because = `${strainText(strain)} while traffic grows`;
    if (!w) {
      return {
        rule: this.id,
        cause: 'load beyond capacity',
        because,
        evidence,
        suggestions: [investigateUnknownWorkload('saturation', evidence, 0.5)],
      };
    }
    // With an HPA in charge, scaling the Deployment by hand is undone at its next sync: raise the HPA's bounds.
    const hpa = traffic.find((o) => o.hpa)?.hpa;
    const suggestion = hpa
      ? draft(
          'scale',
          `HorizontalPodAutoscaler/${w.namespace}/${hpa}`,
          0.7,
          `Raise the maximum replicas of HorizontalPodAutoscaler ${w.namespace}/${hpa}: ${because}`,
          `The HPA scales ${labelOf(w)} and traffic still outgrows it; a higher maximum lets it add replicas.`,
          evidence
        )
      : draft(
          'scale',
          targetOf(w),
          0.7,
          `Scale out ${labelOf(w)}: ${because}`,
          'More replicas share the growing load; CPU and latency follow traffic rather than a change in the code.',
          evidence
        );
    return {
      rule: this.id,
      cause: `load beyond the capacity of ${labelOf(w)}`,
      because,
      evidence,
      suggestions: [suggestion],
    };
  },
};

export const regressionAfterRollout: RemediationRule = {
  id: 'regression-after-rollout',
  match(facts) {
    const strain = facts.seen(...STRAIN);
    const w = facts.workload;
    if (strain.length === 0 || facts.seen('traffic-growth').length > 0 || !facts.rollout || !w) {
      return null;
    }
    return {
      rule: this.id,
      cause: `regression in the latest rollout of ${labelOf(w)}`,
      because: `${strainText(strain)} without traffic growth${afterRollout(facts)}`,
      evidence: refsOf(strain, facts.rollout.evidence),
      suggestions: rollbackAfterRollout(facts, w, 0.65, 'the rise', refsOf(strain)),
    };
  },
};

export const unexplainedStrain: RemediationRule = {
  id: 'unexplained-strain',
  match(facts) {
    const strain = facts.seen(...STRAIN);
    if (strain.length === 0 || facts.seen('traffic-growth').length > 0 || facts.rollout) {
      return null;
    }
    const subject = facts.workload ? labelOf(facts.workload) : 'the workload';
    const evidence = refsOf(strain);
    return {
      rule: this.id,
      cause: `${strainText(strain)} in ${subject}`,
      because: 'neither traffic growth nor a rollout was seen to explain it',
      evidence,
      suggestions: [
        draft(
          'investigate',
          null,
          0.4,
          `Investigate ${subject}: ${strainText(strain)} with no traffic growth or rollout to explain it`,
          'A dependency slowing down, a batch job or a noisy neighbour can cause this; scaling is not indicated by the evidence.',
          evidence
        ),
      ],
    };
  },
};
