// The remediation lifecycle in one place: policies turn incidents and lone signals into proposals (previewed, then
// stored), people approve or reject them through Grafana (role-checked, recorded), approved proposals execute once
// (ExecutionRunner), executed ones are verified against their trigger, and expired ones are swept. Everything time
// driven happens in tick(now), which the service calls every check interval and tests call on a simulated clock.
import type { GrafanaUser, RemediationAuditList, RemediationDecisionResult, RemediationList } from '../api/contract.ts';
import type { Logger } from '../forecasts/logger.ts';
import { auditOf, iso, messageOf, SIDECAR } from './actors.ts';
import type { RemediationBackend } from './backend.ts';
import { DecisionError } from './decision-error.ts';
import { decide } from './decisions.ts';
import { ExecutionRunner, type StepRetry } from './execution-runner.ts';
import { sweepExpired } from './expiry-sweeper.ts';
import type { PolicyEngine } from './policy-engine.ts';
import type { PolicySubject } from './policy/policy-types.ts';
import { ProposalMaker } from './proposal-maker.ts';
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

export class RemediationManager {
  readonly #o: RemediationManagerOptions;
  readonly #clock: () => number;
  readonly #metrics: RemediationMetrics;
  readonly #runner: ExecutionRunner | null;
  readonly #maker: ProposalMaker | null;
  /** Matching and verification both make proposals: one at a time, so two passes cannot both make the same one. */
  #queue: Promise<void> = Promise.resolve();
  #matchQueued = false;
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
    this.#maker = options.backend
      ? new ProposalMaker({
          store: options.store,
          backend: options.backend,
          policies: options.policies,
          logger: options.logger,
          onApproved: (proposal) => this.#approved(proposal),
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
    for (const { state, count } of this.#o.store.countProposals()) {
      counts[state] = (counts[state] ?? 0) + count;
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

  /** The audit entries the filter selects, with the whole chain checked (GET /api/remediations/audit). */
  auditLog(filter: AuditFilter = {}): RemediationAuditList {
    return { generatedAt: this.#clock(), chain: this.#o.store.verifyAuditChain(), entries: this.audit(filter) };
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
    const result = decide(this.#o.store, id, user, comment, 'approve', this.#clock);
    if (result.changed) {
      this.#approved(result.proposal);
    }
    return result;
  }

  reject(id: string, user: GrafanaUser | null, comment: string): RemediationDecisionResult {
    const result = decide(this.#o.store, id, user, comment, 'reject', this.#clock);
    if (result.changed) {
      this.#metrics.decided(result.proposal);
    }
    return result;
  }

  #approved(proposal: RemediationProposal): void {
    this.#metrics.decided(proposal);
    // Not awaited: the reply says "approved"; the proposal's state shows the execution's progress.
    void this.#runner?.execute(proposal.id);
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
    for (const { policy, draft } of this.#o.policies.match(this.#o.subjects(now), now)) {
      if (this.#stopped) {
        return;
      }
      await this.#maker!.propose(policy, draft, now);
    }
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
      await this.#maker!.propose(policy, { ...draft, followUpOf: proposal.id }, now);
    }
  }
}
