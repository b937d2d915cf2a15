// Pod start-up rules: an image that cannot be pulled is rolled back (never restarted), a crash loop after a rollout
// is rolled back, otherwise its logs are read; Pending pods are investigated with the scheduler's reason.
import { labelOf, refsOf, targetOf } from './incident-facts.ts';
import {
  afterRollout,
  draft,
  investigateUnknownWorkload,
  rollbackAfterRollout,
  type RemediationRule,
} from './remediation-rule.ts';

export const imagePull: RemediationRule = {
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

export const crashLoop: RemediationRule = {
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

export const unschedulable: RemediationRule = {
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
