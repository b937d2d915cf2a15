// The remediation lifecycle in one place: policies turn incidents and lone signals into proposals (previewed, then
// stored), people approve or reject them through Grafana (role-checked, recorded), approved proposals execute once
// (ExecutionRunner), executed ones are verified against their trigger, and expired ones are swept. Everything time
// driven happens in tick(now), which the service calls every check interval and tests call on a simulated clock.
import { randomBytes } from 'node:crypto';
import type { GrafanaUser, RemediationDecisionResult, RemediationList } from '../api/contract.ts';
import type { Logger } from '../forecasts/logger.ts';
import { auditOf, iso, messageOf, policyActor, SIDECAR, userActor } from './actors.ts';
import { targetRef, type RemediationBackend } from './backend.ts';
import { DecisionError } from './decision-error.ts';
import { ExecutionRunner, type StepRetry } from './execution-runner.ts';
import { expireIfDue, sweepExpired } from './expiry-sweeper.ts';
import { FINAL_STATES } from './names.ts';
import { blockKey, type PolicyEngine } from './policy-engine.ts';
import type { PolicySubject, ProposalDraft, RemediationPolicy } from './policy/policy-types.ts';
import { noMetrics, type RemediationMetrics } from './remediation-metrics.ts';
import type { AuditFilter, ProposalFilter, RemediationStore } from './remediation-store.ts';
import type { ActionPreview, AuditEntry, ProposalState, RemediationProposal } from './types.ts';
import { advanceVerification, type TriggerProbe } from './verification.ts';

/** A preview older than this is recomputed when asked for while the proposal waits for a decision. */
export const PREVIEW_MAX_AGE_MS = 60_000;

export interface RemediationManagerOptions {
  store: RemediationStore;
  /** null: remediation is disabled (no cluster to act on): nothing is proposed or executed. */
  backend: RemediationBackend | null;
  backendKind: RemediationList['backend'];
  policies: PolicyEngine;
  /** The incidents and lone signals policies are matched against, as they are now. */
  subjects: (now: number) => PolicySubject[];
  probe: TriggerProbe;
  metrics?: RemediationMetrics;
  clock?: () => number;
  logger: Logger;
  retry?: StepRetry;
}

type Decision = 'approve' | 'reject';

export class RemediationManager {
  readonly #o: RemediationManagerOptions;
  readonly #clock: () => number;
  readonly #metrics: RemediationMetrics;
  readonly #runner: ExecutionRunner | null;
  /** Matching and verification both make proposals: one at a time, so two passes cannot both make the same one. */
  #queue: Promise<void> = Promise.resolve();
  #matchQueued = false;
  /** The last 'blocked' reason audited per (policy, target, trigger): a guard that holds for hours is audited once. */
  readonly #blocked = new Map<string, string>();
  #stopped = false;

  constructor(options: RemediationManagerOptions) {
    this.#o = options;
    this.#clock = options.clock ?? Date.now;
    this.#metrics = options.metrics ?? noMetrics;
    this.#runner = options.backend
      ? new ExecutionRunner({
          store: options.store,
          backend: options.backend,
          policies: options.policies,
          metrics: this.#metrics,
          clock: this.#clock,
          logger: options.logger,
          retry: options.retry,
        })
      : null;
  }

  get enabled(): boolean {
    return this.#runner !== null;
  }

  get policies(): PolicyEngine {
    return this.#o.policies;
  }

  /**
   * Start-up: executions a previous process left running resume (or fail cleanly), approved proposals execute.
   * Resolves once they are under way; idle() waits for them.
   */
  start(): void {
    if (!this.#runner) {
      return;
    }
    for (const proposal of this.#o.store.listProposals({ states: ['executing'] })) {
      void this.#runner.resume(proposal.id);
    }
    for (const proposal of this.#o.store.listProposals({ states: ['approved'] })) {
      void this.#runner.execute(proposal.id);
    }
  }

  /** Stops making proposals and waits for what is under way. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.idle();
  }

  /** Expiry, verification checks, approved proposals waiting on a limit, and a matching pass. */
  async tick(now = this.#clock()): Promise<void> {
    sweepExpired(this.#o.store, now);
    if (!this.#runner || this.#stopped) {
      return;
    }
    await this.#enqueue(() => this.#verify(now));
    for (const proposal of this.#o.store.listProposals({ states: ['approved'] })) {
      void this.#runner.execute(proposal.id);
    }
    await this.#enqueue(() => this.#match(now));
  }

  /** An incident changed: match policies soon (one pass for a burst of changes). */
  requestMatch(): void {
    if (!this.#runner || this.#matchQueued || this.#stopped) {
      return;
    }
    this.#matchQueued = true;
    void this.#enqueue(() => {
      this.#matchQueued = false;
      return this.#match(this.#clock());
    });
  }

  /** Resolves when queued matching, verification and every execution started so far are done. */
  async idle(): Promise<void> {
    await this.#queue;
    await this.#runner?.idle();
    await this.#queue;
  }

  list(filter: ProposalFilter = {}): RemediationList {
    const counts: Partial<Record<ProposalState, number>> = {};
    for (const { state } of this.#o.store.listProposals()) {
      counts[state] = (counts[state] ?? 0) + 1;
    }
    return {
      generatedAt: this.#clock(),
      dryRun: this.#o.policies.dryRun,
      backend: this.#o.backendKind,
      counts,
      proposals: this.#o.store.listProposals(filter),
    };
  }

  get(id: string): RemediationProposal | undefined {
    return this.#o.store.getProposal(id);
  }

  audit(filter: AuditFilter = {}): AuditEntry[] {
    return this.#o.store.listAudit(filter);
  }

  verifyAuditChain() {
    return this.#o.store.verifyAuditChain();
  }

  /** The proposal's preview, recomputed when older than a minute while it waits for a decision. */
  async preview(id: string): Promise<ActionPreview> {
    const proposal = this.#require(id);
    const now = this.#clock();
    const stale = proposal.preview === null || now - proposal.preview.computedAt > PREVIEW_MAX_AGE_MS;
    if (proposal.state !== 'proposed' || !stale || !this.#o.backend) {
      if (proposal.preview) {
        return proposal.preview;
      }
      throw new DecisionError(404, `proposal ${id} has no preview`);
    }
    let fresh: ActionPreview;
    try {
      fresh = await this.#o.backend.preview(proposal, now);
    } catch (error) {
      if (!proposal.preview) {
        throw new DecisionError(502, `preview of proposal ${id} failed: ${messageOf(error)}`);
      }
      const when = iso(proposal.preview.computedAt);
      return {
        ...proposal.preview,
        warnings: [...proposal.preview.warnings, `from ${when}; recomputing failed: ${messageOf(error)}`],
      };
    }
    this.#o.store.transition(id, ['proposed'], (p) => ({ ...p, preview: fresh }), [], proposal.version);
    return fresh;
  }

  approve(id: string, user: GrafanaUser | null, comment: string): RemediationDecisionResult {
    return this.#decide(id, user, comment, 'approve');
  }

  reject(id: string, user: GrafanaUser | null, comment: string): RemediationDecisionResult {
    return this.#decide(id, user, comment, 'reject');
  }

  #decide(id: string, user: GrafanaUser | null, comment: string, decision: Decision): RemediationDecisionResult {
    const verb = decision === 'approve' ? 'approving' : 'rejecting';
    if (!user) {
      throw new DecisionError(
        401,
        `${verb} needs a verified Grafana identity: call through Grafana's plugin proxy with ID forwarding (X-Grafana-Id)`
      );
    }
    if (user.role !== 'Editor' && user.role !== 'Admin') {
      throw new DecisionError(
        403,
        `${verb} a remediation needs the Editor or Admin role in Grafana; ${user.login} is ${user.role}`
      );
    }
    if (decision === 'reject' && comment.trim() === '') {
      throw new DecisionError(400, 'rejecting a remediation needs a comment saying why');
    }
    // Each round either stores the decision or finds the proposal moved on; a lost race only costs one more read.
    for (let round = 0; round < 5; round++) {
      const current = this.#require(id);
      const now = this.#clock();
      if (expireIfDue(this.#o.store, current, now)) {
        continue;
      }
      if (current.state !== 'proposed') {
        return this.#alreadyDecided(current, decision);
      }
      const actor = userActor(user);
      const state = decision === 'approve' ? 'approved' : 'rejected';
      const result = this.#o.store.transition(
        id,
        ['proposed'],
        (p) => ({ ...p, state, updatedAt: now, decision: { by: actor, at: now, comment } }),
        [auditOf(current, state, now, actor, comment, { role: user.role, waitedMs: now - current.createdAt })],
        current.version
      );
      if (result.ok) {
        this.#metrics.decided(result.proposal);
        if (decision === 'approve') {
          // Not awaited: the reply says "approved"; the proposal's state shows the execution's progress.
          void this.#runner?.execute(id);
        }
        return { changed: true, proposal: result.proposal };
      }
    }
    throw new DecisionError(409, `proposal ${id} kept changing; try again`);
  }

  #alreadyDecided(current: RemediationProposal, decision: Decision): RemediationDecisionResult {
    const { id, state } = current;
    if (state === 'expired') {
      const verb = decision === 'approve' ? 'approved' : 'rejected';
      throw new DecisionError(409, `proposal ${id} expired at ${iso(current.expiresAt)}; it can no longer be ${verb}`);
    }
    const wasApproved = state !== 'rejected';
    if ((decision === 'approve') === wasApproved) {
      return { changed: false, proposal: current };
    }
    const by = current.decision ? `${current.decision.by.login} at ${iso(current.decision.at)}` : 'someone';
    throw new DecisionError(
      409,
      wasApproved
        ? `proposal ${id} was already approved by ${by} and is ${state}; it can no longer be rejected`
        : `proposal ${id} was rejected by ${by}${current.decision?.comment ? ` ("${current.decision.comment}")` : ''}; it can no longer be approved`
    );
  }

  #require(id: string): RemediationProposal {
    const proposal = this.#o.store.getProposal(id);
    if (!proposal) {
      throw new DecisionError(404, `no remediation proposal "${id}"`);
    }
    return proposal;
  }

  #enqueue(work: () => Promise<void>): Promise<void> {
    const run = this.#queue.then(work);
    this.#queue = run.catch((error: unknown) =>
      this.#o.logger.error({ error: messageOf(error) }, 'remediation matching or verification failed')
    );
    return this.#queue;
  }

  async #match(now: number): Promise<void> {
    if (this.#stopped) {
      return;
    }
    const matches = this.#o.policies.match(this.#o.subjects(now), now);
    const history = this.#o.store.listProposals();
    for (const { policy, draft } of matches) {
      if (this.#stopped) {
        return;
      }
      await this.#propose(policy, draft, history, now);
    }
  }

  /** Makes one proposal from a draft unless it is a repeat or a guard blocks it; adds it to `history`. */
  async #propose(
    policy: RemediationPolicy,
    draft: ProposalDraft,
    history: RemediationProposal[],
    now: number
  ): Promise<void> {
    if (history.some((p) => isRepeat(p, draft, policy, now))) {
      return;
    }
    const key = `${policy.name}|${targetRef(draft.target)}|${draft.trigger.type}:${draft.trigger.id}`;
    const guard = this.#o.policies.proposalGuard(policy, draft, now);
    if (!guard.ok) {
      this.#noteBlocked(key, blockKey(guard), policy, draft, guard.reason, now);
      return;
    }
    const proposal: RemediationProposal = {
      ...draft,
      id: newProposalId(now),
      state: 'proposed',
      createdAt: now,
      updatedAt: now,
      decision: null,
      preview: null,
      execution: null,
      verification: null,
      version: 1,
    };
    try {
      proposal.preview = await this.#o.backend!.preview(proposal, now);
    } catch (error) {
      // No preview, no proposal: nobody should approve what cannot be shown (a target that does not exist, …).
      const reason = `preview failed: ${messageOf(error)}`;
      this.#noteBlocked(key, reason, policy, draft, reason, now);
      return;
    }
    const detail = {
      policy: policy.name,
      trigger: `${draft.trigger.type}:${draft.trigger.id}`,
      approval: draft.approval,
      dryRun: draft.dryRun,
      followUpOf: draft.followUpOf,
    };
    if (
      !this.#o.store.insertProposal(proposal, [
        auditOf(proposal, 'proposed', now, policyActor(policy.name), draft.rationale, detail),
      ])
    ) {
      return;
    }
    this.#blocked.delete(key);
    history.unshift(proposal);
    this.#o.logger.info(
      { proposal: proposal.id, policy: policy.name, target: targetRef(proposal.target) },
      'remediation proposed'
    );
    if (proposal.approval === 'automatic') {
      this.#approveAutomatically(proposal, policy, now);
    }
  }

  #approveAutomatically(proposal: RemediationProposal, policy: RemediationPolicy, now: number): void {
    const actor = policyActor(policy.name);
    const comment = `approved automatically by policy ${policy.name}`;
    const result = this.#o.store.transition(
      proposal.id,
      ['proposed'],
      (p) => ({ ...p, state: 'approved', updatedAt: now, decision: { by: actor, at: now, comment } }),
      [auditOf(proposal, 'approved', now, actor, comment, { automatic: true })],
      proposal.version
    );
    if (result.ok) {
      this.#metrics.decided(result.proposal);
      void this.#runner?.execute(proposal.id);
    }
  }

  /** `why` identifies the refusal (see blockKey); `reason` is its wording for the audit entry. */
  #noteBlocked(
    key: string,
    why: string,
    policy: RemediationPolicy,
    draft: ProposalDraft,
    reason: string,
    now: number
  ): void {
    if (this.#blocked.get(key) === why) {
      return;
    }
    this.#blocked.set(key, why);
    this.#o.store.appendAudit({
      ...auditOf(
        { id: '', action: draft.action, target: draft.target },
        'blocked',
        now,
        policyActor(policy.name),
        reason
      ),
      detail: {
        policy: policy.name,
        trigger: `${draft.trigger.type}:${draft.trigger.id}`,
        followUpOf: draft.followUpOf,
      },
    });
  }

  async #verify(now: number): Promise<void> {
    for (const proposal of this.#o.store.listProposals({ states: ['succeeded'] })) {
      if (!proposal.verification) {
        continue; // a dry-run: nothing changed, nothing to verify
      }
      const step = advanceVerification(proposal.verification, this.#o.probe(proposal, now), now);
      if (step.outcome === 'watching') {
        this.#o.store.transition(
          proposal.id,
          ['succeeded'],
          (p) => ({ ...p, verification: step.verification }),
          [],
          proposal.version
        );
        continue;
      }
      const { clearedAt, detail } = step.verification;
      const result = this.#o.store.transition(
        proposal.id,
        ['succeeded'],
        (p) => ({ ...p, state: step.outcome, updatedAt: now, verification: step.verification }),
        [
          auditOf(proposal, step.outcome, now, SIDECAR, detail, {
            clearedAt,
            problemStartedAt: proposal.problemStartedAt,
          }),
        ],
        proposal.version
      );
      if (!result.ok) {
        continue;
      }
      if (step.outcome === 'verified') {
        this.#metrics.verified(result.proposal);
      } else {
        await this.#followUp(result.proposal, now);
      }
    }
  }

  /** After a failed verification, the policy's next step (a rollback after a restart, …); never a follow-up of one. */
  async #followUp(proposal: RemediationProposal, now: number): Promise<void> {
    const policy = this.#o.policies.policies.find((p) => p.name === proposal.policy);
    if (!policy || proposal.followUpOf !== null) {
      return;
    }
    const draft = this.#o.policies.followUp(policy, proposal, now);
    if (draft) {
      await this.#propose(policy, { ...draft, followUpOf: proposal.id }, this.#o.store.listProposals(), now);
    }
  }
}

/** rem-<base36 time><random>: sorts by creation time, unguessable enough to not collide. */
export function newProposalId(now: number): string {
  return `rem-${now.toString(36)}${randomBytes(3).toString('hex')}`;
}

/**
 * Whether `existing` already covers `draft` (same policy, action and target), so that no proposal is made and
 * nothing is audited: while it is open; ever, for the same incident or the same occurrence of the trigger (an
 * incident whose alerts come and go, a second pod's alert, is one problem); and for the cooldown after a "no"
 * (rejected or expired), so a person is not asked again at once.
 */
export function isRepeat(
  existing: RemediationProposal,
  draft: ProposalDraft,
  policy: RemediationPolicy,
  now: number
): boolean {
  if (draft.followUpOf !== null) {
    return existing.followUpOf === draft.followUpOf;
  }
  const sameTarget =
    existing.policy === draft.policy &&
    existing.action === draft.action &&
    targetRef(existing.target) === targetRef(draft.target);
  if (!sameTarget) {
    return false;
  }
  if (!FINAL_STATES.includes(existing.state)) {
    return true;
  }
  const sameTrigger = existing.trigger.type === draft.trigger.type && existing.trigger.id === draft.trigger.id;
  const sameProblem =
    (existing.incidentId !== null && existing.incidentId === draft.incidentId) ||
    (sameTrigger && existing.problemStartedAt === draft.problemStartedAt);
  if (sameProblem) {
    return true;
  }
  const declined = existing.state === 'rejected' || existing.state === 'expired';
  return declined && sameTrigger && now - existing.updatedAt < policy.action.cooldownMs;
}
