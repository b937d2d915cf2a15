// One run of the leak story (leak-scenario.ts) with a scripted approval: the stages on the simulated clock, MTTR,
// and what is checked afterwards on the same run — the checkout memory back at its baseline, the forecast crossing
// moved away, the audit trail, the MTTR metric, the number of restarts. Used by the scenario test and the benchmark.
import type { RemediationDecisionResult, RemediationProposal } from '../../src/api/contract.ts';
import type { AuditEntry } from '../../src/remediation/types.ts';
import {
  EDITOR,
  LeakService,
  MIN,
  OTHER_EDITORS,
  STORY_JOBS,
  type AnomalyRun,
  type Answer,
  type ForecastRun,
  type LeakServiceOptions,
} from './leak-scenario.ts';

export interface LeakScenarioOptions extends LeakServiceOptions {
  /** From the proposal being made to the Editor's approval, simulated; default 60 s. */
  approvalDelayMs?: number;
  /**
   * Approval requests sent at once when the delay is over (default 1: Edna alone). More: half replay Edna's token,
   * the rest come from four other Editors — the proposal must still be approved and executed once.
   */
  approvals?: number;
  /** Called at the approval moment, before the approvals are sent (a test tries a Viewer's approval here). */
  beforeApproval?: (leak: LeakService, proposal: RemediationProposal) => Promise<void>;
}

/** Simulated times of the story's stages (epoch ms; null: not seen). */
export interface Stages {
  /** The first run of the container-memory forecast that put a checkout pod's limit crossing in its horizon. */
  forecastSeenAt: number | null;
  /** The crossing that run predicted. */
  forecastCrossingAt: number | null;
  /** The workload-memory anomaly on checkout: when a job run first reported it ongoing, and when the event began. */
  anomalySeenAt: number | null;
  anomalyStart: number | null;
  anomalyKind: string | null;
  /** ContainerMemoryLimitPredicted's startsAt: the proposal's problemStartedAt, where MTTR starts. */
  problemStartedAt: number;
  alertReceivedAt: number | null;
  incidentOpenedAt: number | null;
  proposedAt: number;
  approvedAt: number | null;
  executionStartedAt: number | null;
  executionFinishedAt: number | null;
  /** The simulated Alertmanager's resolved notification reaching the sidecar. */
  alertResolvedReceivedAt: number | null;
  clearedAt: number | null;
  verifiedAt: number | null;
}

export interface LeakScenarioResult {
  approvalDelayMs: number;
  stepMs: number;
  stages: Stages;
  /** clearedAt − problemStartedAt of the verified proposal, ms; null when it was not verified. */
  mttrMs: number | null;
  proposal: RemediationProposal;
  approvals: Array<Answer<RemediationDecisionResult & { message?: string }>>;
  audit: AuditEntry[];
  auditChainOk: boolean;
  restarts: number;
  forecastRuns: ForecastRun[];
  anomalyRuns: AnomalyRun[];
  /** The last forecast run before the restart, and the first whose data reach past it (working set, crossing). */
  before: ForecastRun | null;
  after: ForecastRun | null;
  /** The checkout memory anomaly as the last anomaly run saw it. */
  anomalyAfter: AnomalyRun | null;
  /** The checkout OOM kill the leak was headed for at the start, and the next one after the restart (simulation). */
  oom: { aheadAtStart: number | null; afterRestart: number | null };
  metrics: { mttrCount: number | null; mttrSum: number | null };
  /** Proposals of the run by state and action, e.g. "verified rollout-restart". */
  proposals: string[];
  wallMs: number;
}

const FINAL = ['verified', 'not-verified', 'failed', 'rejected', 'expired'];

export async function runLeakScenario(options: LeakScenarioOptions = {}): Promise<LeakScenarioResult> {
  const wallStart = performance.now();
  const approvalDelayMs = options.approvalDelayMs ?? 60_000;
  const leak = await LeakService.start(options);
  try {
    await leak.until(() => leak.restartProposal() !== undefined, 30 * MIN, 'a rollout-restart proposal for checkout');
    const proposed = leak.restartProposal()!;
    await leak.stepTo(proposed.createdAt + approvalDelayMs);
    await options.beforeApproval?.(leak, leak.restartProposal()!);
    const approvals = await approve(leak, proposed.id, options.approvals ?? 1);
    await leak.service.remediation.manager.idle();
    await leak.until(() => FINAL.includes(leak.restartProposal()!.state), 30 * MIN, 'the restart verified');
    const proposal = leak.restartProposal()!;
    const restartAt = proposal.execution?.startedAt ?? leak.now;
    // The first scheduled forecast run whose data reach past the restart (its samples sit on the job's step grid).
    const jobStepMs = leak.config.forecasts.jobs.find((j) => j.name === STORY_JOBS.forecast)?.stepMs ?? 5 * MIN;
    const seesRestart = (r: ForecastRun) => r.at >= restartAt + jobStepMs;
    await leak.until(() => leak.forecastRuns.some(seesRestart), 15 * MIN, 'a forecast run with data after the restart');

    const { entries, chain } = await leak.audit(proposal.id);
    const metrics = await leak.metricsText();
    const before = leak.forecastRuns.filter((r) => r.at <= restartAt).at(-1) ?? null;
    const after = leak.forecastRuns.find(seesRestart) ?? null;
    const firstCrossing = leak.forecastRuns.find((r) => r.crossingAt !== null) ?? null;
    const firstAnomaly = leak.anomalyRuns.find((r) => r.ongoing) ?? null;
    const verified = entries.find((e) => e.event === 'verified');
    const stages: Stages = {
      forecastSeenAt: firstCrossing?.at ?? null,
      forecastCrossingAt: firstCrossing?.crossingAt ?? null,
      anomalySeenAt: firstAnomaly?.at ?? null,
      anomalyStart: firstAnomaly?.start ?? null,
      anomalyKind: firstAnomaly?.kind ?? null,
      problemStartedAt: proposal.problemStartedAt,
      alertReceivedAt: leak.marks.alertReceivedAt,
      incidentOpenedAt: leak.marks.incidentOpenedAt,
      proposedAt: proposal.createdAt,
      approvedAt: proposal.decision?.at ?? null,
      executionStartedAt: proposal.execution?.startedAt ?? null,
      executionFinishedAt: proposal.execution?.finishedAt ?? null,
      alertResolvedReceivedAt: leak.marks.alertResolvedReceivedAt,
      clearedAt: proposal.verification?.clearedAt ?? null,
      verifiedAt: verified?.at ?? null,
    };
    return {
      approvalDelayMs,
      stepMs: leak.stepMs,
      stages,
      mttrMs:
        proposal.state === 'verified' && stages.clearedAt !== null
          ? stages.clearedAt - proposal.problemStartedAt
          : null,
      proposal,
      approvals,
      audit: entries,
      auditChainOk: chain.ok,
      restarts: leak.restarts(),
      forecastRuns: leak.forecastRuns,
      anomalyRuns: leak.anomalyRuns,
      before,
      after,
      anomalyAfter: leak.anomalyRuns.at(-1) ?? null,
      oom: { aheadAtStart: leak.oomAheadAtStart, afterRestart: leak.nextOomKill(restartAt) },
      metrics: {
        mttrCount: sample(metrics, 'prophet_remediation_mttr_seconds_count'),
        mttrSum: sample(metrics, 'prophet_remediation_mttr_seconds_sum'),
      },
      proposals: leak.service.remediation.manager
        .list()
        .proposals.map((p) => `${p.state} ${p.action} ${p.target.kind}/${p.target.namespace}/${p.target.name}`),
      wallMs: performance.now() - wallStart,
    };
  } finally {
    await leak.close();
  }
}

/** n approvals at once: the first half replay Edna's token, the rest are the other Editors' in turn. */
async function approve(leak: LeakService, id: string, n: number) {
  const users = Array.from({ length: n }, (_, i) =>
    i < Math.ceil(n / 2) ? EDITOR : OTHER_EDITORS[i % OTHER_EDITORS.length]
  );
  await Promise.all(users.map((u) => leak.token(u))); // signed before, so the requests leave together
  return Promise.all(users.map((u, i) => leak.decide(id, u, 'approve', `approved by script (request ${i + 1}/${n})`)));
}

/** The value of an unlabelled sample in Prometheus text, or null. */
function sample(text: string, name: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? null : Number(line.slice(name.length + 1));
}
