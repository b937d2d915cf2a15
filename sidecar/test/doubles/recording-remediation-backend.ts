// Test double: a RemediationBackend that changes nothing and records every call, with scripted answers — a plan of
// steps, failures to throw per step op, steps that wait for the test to release them, what tookEffect says, and
// targets that "do not exist" (preview and plan reject with the backend's message, as a real backend does).
import { BackendError, targetRef, type RemediationBackend, type StepSpec } from '../../src/remediation/backend.ts';
import { REMEDIATION_ACTIONS } from '../../src/remediation/names.ts';
import type { ActionPreview, RemediationProposal } from '../../src/remediation/types.ts';

export interface RecordingBackendOptions {
  /** The steps every plan returns; default: an idempotent patch then a non-idempotent delete. */
  steps?: StepSpec[];
  impact?: ActionPreview['impact'];
}

export interface RecordingBackend extends RemediationBackend {
  /** op of every run call, in order. */
  runs: string[];
  previews: string[];
  plans: string[];
  tookEffectAsked: string[];
  /** Errors thrown by the next runs of an op, first in first out. */
  failures: Map<string, Error[]>;
  /** Answer of tookEffect per op (default 'unknown'). */
  tookEffectAnswers: Map<string, boolean | 'unknown'>;
  /** targetRefs whose preview and plan fail with "not found". */
  missing: Set<string>;
  impact: ActionPreview['impact'];
  /** Makes runs of `op` wait until the returned function is called. */
  hold(op: string): () => void;
}

export const PATCH_STEP: StepSpec = {
  name: 'patch Deployment shop/checkout restartedAt=2026-11-26T12:00:00Z',
  op: 'patch-deployment',
  args: { namespace: 'shop', name: 'checkout', restartedAt: '2026-11-26T12:00:00Z' },
  idempotent: true,
};
export const DELETE_STEP: StepSpec = {
  name: 'delete Pod shop/checkout-7d9-x2k',
  op: 'delete-pod',
  args: { namespace: 'shop', name: 'checkout-7d9-x2k', uid: 'uid-1' },
  idempotent: false,
};

export function recordingBackend(options: RecordingBackendOptions = {}): RecordingBackend {
  const holds = new Map<string, Promise<void>>();
  const backend: RecordingBackend = {
    actions: REMEDIATION_ACTIONS,
    ops: [...new Set([PATCH_STEP.op, DELETE_STEP.op, ...(options.steps ?? []).map((s) => s.op)])],
    previewSource: 'plan',
    runs: [],
    previews: [],
    plans: [],
    tookEffectAsked: [],
    failures: new Map(),
    tookEffectAnswers: new Map(),
    missing: new Set(),
    impact: options.impact ?? { podsAffected: 3, replicasChanged: 0 },
    async preview(proposal: RemediationProposal, now: number): Promise<ActionPreview> {
      const ref = targetRef(proposal.target);
      backend.previews.push(ref);
      if (backend.missing.has(ref)) {
        throw new BackendError(`${ref} not found`, { statusCode: 404 });
      }
      return {
        summary: `${proposal.action} ${ref}`,
        diff: `--- a/${ref}\n+++ b/${ref}\n`,
        objects: [{ ref, change: 'patch', before: 'a: 1\n', after: 'a: 2\n' }],
        source: 'plan',
        impact: backend.impact,
        warnings: [],
        computedAt: now,
      };
    },
    async plan(proposal) {
      const ref = targetRef(proposal.target);
      backend.plans.push(ref);
      if (backend.missing.has(ref)) {
        throw new BackendError(`${ref} not found`, { statusCode: 404 });
      }
      return structuredClone(options.steps ?? [PATCH_STEP, DELETE_STEP]);
    },
    async run(step) {
      backend.runs.push(step.op);
      await holds.get(step.op);
      const failure = backend.failures.get(step.op)?.shift();
      if (failure) {
        throw failure;
      }
      return `${step.op} done`;
    },
    async tookEffect(step) {
      backend.tookEffectAsked.push(step.op);
      return backend.tookEffectAnswers.get(step.op) ?? 'unknown';
    },
    hold(op) {
      let release!: () => void;
      holds.set(op, new Promise<void>((resolve) => (release = resolve)));
      return () => {
        holds.delete(op);
        release();
      };
    },
  };
  return backend;
}
