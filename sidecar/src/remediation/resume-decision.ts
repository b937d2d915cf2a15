// What a restarted sidecar does with each step of an execution it finds interrupted. The rule that makes a restart
// safe: a step recorded done is never run again; a step recorded started may have run or not, so it is re-run only
// when it is idempotent, and otherwise only when the backend can tell that it did not take effect.
import type { ExecutionStep } from './types.ts';

export type ResumeDecision =
  { kind: 'skip' } | { kind: 'run'; why: string } | { kind: 'done'; detail: string } | { kind: 'fail'; error: string };

/** True when deciding about this step needs backend.tookEffect's answer first. */
export function needsTookEffect(step: ExecutionStep): boolean {
  return step.status === 'started' && !step.idempotent;
}

/**
 * `tookEffect` is the backend's answer for a started non-idempotent step (a failed question counts as 'unknown');
 * undefined for every other step.
 */
export function resumeDecision(step: ExecutionStep, tookEffect?: boolean | 'unknown'): ResumeDecision {
  switch (step.status) {
    case 'done':
    case 'skipped':
      return { kind: 'skip' };
    case 'pending':
      return { kind: 'run', why: 'not started before the restart' };
    case 'failed':
      return { kind: 'fail', error: `step "${step.name}" had failed before the restart` };
    case 'started':
      if (step.idempotent) {
        return { kind: 'run', why: 'interrupted; idempotent, so run again with the same arguments' };
      }
      if (tookEffect === true) {
        return { kind: 'done', detail: 'interrupted by a restart; the backend reports it took effect' };
      }
      if (tookEffect === false) {
        return { kind: 'run', why: 'interrupted; the backend reports it did not take effect' };
      }
      return {
        kind: 'fail',
        error: `interrupted during "${step.name}"; its effect is unknown — check by hand`,
      };
  }
}
