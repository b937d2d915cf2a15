// Contract-shaped remediation answers for the Jest tests, modelled on the demo: the leaking checkout Deployment
// and the built-in policy that proposes restarting it.
import type {
  ActionPreview,
  AuditEntry,
  RemediationAuditList,
  RemediationList,
  RemediationPolicyList,
  RemediationProposal,
} from '../../api/types';
import { CHECKOUT_ID } from '../Findings/findingsFixtures';

const MIN = 60_000;

export const RESTART_ID = 'rem-7c1e9a4d';
export const ROLLBACK_ID = 'rem-2b8f0c31';
export const PAYMENTS_SCALE_ID = 'rem-91d4e6a0';

export const CHECKOUT_DIFF = `===================================================================
--- a/Deployment/shop/checkout
+++ b/Deployment/shop/checkout
@@ -9,7 +9,9 @@
   replicas: 2
   template:
     metadata:
-      annotations: {}
+      annotations:
+        kubectl.kubernetes.io/restartedAt: "2026-11-26T10:00:00.000Z"
       labels:
         app: checkout
     spec:
`;

export function checkoutPreview(computedAt: number): ActionPreview {
  return {
    summary: 'Restarts the 2 pods of Deployment shop/checkout, one at a time (maxUnavailable 25%)',
    diff: CHECKOUT_DIFF,
    objects: [
      { ref: 'Deployment/shop/checkout', change: 'patch', before: 'kind: Deployment\n', after: 'kind: Deployment\n' },
    ],
    source: 'simulator',
    impact: { podsAffected: 2, replicasChanged: 0 },
    warnings: ['2 replicas: capacity drops by half while a pod restarts'],
    computedAt,
  };
}

/** The demo's proposal, waiting for approval; it expires in 25 minutes. */
export function checkoutRestart(now: number, over: Partial<RemediationProposal> = {}): RemediationProposal {
  return {
    id: RESTART_ID,
    policy: 'restart-leaking-deployment',
    action: 'rollout-restart',
    target: { kind: 'Deployment', namespace: 'shop', name: 'checkout' },
    params: {},
    title: 'Restart Deployment shop/checkout before its pods run out of memory',
    rationale: 'Memory of shop/checkout grows steadily toward its limit; a restart resets it to the baseline.',
    trigger: {
      type: 'alert',
      id: 'f3a9c1d2e4b5a6c7',
      description: 'ContainerMemoryLimitPredicted firing for shop/checkout-7b7gb67g55-862k6',
    },
    incidentId: CHECKOUT_ID,
    problemStartedAt: now - 36 * MIN,
    evidence: [
      { type: 'alert', id: 'f3a9c1d2e4b5a6c7' },
      { type: 'anomaly', id: 'workload-memory-ff79d2273560' },
      { type: 'forecast', id: 'container-memory-f28b5f0aba27' },
    ],
    approval: 'required',
    dryRun: false,
    state: 'proposed',
    createdAt: now - 5 * MIN,
    updatedAt: now - 5 * MIN,
    expiresAt: now + 25 * MIN,
    decision: null,
    preview: checkoutPreview(now - 5 * MIN),
    execution: null,
    verification: null,
    followUpOf: null,
    version: 1,
    ...over,
  };
}

/** The same proposal after an Editor approved it and it ran and was verified. */
export function verifiedRestart(now: number): RemediationProposal {
  const approvedAt = now - 4 * MIN;
  return checkoutRestart(now, {
    state: 'verified',
    updatedAt: now - MIN,
    decision: {
      by: { type: 'user', login: 'editor', name: 'Eddie Editor', role: 'Editor' },
      at: approvedAt,
      comment: 'leak confirmed, restart now',
    },
    execution: {
      startedAt: approvedAt + 1000,
      finishedAt: approvedAt + 4000,
      resumed: 1,
      dryRun: false,
      error: null,
      steps: [
        {
          name: 'patch Deployment shop/checkout restartedAt=2026-11-26T10:00:00.000Z',
          op: 'patch-deployment',
          args: { restartedAt: '2026-11-26T10:00:00.000Z' },
          idempotent: true,
          status: 'done',
          startedAt: approvedAt + 1000,
          finishedAt: approvedAt + 2000,
          detail: 'patched; rollout started',
        },
        {
          name: 'wait for rollout of Deployment shop/checkout',
          op: 'wait-rollout',
          args: {},
          idempotent: true,
          status: 'done',
          startedAt: approvedAt + 2000,
          finishedAt: approvedAt + 4000,
          detail: '2/2 pods ready',
        },
      ],
    },
    verification: {
      until: now + 10_000,
      clearedAt: approvedAt + 70_000,
      lastCheckedAt: now - 15_000,
      detail: 'alert resolved',
    },
  });
}

export function remediationList(now: number, over: Partial<RemediationList> = {}): RemediationList {
  const rollback = checkoutRestart(now, {
    id: ROLLBACK_ID,
    action: 'rollback',
    title: 'Roll back Deployment shop/checkout to its previous revision',
    state: 'rejected',
    createdAt: now - 50 * MIN,
    updatedAt: now - 45 * MIN,
    decision: {
      by: { type: 'user', login: 'admin', name: 'Ada Admin', role: 'Admin' },
      at: now - 45 * MIN,
      comment: 'the previous revision leaks too',
    },
  });
  const scale = checkoutRestart(now, {
    id: PAYMENTS_SCALE_ID,
    policy: 'scale-on-burn',
    action: 'scale',
    target: { kind: 'Deployment', namespace: 'payments', name: 'api' },
    title: 'Scale Deployment payments/api by +2 replicas',
    trigger: { type: 'incident', id: 'inc-57dc1bf5511f', description: 'SLOErrorBudgetBurn on Deployment payments/api' },
    incidentId: 'inc-57dc1bf5511f',
    dryRun: true,
    createdAt: now - 2 * MIN,
    updatedAt: now - 2 * MIN,
    expiresAt: now + 8 * MIN,
  });
  return {
    generatedAt: now,
    dryRun: false,
    backend: 'simulator',
    counts: { proposed: 2, rejected: 1, verified: 3 },
    proposals: [scale, checkoutRestart(now), rollback],
    ...over,
  };
}

function entry(seq: number, over: Partial<AuditEntry>): AuditEntry {
  return {
    seq,
    at: 0,
    event: 'proposed',
    proposalId: RESTART_ID,
    action: 'rollout-restart',
    target: 'Deployment/shop/checkout',
    actor: { type: 'system', login: 'policy:restart-leaking-deployment', name: 'policy', role: null },
    comment: '',
    detail: {},
    hash: `hash-${seq}`,
    ...over,
  };
}

export function auditList(now: number, over: Partial<RemediationAuditList> = {}): RemediationAuditList {
  return {
    generatedAt: now,
    chain: { ok: true, entries: 3, firstBrokenSeq: null },
    entries: [
      entry(1, { at: now - 5 * MIN, comment: 'alert ContainerMemoryLimitPredicted matched' }),
      entry(2, {
        at: now - 4 * MIN,
        event: 'approved',
        actor: { type: 'user', login: 'editor', name: 'Eddie Editor', role: 'Editor' },
        comment: 'leak confirmed, restart now',
        detail: { from: 'proposed', to: 'approved' },
      }),
      entry(3, { at: now - 4 * MIN + 1000, event: 'execution-started', detail: { dryRun: false } }),
    ],
    ...over,
  };
}

export function policyList(over: Partial<RemediationPolicyList> = {}): RemediationPolicyList {
  return {
    dryRun: false,
    policies: [
      {
        name: 'restart-leaking-deployment',
        description: 'Restart a Deployment whose memory is predicted to reach its limit',
        source: 'built-in',
        trigger: 'alert ContainerMemoryLimitPredicted',
        action: 'rollout-restart',
        target: 'the alert’s Deployment',
        approval: 'required',
        dryRun: false,
        limits: {
          forbiddenNamespaces: ['kube-system'],
          allowedNamespaces: [],
          cooldownMs: 30 * MIN,
          maxConcurrent: 1,
          rateLimit: { max: 3, perMs: 60 * MIN },
          maxPodsAffected: 10,
          maxReplicasChanged: 0,
          expiryMs: 30 * MIN,
          verifyForMs: 3 * MIN,
        },
        onVerificationFailure: 'rollback',
      },
    ],
    ...over,
  };
}
