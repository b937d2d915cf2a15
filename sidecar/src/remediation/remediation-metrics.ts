// Remediation metrics on the service's registry: proposals by state (read from the store at scrape time, so they
// survive restarts), how long proposals wait for a decision, execution outcomes, and MTTR — from the problem
// starting to the verified recovery — the figure the remediation exists to shorten.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { RemediationStore } from './remediation-store.ts';
import type { RemediationAction, RemediationProposal } from './types.ts';

export type ExecutionOutcome = 'succeeded' | 'failed' | 'dry_run';

/** What the manager reports; noMetrics when nothing listens (tests of the lifecycle alone). */
export interface RemediationMetrics {
  /** A proposal was approved or rejected (by a person or a policy), createdAt → decision.at. */
  decided(proposal: RemediationProposal): void;
  executed(action: RemediationAction, outcome: ExecutionOutcome): void;
  /** A proposal was verified: MTTR = verification.clearedAt − problemStartedAt. */
  verified(proposal: RemediationProposal): void;
}

export const noMetrics: RemediationMetrics = { decided: () => {}, executed: () => {}, verified: () => {} };

/** MTTR recovery time in seconds, or null when the proposal has no recovery (not verified). */
function mttrSeconds(proposal: RemediationProposal): number | null {
  const clearedAt = proposal.verification?.clearedAt;
  if (proposal.state !== 'verified' || clearedAt === null || clearedAt === undefined) {
    return null;
  }
  return Math.max(0, clearedAt - proposal.problemStartedAt) / 1000;
}

export function registerRemediationMetrics(
  registry: Registry,
  source: { store: Pick<RemediationStore, 'countProposals'>; dryRun: () => boolean }
): RemediationMetrics {
  new Gauge({
    name: 'prophet_remediation_proposals',
    help: 'Remediation proposals stored, by state and action',
    labelNames: ['state', 'action'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const { state, action, count } of source.store.countProposals()) {
        this.set({ state, action }, count);
      }
    },
  });
  new Gauge({
    name: 'prophet_remediation_dry_run',
    help: '1 while remediation.dryRun is on: proposals are made and approved, but nothing in the cluster changes',
    registers: [registry],
    collect() {
      this.set(source.dryRun() ? 1 : 0);
    },
  });
  const latency = new Histogram({
    name: 'prophet_remediation_approval_latency_seconds',
    help: 'From a proposal being made to its approval or rejection',
    labelNames: ['decision'] as const,
    buckets: [1, 10, 30, 60, 120, 300, 600, 1800, 3600, 14400],
    registers: [registry],
  });
  const executions = new Counter({
    name: 'prophet_remediation_executions_total',
    help: 'Finished executions by action and outcome (succeeded, failed, dry_run)',
    labelNames: ['action', 'outcome'] as const,
    registers: [registry],
  });
  const mttr = new Histogram({
    name: 'prophet_remediation_mttr_seconds',
    help: 'Mean time to recovery of verified remediations: from the problem starting to the trigger clearing',
    buckets: [30, 60, 120, 180, 300, 600, 900, 1800, 3600, 7200],
    registers: [registry],
  });
  return {
    decided(proposal) {
      if (proposal.decision) {
        const decision = proposal.state === 'rejected' ? 'rejected' : 'approved';
        latency.observe({ decision }, Math.max(0, proposal.decision.at - proposal.createdAt) / 1000);
      }
    },
    executed: (action, outcome) => executions.inc({ action, outcome }),
    verified(proposal) {
      const seconds = mttrSeconds(proposal);
      if (seconds !== null) {
        mttr.observe(seconds);
      }
    },
  };
}
