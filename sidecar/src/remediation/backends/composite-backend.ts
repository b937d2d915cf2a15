// One RemediationBackend over several: proposals go to the backend that declares their action, stored steps to
// the backend that declares their op (a step carries its op, not its action, and must still find its backend after
// a restart). Each backend names its ops for that; an action or op declared twice is a wiring mistake.
import { BackendError, type RemediationBackend, type StepSpec } from '../backend.ts';
import type { ActionPreview, RemediationAction, RemediationProposal } from '../types.ts';

export interface CompositeBackend extends RemediationBackend {
  /** The backend that carries out this action (its previewSource is the one that action's previews have). */
  backendFor(action: RemediationAction): RemediationBackend;
}

export function createCompositeBackend(backends: readonly RemediationBackend[]): CompositeBackend {
  const byAction = new Map<RemediationAction, RemediationBackend>();
  const byOp = new Map<string, RemediationBackend>();
  for (const backend of backends) {
    for (const action of backend.actions) {
      if (byAction.has(action)) {
        throw new Error(`two remediation backends carry out ${action}`);
      }
      byAction.set(action, backend);
    }
    for (const op of backend.ops) {
      if (byOp.has(op)) {
        throw new Error(`two remediation backends run op ${op}`);
      }
      byOp.set(op, backend);
    }
  }
  const backendFor = (action: RemediationAction): RemediationBackend => {
    const backend = byAction.get(action);
    if (!backend) {
      throw new BackendError(`no remediation backend carries out ${action} (have: ${[...byAction.keys()].join(', ')})`);
    }
    return backend;
  };
  const forStep = (step: StepSpec): RemediationBackend => {
    const backend = byOp.get(step.op);
    if (!backend) {
      throw new BackendError(`no remediation backend runs op ${step.op} (step "${step.name}")`);
    }
    return backend;
  };
  return {
    actions: [...byAction.keys()],
    ops: [...byOp.keys()],
    // Each preview carries its own source; this is the first backend's, for a caller that wants one value.
    previewSource: backends[0]?.previewSource ?? 'plan',
    backendFor,
    preview: async (proposal: RemediationProposal, now: number): Promise<ActionPreview> =>
      backendFor(proposal.action).preview(proposal, now),
    plan: async (proposal: RemediationProposal, now: number) => backendFor(proposal.action).plan(proposal, now),
    run: async (step: StepSpec) => forStep(step).run(step),
    tookEffect: async (step: StepSpec) => forStep(step).tookEffect(step),
  };
}
