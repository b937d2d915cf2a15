// Memory rules: growth toward the limit with OOM kills or a crash loop is a leak (restart, then roll back after a
// rollout); growth alone is restarted before the limit; OOM kills without growth point at the limit itself.
import { labelOf, refsOf, targetOf } from './incident-facts.ts';
import type { Observation } from './observations.ts';
import {
  afterRollout,
  draft,
  investigateUnknownWorkload,
  rollbackAfterRollout,
  type RemediationRule,
} from './remediation-rule.ts';
import { utc } from './time-text.ts';

export const memoryLeak: RemediationRule = {
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

export const memoryGrowth: RemediationRule = {
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

export const oomWithoutGrowth: RemediationRule = {
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
