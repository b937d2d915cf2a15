import type { IconName } from '@grafana/data';
import type { BadgeColor } from '@grafana/ui';
import type {
  ActionPreview,
  ActionTarget,
  Actor,
  AuditEvent,
  ProposalState,
  RemediationAction,
  RemediationDecisionResult,
  RemediationPolicySummary,
  RemediationProposal,
  WhoAmI,
} from '../../api/types';
import { formatDuration } from '../../shared/formatCrossing';

/** Every state in lifecycle order: the order of the counts and of the state filter. */
export const PROPOSAL_STATES: readonly ProposalState[] = [
  'proposed',
  'approved',
  'executing',
  'succeeded',
  'verified',
  'not-verified',
  'failed',
  'rejected',
  'expired',
];

export const isProposalState = (v: unknown): v is ProposalState => PROPOSAL_STATES.includes(v as ProposalState);

/** One look per state: waiting (blue), moving (purple/orange), good (green), bad (red/orange), closed (grey). */
export const STATE_LOOK: Record<ProposalState, { color: BadgeColor; icon: IconName; description: string }> = {
  proposed: { color: 'blue', icon: 'clock-nine', description: 'Waiting for approval' },
  approved: { color: 'purple', icon: 'check', description: 'Approved, about to run' },
  executing: { color: 'orange', icon: 'sync', description: 'Running its steps' },
  succeeded: { color: 'green', icon: 'check', description: 'Ran; verification pending or skipped' },
  verified: { color: 'green', icon: 'check-circle', description: 'Ran, and the problem cleared' },
  'not-verified': { color: 'orange', icon: 'exclamation-triangle', description: 'Ran, but the problem did not clear' },
  failed: { color: 'red', icon: 'exclamation-circle', description: 'A step failed' },
  rejected: { color: 'darkgrey', icon: 'times', description: 'Rejected by a person' },
  expired: { color: 'darkgrey', icon: 'clock-nine', description: 'Nobody decided in time' },
};

export const AUDIT_EVENTS: readonly AuditEvent[] = [
  'proposed',
  'blocked',
  'approved',
  'rejected',
  'expired',
  'execution-started',
  'step',
  'execution-resumed',
  'succeeded',
  'failed',
  'verified',
  'not-verified',
];

export const isAuditEvent = (v: unknown): v is AuditEvent => AUDIT_EVENTS.includes(v as AuditEvent);

const ACTION_LABELS: Record<RemediationAction, string> = {
  'rollout-restart': 'Rollout restart',
  scale: 'Scale',
  'scale-hpa': 'Raise HPA bounds',
  'delete-pod': 'Delete pod',
  'cordon-node': 'Cordon node',
  'drain-node': 'Drain node',
  rollback: 'Roll back',
  silence: 'Silence alert',
  'k8sgpt-analysis': 'K8sGPT analysis',
};

/** Every action, in the order of the labels above (a Record, so a new action cannot be forgotten here). */
export const REMEDIATION_ACTIONS = Object.keys(ACTION_LABELS) as readonly RemediationAction[];

export const isRemediationAction = (v: unknown): v is RemediationAction =>
  REMEDIATION_ACTIONS.includes(v as RemediationAction);

export const actionLabel = (action: RemediationAction) => ACTION_LABELS[action] ?? action;

/** "Deployment/shop/checkout"; "Node/ip-10-0-1-7" for cluster-scoped objects and alerts. */
export const targetText = (t: ActionTarget) => [t.kind, t.namespace, t.name].filter(Boolean).join('/');

const PREVIEW_SOURCES: Record<ActionPreview['source'], string> = {
  'kubernetes-dry-run': 'Kubernetes server-side dry-run',
  simulator: 'simulated cluster',
  plan: 'planned',
};

export const previewSourceLabel = (source: ActionPreview['source']) => PREVIEW_SOURCES[source] ?? source;

/** A countdown with seconds while it is short ("4m 05s"), the compact duration beyond an hour ("2h 10m"). */
export function formatCountdown(ms: number): string {
  if (ms <= 0) {
    return '0s';
  }
  const seconds = Math.floor(ms / 1000);
  if (seconds >= 3600) {
    return formatDuration(ms);
  }
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m > 0 ? `${m}m ${String(s).padStart(2, '0')}s` : `${s}s`;
}

/** Whether a person can still decide: proposed and not past its expiry (the sweeper may not have run yet). */
export const isOpenForDecision = (p: Pick<RemediationProposal, 'state' | 'expiresAt'>, now: number) =>
  p.state === 'proposed' && p.expiresAt > now;

/** A state that will still change by itself, so a page showing it should look again soon. */
export function isMoving(p: Pick<RemediationProposal, 'state' | 'verification' | 'dryRun'>, now: number): boolean {
  if (p.state === 'approved' || p.state === 'executing') {
    return true;
  }
  // Succeeded stays put when there is nothing to verify (dry-run); otherwise it waits for the verification window.
  return p.state === 'succeeded' && p.verification !== null && p.verification.until > now - 60_000;
}

/** "Eddie Editor (editor, Editor)", "policy:checkout-restart" for the sidecar itself. */
export function actorText(actor: Actor): string {
  if (actor.type === 'system') {
    return actor.login;
  }
  const who = actor.name && actor.name !== actor.login ? `${actor.name} (${actor.login})` : actor.login;
  return actor.role ? `${who}, ${actor.role}` : who;
}

export interface DecisionPermission {
  /** False: the buttons are not offered. */
  allowed: boolean;
  /** Why not, or a caveat, shown instead of (or beside) the buttons. */
  hint: string | null;
}

/**
 * What the page offers the signed-in user, from GET /api/whoami. Only a guide: the plugin proxy's POST route and
 * the sidecar decide. Unknown (whoami failed or still loading): offer the buttons and let the server answer.
 */
export function decisionPermission(whoami: WhoAmI | undefined): DecisionPermission {
  if (!whoami) {
    return { allowed: true, hint: null };
  }
  if (!whoami.authenticated) {
    return {
      allowed: false,
      hint: `The sidecar cannot verify your Grafana identity, so it would refuse a decision: ${whoami.reason}`,
    };
  }
  const { role } = whoami.user;
  if (role === 'Editor' || role === 'Admin') {
    return { allowed: true, hint: null };
  }
  return {
    allowed: false,
    hint: `Approving needs the Editor role; you are signed in as ${role === 'None' ? 'a user without a role' : `a ${role}`}.`,
  };
}

export type DiffLineKind = 'file' | 'hunk' | 'add' | 'remove' | 'context' | 'note';

export interface DiffLine {
  kind: DiffLineKind;
  text: string;
}

/**
 * The lines of a unified diff, each with what it is, so additions and removals can be coloured. The "=====" rule
 * jsdiff puts before each file says nothing the file header does not, so it is left out.
 */
export function diffLines(diff: string): DiffLine[] {
  const lines = diff.split('\n');
  if (lines[lines.length - 1] === '') {
    lines.pop();
  }
  return lines
    .filter((text) => !/^={3,}$/.test(text))
    .map((text): DiffLine => {
      if (text.startsWith('+++') || text.startsWith('---') || text.startsWith('Index: ')) {
        return { kind: 'file', text };
      }
      if (text.startsWith('@@')) {
        return { kind: 'hunk', text };
      }
      if (text.startsWith('+')) {
        return { kind: 'add', text };
      }
      if (text.startsWith('-')) {
        return { kind: 'remove', text };
      }
      if (text.startsWith('\\')) {
        return { kind: 'note', text };
      }
      return { kind: 'context', text };
    });
}

/** The policy's limits as short phrases, in the order a reviewer checks them. */
export function policyLimits(limits: RemediationPolicySummary['limits']): string[] {
  const out: string[] = [];
  if (limits.allowedNamespaces.length) {
    out.push(`only in ${limits.allowedNamespaces.join(', ')}`);
  }
  if (limits.forbiddenNamespaces.length) {
    out.push(`never in ${limits.forbiddenNamespaces.join(', ')}`);
  }
  out.push(`cooldown ${formatDuration(limits.cooldownMs)} per target`);
  out.push(`at most ${limits.maxConcurrent} at once`);
  out.push(`${limits.rateLimit.max} per ${formatDuration(limits.rateLimit.perMs)}`);
  out.push(`≤ ${limits.maxPodsAffected} pods affected`);
  out.push(`≤ ${limits.maxReplicasChanged} replicas changed`);
  out.push(`expires after ${formatDuration(limits.expiryMs)}`);
  out.push(limits.verifyForMs > 0 ? `verified over ${formatDuration(limits.verifyForMs)}` : 'not verified');
  return out;
}

/** What a decision from this page did, said once after it. */
export function decisionNotice(result: RemediationDecisionResult): string {
  const { state } = result.proposal;
  if (!result.changed) {
    return `The proposal was already ${state === 'rejected' ? 'rejected' : 'approved'}: nothing happened again.`;
  }
  if (state === 'rejected') {
    return 'Rejected: nothing will run.';
  }
  return result.proposal.dryRun
    ? 'Approved: the sidecar records the steps as a dry-run.'
    : 'Approved: the sidecar runs the action now, then verifies it.';
}
