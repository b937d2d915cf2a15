// The remediation rule table: which evidence suggests which action. Each rule reads the incident's facts and,
// when it fires, names the likely cause and proposes actions with a confidence. Rules only propose; issue 7's
// policies and approvals decide what runs. The table is in the README ("Remediation suggestions"); keep both in step.
import { labelOf, refsOf, targetOf, type IncidentFacts, type WorkloadRef } from './incident-facts.ts';
import type { Observation } from './observations.ts';
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

function draft(
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
function rollbackAfterRollout(
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

const afterRollout = (facts: IncidentFacts) => (facts.rollout ? `, after the rollout at ${utc(facts.rollout.at)}` : '');

/** Where a workload is needed but the evidence names none, the action cannot be aimed: investigate instead. */
function investigateUnknownWorkload(what: string, evidence: EvidenceRef[], confidence: number): SuggestionDraft {
  return draft(
    'investigate',
    null,
    confidence,
    `Find the workload behind the ${what}`,
    'The evidence names no owning workload, so no action on one can be aimed.',
    evidence
  );
}

function nodeRules(facts: IncidentFacts, symptom: 'node-not-ready' | 'node-pressure'): RuleMatch | null {
  const seen = facts.seen(symptom);
  if (seen.length === 0) {
    return null;
  }
  const node = seen.find((o) => o.node)?.node ?? facts.context.scope.nodes[0] ?? null;
  const evidence = refsOf(seen);
  const condition =
    symptom === 'node-not-ready' ? 'not ready' : `under ${seen.find((o) => o.detail)?.detail ?? 'resource pressure'}`;
  const [cordon, drain] = symptom === 'node-not-ready' ? [0.8, 0.6] : [0.7, 0.5];
  if (!node) {
    return {
      rule: symptom,
      cause: `a node ${condition}`,
      because: 'the evidence reports a node problem but does not name the node',
      evidence,
      suggestions: [
        draft('investigate', null, 0.5, `Find the node that is ${condition}`, 'No evidence names the node.', evidence),
      ],
    };
  }
  const suggestions = [
    draft(
      'cordon-node',
      `Node/${node}`,
      cordon,
      `Cordon node ${node}: it is ${condition}`,
      `Cordoning stops new pods from landing on ${node} while it is ${condition}; running pods stay.`,
      evidence
    ),
    draft(
      'drain-node',
      `Node/${node}`,
      drain,
      `Drain node ${node} once cordoned, so its pods move to healthy nodes`,
      `Draining evicts ${node}'s pods (respecting PodDisruptionBudgets) so their controllers start them elsewhere.`,
      evidence
    ),
  ];
  // A StatefulSet does not replace a pod on a lost node until the pod is deleted; a Deployment does by itself.
  const w = facts.workload;
  if (symptom === 'node-not-ready' && w?.kind === 'StatefulSet') {
    for (const pod of facts.context.scope.pods) {
      suggestions.push(
        draft(
          'delete-pod',
          `Pod/${w.namespace}/${pod}`,
          0.5,
          `Delete pod ${w.namespace}/${pod} so ${labelOf(w)} recreates it on a healthy node`,
          `A StatefulSet keeps a pod on an unreachable node until it is deleted, to never run two copies.`,
          evidence
        )
      );
    }
  }
  return {
    rule: symptom,
    cause: `node ${node} is ${condition}`,
    because: `${seen.length} piece(s) of evidence report node ${node} ${condition}`,
    evidence,
    suggestions,
  };
}

const imagePull: RemediationRule = {
  id: 'image-pull',
  match(facts) {
    const seen = facts.seen('image-pull');
    if (seen.length === 0) {
      return null;
    }
    const w = facts.workload;
    const evidence = refsOf(seen, facts.rollout?.evidence);
    const because = `its pods cannot pull their container image${afterRollout(facts)}`;
    if (!w) {
      return {
        rule: this.id,
        cause: 'container image cannot be pulled',
        because,
        evidence,
        suggestions: [investigateUnknownWorkload('image pull failures', evidence, 0.6)],
      };
    }
    // A restart would pull the same image again: only the previous revision's image is known to work.
    return {
      rule: this.id,
      cause: `container image of ${labelOf(w)} cannot be pulled`,
      because,
      evidence,
      suggestions: [
        draft(
          'rollback',
          targetOf(w),
          facts.rollout ? 0.85 : 0.65,
          `Roll back ${labelOf(w)} to its previous revision: its image cannot be pulled`,
          'The pods wait on an image that cannot be pulled (a wrong tag, a missing image or registry credentials); ' +
            'a restart would pull the same image again, the previous revision runs an image that worked.',
          evidence
        ),
        ...(facts.rollout
          ? []
          : [
              draft(
                'investigate',
                null,
                0.5,
                `Check the image name and pull secret of ${labelOf(w)}`,
                'No recent rollout was seen, so the registry or its credentials may have changed rather than the image.',
                evidence
              ),
            ]),
      ],
    };
  },
};

const memoryLeak: RemediationRule = {
  id: 'memory-leak',
  match(facts) {
    const growth = facts.seen('memory-growth');
    const failing = facts.seen('oom-killed', 'crash-loop');
    if (growth.length === 0 || failing.length === 0) {
      return null;
    }
    const w = facts.workload;
    const evidence = refsOf([...growth, ...failing]);
    const since = Math.min(...growth.filter((o) => o.ref.type !== 'forecast').map((o) => o.at), facts.firstSymptomAt);
    const because = `its pods are ${killedOrCrashing(failing)} and its memory has grown toward the limit since ${utc(since)}${afterRollout(facts)}`;
    if (!w) {
      return {
        rule: this.id,
        cause: 'memory leak',
        because,
        evidence,
        suggestions: [investigateUnknownWorkload('memory leak', evidence, 0.6)],
      };
    }
    return {
      rule: this.id,
      cause: `memory leak in ${labelOf(w)}`,
      because,
      evidence,
      suggestions: [
        draft(
          'rollout-restart',
          targetOf(w),
          0.85,
          `Restart ${labelOf(w)}: its memory grows until its pods are ${killedOrCrashing(failing)}`,
          'A rolling restart frees the leaked memory without downtime and buys time; the leak itself comes back.',
          evidence
        ),
        ...rollbackAfterRollout(facts, w, 0.7, 'the memory growth', evidence),
      ],
    };
  },
};

function killedOrCrashing(failing: readonly Observation[]): string {
  return failing.some((o) => o.symptom === 'oom-killed') ? 'OOMKilled' : 'crash-looping';
}

const memoryGrowth: RemediationRule = {
  id: 'memory-growth',
  match(facts) {
    const growth = facts.seen('memory-growth');
    if (growth.length === 0 || facts.seen('oom-killed', 'crash-loop').length > 0) {
      return null;
    }
    const w = facts.workload;
    const evidence = refsOf(growth);
    const crossing = growth
      .filter((o) => o.ref.type === 'forecast')
      .map((o) => o.at)
      .sort((a, b) => a - b)[0];
    const when = crossing === undefined ? '' : ` (forecast to reach it at ${utc(crossing)})`;
    const because = `memory grows toward its limit${when}${afterRollout(facts)}`;
    if (!w) {
      return {
        rule: this.id,
        cause: 'memory growing toward its limit',
        because,
        evidence,
        suggestions: [investigateUnknownWorkload('memory growth', evidence, 0.5)],
      };
    }
    return {
      rule: this.id,
      cause: `memory of ${labelOf(w)} growing toward its limit`,
      because,
      evidence,
      suggestions: [
        draft(
          'rollout-restart',
          targetOf(w),
          0.6,
          `Restart ${labelOf(w)} before its memory reaches the limit${when}`,
          'A rolling restart now avoids the OOM kills the growth leads to; if it is a leak it comes back.',
          evidence
        ),
        ...rollbackAfterRollout(facts, w, 0.5, 'the memory growth', evidence),
      ],
    };
  },
};

const oomWithoutGrowth: RemediationRule = {
  id: 'oom-without-growth',
  match(facts) {
    const oom = facts.seen('oom-killed');
    if (oom.length === 0 || facts.seen('memory-growth').length > 0) {
      return null;
    }
    const w = facts.workload;
    const evidence = refsOf(oom);
    const subject = w ? labelOf(w) : 'the workload';
    return {
      rule: this.id,
      cause: `memory limit too low for ${subject}`,
      because: `its pods are OOMKilled without a slow growth before${afterRollout(facts)}: a spike or the normal load exceeds the limit`,
      evidence,
      suggestions: [
        ...(w ? rollbackAfterRollout(facts, w, 0.65, 'the OOM kills', evidence) : []),
        draft(
          'investigate',
          null,
          0.55,
          `Check the memory limit of ${subject} against its usage`,
          'OOM kills without a steady growth point at a limit set below what the workload needs, or at a sudden spike.',
          evidence
        ),
      ],
    };
  },
};

const crashLoop: RemediationRule = {
  id: 'crash-loop',
  match(facts) {
    const crash = facts.seen('crash-loop');
    if (crash.length === 0 || facts.seen('oom-killed', 'memory-growth', 'image-pull').length > 0) {
      return null;
    }
    const w = facts.workload;
    const evidence = refsOf(crash);
    const subject = w ? labelOf(w) : 'the workload';
    return {
      rule: this.id,
      cause: `containers of ${subject} crash on start`,
      because: `its containers exit and restart repeatedly (not OOMKilled)${afterRollout(facts)}`,
      evidence,
      suggestions: [
        ...(w ? rollbackAfterRollout(facts, w, 0.7, 'the crash loop', evidence) : []),
        draft(
          'investigate',
          null,
          0.5,
          `Read the logs of the crashed containers of ${subject} (kubectl logs --previous)`,
          'The containers exit by themselves; their last logs say why (configuration, a dependency, a bug).',
          evidence
        ),
      ],
    };
  },
};

const unschedulable: RemediationRule = {
  id: 'unschedulable',
  match(facts) {
    const seen = facts.seen('unschedulable');
    if (seen.length === 0) {
      return null;
    }
    const reason = seen.find((o) => o.detail)?.detail ?? null;
    const subject = facts.workload ? labelOf(facts.workload) : 'the workload';
    const evidence = refsOf(seen);
    return {
      rule: this.id,
      cause: `pods of ${subject} cannot be scheduled`,
      because: reason ? `the scheduler reports: ${reason}` : 'pods stay Pending',
      evidence,
      // Adding nodes is the node autoscaler's job (Karpenter, cluster-autoscaler), not an action of ours.
      suggestions: [
        draft(
          'investigate',
          null,
          0.6,
          `Investigate why pods of ${subject} cannot be scheduled${reason ? `: ${reason}` : ''}`,
          'Pending pods wait for capacity, a matching node (selectors, taints, affinity) or a volume; the scheduler message says which.',
          evidence
        ),
      ],
    };
  },
};

const STRAIN = ['cpu-saturation', 'latency-rise', 'error-rise'] as const;

function strainText(strain: readonly Observation[]): string {
  const words = {
    'cpu-saturation': 'CPU saturates',
    'latency-rise': 'latency rises',
    'error-rise': 'errors rise',
  } as Record<string, string>;
  return [...new Set(strain.map((o) => words[o.symptom]))].join(', ');
}

const saturationWithTraffic: RemediationRule = {
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

const regressionAfterRollout: RemediationRule = {
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

const unexplainedStrain: RemediationRule = {
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
