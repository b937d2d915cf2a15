// Executes approved proposals exactly once. Only the caller whose compare-and-set moves a proposal from approved to
// executing runs it; its steps are planned once (absolute arguments) and stored before any runs; each step is stored
// as started before the backend runs it and as done after, so a sidecar killed at any point finds out on restart
// what may have happened (see resume-decision.ts) instead of guessing.
import type { Logger } from '../forecasts/logger.ts';
import { auditOf, messageOf, SIDECAR, type AuditDetail } from './actors.ts';
import { BackendError, type RemediationBackend, type StepSpec } from './backend.ts';
import { DEFAULT_STEP_RETRY, runWithRetries, specOf, type StepRetry } from './step-retries.ts';
import { blockKey, type Guard, type PolicyEngine } from './policy-engine.ts';
import { READ_ONLY_ACTIONS } from './policy/action-targets.ts';
import type { RemediationPolicy } from './policy/policy-types.ts';
import type { AuditInput, RemediationStore } from './remediation-store.ts';
import type { RemediationMetrics } from './remediation-metrics.ts';
import { needsTookEffect, resumeDecision } from './resume-decision.ts';
import type { ExecutionStep, RemediationProposal } from './types.ts';

export type { StepRetry };

export interface ExecutionRunnerOptions {
  store: RemediationStore;
  backend: RemediationBackend;
  policies: Pick<PolicyEngine, 'policies' | 'executionGuard' | 'dryRun'>;
  metrics: RemediationMetrics;
  clock: () => number;
  logger: Logger;
  retry?: StepRetry;
}

type StepChange = Partial<Pick<ExecutionStep, 'status' | 'startedAt' | 'finishedAt' | 'detail'>>;

export class ExecutionRunner {
  readonly #o: ExecutionRunnerOptions;
  readonly #retry: StepRetry;
  /** Executions running in this process: a second kick (approve, tick, start-up) while one runs does nothing. */
  readonly #running = new Map<string, Promise<void>>();
  /** The last 'blocked' reason audited per proposal, so a limit waiting for many ticks is audited once. */
  readonly #blocked = new Map<string, string>();

  constructor(options: ExecutionRunnerOptions) {
    this.#o = options;
    this.#retry = options.retry ?? DEFAULT_STEP_RETRY;
  }

  /** Runs an approved proposal if this caller wins it; resolves when it finished, failed or was not ours to run. */
  execute(id: string): Promise<void> {
    return this.#once(id, () => this.#execute(id));
  }

  /** Continues an execution a previous process left in 'executing' (start-up only). */
  resume(id: string): Promise<void> {
    return this.#once(id, () => this.#resume(id));
  }

  /** Resolves when every execution started so far has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#running.size > 0) {
      await Promise.all(this.#running.values());
    }
  }

  #once(id: string, work: () => Promise<void>): Promise<void> {
    const running = this.#running.get(id);
    if (running) {
      return running;
    }
    const run = work()
      .catch((error: unknown) =>
        this.#o.logger.error({ proposal: id, error: messageOf(error) }, 'remediation execution failed')
      )
      .finally(() => this.#running.delete(id));
    this.#running.set(id, run);
    return run;
  }

  async #execute(id: string): Promise<void> {
    const { store, backend } = this.#o;
    const before = store.getProposal(id);
    if (!before || before.state !== 'approved') {
      return;
    }
    // A fresh preview: the blast radius is judged on the cluster as it is now, not as it was when proposed.
    let preview = before.preview;
    let previewError: string | null = null;
    try {
      preview = await backend.preview(before, this.#o.clock());
    } catch (error) {
      if (error instanceof BackendError && error.retryable) {
        const reason = `preview failed, will retry: ${error.message}`;
        this.#noteBlocked(before, reason, reason);
        return;
      }
      previewError = `cannot execute: ${messageOf(error)}`;
    }
    const now = this.#o.clock();
    const current = store.getProposal(id);
    if (!current || current.state !== 'approved') {
      return;
    }
    const policy = this.#policy(current.policy);
    const refuse = (reason: string): Guard => ({ ok: false, reason, retryable: false, retryAt: null });
    const guard = previewError
      ? refuse(previewError)
      : policy
        ? this.#o.policies.executionGuard(policy, { ...current, preview }, now)
        : refuse(`policy "${current.policy}" is no longer configured`);
    if (!guard.ok && guard.retryable) {
      this.#noteBlocked(current, guard.reason, blockKey(guard));
      return;
    }
    // The guard read and this compare-and-set run without an await between them: two proposals of one policy cannot
    // both pass a concurrency limit of one.
    const dryRun = current.dryRun || this.#o.policies.dryRun;
    const claimed = store.transition(
      id,
      ['approved'],
      (p) => ({
        ...p,
        state: 'executing',
        preview,
        updatedAt: now,
        execution: { startedAt: now, finishedAt: null, resumed: 0, dryRun, steps: [], error: null },
      }),
      [auditOf(current, 'execution-started', now, SIDECAR, '', { dryRun })],
      current.version
    );
    if (!claimed.ok) {
      return;
    }
    this.#blocked.delete(id);
    if (!guard.ok) {
      this.#finishFailed(claimed.proposal, guard.reason);
      return;
    }
    await this.#planAndRun(claimed.proposal);
  }

  async #resume(id: string): Promise<void> {
    const current = this.#o.store.getProposal(id);
    if (!current || current.state !== 'executing' || !current.execution) {
      return;
    }
    const steps = current.execution.steps;
    const index = steps.findIndex((s) => s.status !== 'done' && s.status !== 'skipped');
    const step = index === -1 ? null : steps[index];
    let tookEffect: boolean | 'unknown' | undefined;
    if (step && needsTookEffect(step)) {
      tookEffect = await this.#o.backend.tookEffect(specOf(step)).catch(() => 'unknown' as const);
    }
    const decision = step ? resumeDecision(step, tookEffect) : null;
    const now = this.#o.clock();
    const detail: AuditDetail = {
      step: step?.name ?? (steps.length === 0 ? '(planning)' : '(finishing)'),
      decision: decision?.kind ?? 'continue',
      tookEffect: tookEffect === undefined ? null : String(tookEffect),
      why: decision?.kind === 'run' ? decision.why : null,
    };
    const resumed = this.#progress(
      current,
      (p) => {
        const execution = { ...p.execution!, resumed: p.execution!.resumed + 1 };
        if (decision?.kind === 'done') {
          execution.steps = withStep(execution.steps, index, {
            status: 'done',
            finishedAt: now,
            detail: decision.detail,
          });
        }
        return { ...p, execution };
      },
      [auditOf(current, 'execution-resumed', now, SIDECAR, 'the sidecar restarted during this execution', detail)]
    );
    if (!resumed) {
      return;
    }
    this.#o.logger.warn({ proposal: id, ...detail }, 'resuming an interrupted remediation');
    if (decision?.kind === 'fail') {
      this.#finishFailed(resumed, decision.error, {
        index,
        change: { status: 'failed', finishedAt: now, detail: decision.error },
      });
      return;
    }
    if (steps.length === 0) {
      await this.#planAndRun(resumed);
      return;
    }
    await this.#runSteps(resumed);
  }

  async #planAndRun(proposal: RemediationProposal): Promise<void> {
    let specs: StepSpec[];
    try {
      specs = await this.#o.backend.plan(proposal, this.#o.clock());
    } catch (error) {
      this.#finishFailed(proposal, `planning failed: ${messageOf(error)}`);
      return;
    }
    const steps: ExecutionStep[] = specs.map((spec) => ({
      ...specOf(spec),
      status: 'pending',
      startedAt: null,
      finishedAt: null,
      detail: '',
    }));
    const planned = this.#progress(proposal, (p) => ({ ...p, execution: { ...p.execution!, steps } }), []);
    if (planned) {
      await this.#runSteps(planned);
    }
  }

  async #runSteps(proposal: RemediationProposal): Promise<void> {
    let current = proposal;
    if (current.execution!.dryRun) {
      this.#recordDryRun(current);
      return;
    }
    for (let index = 0; index < current.execution!.steps.length; index++) {
      const step = current.execution!.steps[index];
      if (step.status === 'done' || step.status === 'skipped') {
        continue;
      }
      const next = await this.#runStep(current, index);
      if (!next) {
        return;
      }
      current = next;
    }
    this.#finishSucceeded(current);
  }

  /** The step's outcome stored; null when the execution failed (already recorded) or was lost. */
  async #runStep(proposal: RemediationProposal, index: number): Promise<RemediationProposal | null> {
    const step = proposal.execution!.steps[index];
    const startedAt = this.#o.clock();
    const started = this.#progress(
      proposal,
      (p) => withExecutionStep(p, index, { status: 'started', startedAt, finishedAt: null }),
      [this.#stepAudit(proposal, step, 'started', startedAt, '')]
    );
    if (!started) {
      return null;
    }
    try {
      const detail = await runWithRetries(this.#o.backend, step, this.#retry);
      const finishedAt = this.#o.clock();
      return this.#progress(started, (p) => withExecutionStep(p, index, { status: 'done', finishedAt, detail }), [
        this.#stepAudit(started, step, 'done', finishedAt, detail),
      ]);
    } catch (error) {
      const message = messageOf(error);
      this.#finishFailed(started, `step "${step.name}" failed: ${message}`, {
        index,
        change: { status: 'failed', finishedAt: this.#o.clock(), detail: message },
      });
      return null;
    }
  }

  #recordDryRun(proposal: RemediationProposal): void {
    const now = this.#o.clock();
    const pending = proposal
      .execution!.steps.map((s, index) => ({ s, index }))
      .filter(({ s }) => s.status !== 'skipped');
    const recorded = this.#progress(
      proposal,
      (p) => ({
        ...p,
        execution: {
          ...p.execution!,
          steps: p.execution!.steps.map((s) =>
            s.status === 'skipped'
              ? s
              : {
                  ...s,
                  status: 'skipped' as const,
                  startedAt: now,
                  finishedAt: now,
                  detail: `dry-run: would ${s.name}`,
                }
          ),
        },
      }),
      pending.map(({ s }) => this.#stepAudit(proposal, s, 'skipped', now, `dry-run: would ${s.name}`))
    );
    if (recorded) {
      this.#finishSucceeded(recorded);
    }
  }

  #finishSucceeded(proposal: RemediationProposal): void {
    const now = this.#o.clock();
    const dryRun = proposal.execution!.dryRun;
    // A dry-run changed nothing and a read-only action (an analysis) cannot clear its trigger: nothing to verify.
    const verifies = !dryRun && !READ_ONLY_ACTIONS.includes(proposal.action);
    const verifyForMs = this.#policy(proposal.policy)?.action.verifyForMs ?? 0;
    const done = this.#o.store.transition(
      proposal.id,
      ['executing'],
      (p) => ({
        ...p,
        state: 'succeeded',
        updatedAt: now,
        execution: { ...p.execution!, finishedAt: now },
        verification: verifies
          ? {
              until: now + verifyForMs,
              clearedAt: null,
              lastCheckedAt: null,
              detail: `watching: ${p.trigger.description}`,
            }
          : null,
      }),
      [auditOf(proposal, 'succeeded', now, SIDECAR, '', { dryRun, steps: proposal.execution!.steps.length })],
      proposal.version
    );
    if (done.ok) {
      this.#o.metrics.executed(proposal.action, dryRun ? 'dry_run' : 'succeeded');
    }
  }

  #finishFailed(proposal: RemediationProposal, error: string, step?: { index: number; change: StepChange }): void {
    const now = this.#o.clock();
    const done = this.#o.store.transition(
      proposal.id,
      ['executing'],
      (p) => {
        const execution = { ...p.execution!, finishedAt: now, error };
        if (step) {
          execution.steps = withStep(execution.steps, step.index, step.change);
        }
        return { ...p, state: 'failed', updatedAt: now, execution };
      },
      [
        auditOf(proposal, 'failed', now, SIDECAR, error, {
          step: step ? proposal.execution!.steps[step.index].name : null,
        }),
      ],
      proposal.version
    );
    if (done.ok) {
      this.#o.metrics.executed(proposal.action, 'failed');
      this.#o.logger.warn({ proposal: proposal.id, error }, 'remediation failed');
    }
  }

  /** Stores progress within 'executing'; null (and a warning) if the proposal changed under us, which no one should do. */
  #progress(
    proposal: RemediationProposal,
    change: (p: RemediationProposal) => RemediationProposal,
    audit: AuditInput[]
  ): RemediationProposal | null {
    const result = this.#o.store.transition(proposal.id, ['executing'], change, audit, proposal.version);
    if (result.ok) {
      return result.proposal;
    }
    this.#o.logger.error(
      {
        proposal: proposal.id,
        state: result.current?.state,
        version: result.current?.version,
        expected: proposal.version,
      },
      'remediation execution stopped: the proposal changed while executing'
    );
    return null;
  }

  #stepAudit(
    proposal: RemediationProposal,
    step: ExecutionStep,
    status: string,
    at: number,
    detail: string
  ): AuditInput {
    return auditOf(proposal, 'step', at, SIDECAR, detail, {
      step: step.name,
      op: step.op,
      status,
      idempotent: step.idempotent,
    });
  }

  #noteBlocked(proposal: RemediationProposal, reason: string, key: string): void {
    if (this.#blocked.get(proposal.id) === key) {
      return;
    }
    this.#blocked.set(proposal.id, key);
    this.#o.store.appendAudit(auditOf(proposal, 'blocked', this.#o.clock(), SIDECAR, reason, { retrying: true }));
  }

  #policy(name: string): RemediationPolicy | undefined {
    return this.#o.policies.policies.find((policy) => policy.name === name);
  }
}

function withStep(steps: ExecutionStep[], index: number, change: StepChange): ExecutionStep[] {
  return steps.map((s, i) => (i === index ? { ...s, ...change } : s));
}

function withExecutionStep(p: RemediationProposal, index: number, change: StepChange): RemediationProposal {
  return { ...p, execution: { ...p.execution!, steps: withStep(p.execution!.steps, index, change) } };
}
