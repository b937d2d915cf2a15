// Subjects and policies for the policy tests: the demo's checkout incident as the incident manager builds it, and
// policies validated from their YAML form like the config loader does (so every default applies).
import { loadBuiltInPolicies } from '../../../src/remediation/policy/load-policies.ts';
import type { PolicyInput } from '../../../src/remediation/policy/policy-schema.ts';
import type { PolicySubject, ProposalDraft, RemediationPolicy } from '../../../src/remediation/policy/policy-types.ts';
import type { IncidentAlert } from '../../../src/incidents/types.ts';
import type { ProposalExecution, ProposalState, RemediationProposal } from '../../../src/remediation/types.ts';

export const MIN = 60_000;
export const NOW = Date.UTC(2026, 10, 26, 10, 0, 0);

/** One policy from its YAML form; throws with the issues when it does not validate. */
export function policy(input: PolicyInput): RemediationPolicy {
  const { policies, issues } = loadBuiltInPolicies([input]);
  if (issues.length > 0) {
    throw new Error(issues.map((i) => `${i.field}: ${i.message}`).join('\n'));
  }
  return policies[0].policy;
}

export function alert(labels: Record<string, string>, overrides: Partial<IncidentAlert> = {}): IncidentAlert {
  return {
    fingerprint: `fp-${Object.values(labels).join('-')}`,
    alertname: labels.alertname,
    status: 'firing',
    severity: labels.severity ?? null,
    labels,
    annotations: {},
    startsAt: NOW - 20 * MIN,
    endsAt: null,
    generatorURL: null,
    ...overrides,
  };
}

const predicted = (pod: string, startsAt: number) =>
  alert(
    {
      alertname: 'ContainerMemoryLimitPredicted',
      namespace: 'shop',
      pod,
      container: 'checkout',
      forecast_job: 'container-memory',
      severity: 'critical',
    },
    { startsAt }
  );

/** The demo's checkout memory leak: predicted-OOM alerts on two pods, an OOM finding, an anomaly and a forecast. */
export function checkoutIncident(overrides: Partial<PolicySubject> = {}): PolicySubject {
  return {
    type: 'incident',
    id: 'inc-checkout',
    title: 'ContainerMemoryLimitPredicted on Deployment shop/checkout',
    severity: 'critical',
    scope: {
      namespace: 'shop',
      workload: { kind: 'Deployment', name: 'checkout' },
      pods: ['checkout-7d9f8c6b5-x2k4p', 'checkout-7d9f8c6b5-q8w3e'],
      nodes: ['ip-10-0-1-7'],
    },
    openedAt: NOW - 25 * MIN,
    alerts: [
      predicted('checkout-7d9f8c6b5-q8w3e', NOW - 25 * MIN),
      predicted('checkout-7d9f8c6b5-x2k4p', NOW - 30 * MIN),
    ],
    findings: [
      {
        id: 'k8sgpt-operator-system/shopcheckout7d9f8c6b5x2k4p',
        kind: 'Pod',
        name: 'shop/checkout-7d9f8c6b5-x2k4p',
        severity: 'critical',
        errors: ['the last termination reason is OOMKilled container=checkout pod=checkout-7d9f8c6b5-x2k4p'],
        details: null,
        parentObject: 'Deployment/checkout',
        firstSeen: NOW - 90 * MIN,
        goneAt: null,
      },
    ],
    anomalies: [
      {
        id: 'workload-memory-0123456789ab',
        title: 'Workload memory (largest pod) {container="checkout", namespace="shop"}',
        kind: 'drift',
        direction: 'up',
        score: 0.93,
        start: NOW - 3 * 60 * MIN,
        ongoing: true,
      },
    ],
    forecasts: [
      {
        id: 'container-memory-abcdef012345',
        title: 'Container memory vs limit {container="checkout", namespace="shop", pod="checkout-7d9f8c6b5-x2k4p"}',
        unit: 'bytes',
        current: 900e6,
        threshold: 1073741824,
        direction: 'above',
        crossesAt: NOW + 40 * MIN,
      },
    ],
    events: [],
    ...overrides,
  };
}

/** A lone item wrapped as a subject, as the manager does for evidence outside any incident. */
export function standalone(overrides: Partial<PolicySubject>): PolicySubject {
  return {
    type: 'standalone',
    id: 'standalone:x',
    title: 'standalone',
    severity: 'warning',
    scope: { namespace: null, workload: null, pods: [], nodes: [] },
    openedAt: NOW - 5 * MIN,
    alerts: [],
    findings: [],
    anomalies: [],
    forecasts: [],
    events: [],
    ...overrides,
  };
}

let sequence = 0;

/** A stored proposal made from a draft, in `state`, executed at `executedAt` when given. */
export function proposalFrom(
  draft: ProposalDraft,
  state: ProposalState,
  options: { executedAt?: number; dryRun?: boolean; createdAt?: number; id?: string } = {}
): RemediationProposal {
  sequence += 1;
  const execution: ProposalExecution | null =
    options.executedAt === undefined
      ? null
      : {
          startedAt: options.executedAt,
          finishedAt: state === 'executing' ? null : options.executedAt + 1_000,
          resumed: 0,
          dryRun: options.dryRun ?? false,
          steps: [],
          error: null,
        };
  return {
    ...structuredClone(draft),
    id: options.id ?? `rem-${sequence}`,
    state,
    createdAt: options.createdAt ?? options.executedAt ?? NOW - 60 * MIN,
    updatedAt: NOW,
    decision: null,
    preview: null,
    execution,
    verification: null,
    version: 1,
  };
}
