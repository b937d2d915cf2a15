// Proposals and audit inputs for the remediation store tests (and the race worker, which runs in its own process).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import type { AuditInput } from '../../src/remediation/remediation-store.ts';
import type { Actor, AuditEvent, RemediationProposal } from '../../src/remediation/types.ts';

export const alice: Actor = { type: 'user', login: 'alice', name: 'Alice', role: 'Editor' };
export const sidecar: Actor = { type: 'system', login: 'sidecar', name: 'Prophet sidecar', role: null };

export function proposal(id: string, overrides: Partial<RemediationProposal> = {}): RemediationProposal {
  return {
    id,
    policy: 'restart-on-leak',
    action: 'rollout-restart',
    target: { kind: 'Deployment', namespace: 'shop', name: 'checkout' },
    params: {},
    title: 'Restart Deployment shop/checkout',
    rationale: 'memory forecast crosses the limit in 40 minutes',
    trigger: { type: 'alert', id: 'fp-1', description: 'ContainerMemoryLimitPredicted firing for shop/checkout' },
    incidentId: 'inc-1',
    problemStartedAt: 1_000,
    evidence: [{ type: 'alert', id: 'fp-1' }],
    approval: 'required',
    dryRun: false,
    state: 'proposed',
    createdAt: 2_000,
    updatedAt: 2_000,
    expiresAt: 3_602_000,
    decision: null,
    preview: null,
    execution: null,
    verification: null,
    followUpOf: null,
    version: 1,
    ...overrides,
  };
}

export function auditInput(event: AuditEvent, proposalId: string, overrides: Partial<AuditInput> = {}): AuditInput {
  return {
    at: 5_000,
    event,
    proposalId,
    action: 'rollout-restart',
    target: 'Deployment/shop/checkout',
    actor: sidecar,
    comment: '',
    detail: {},
    ...overrides,
  };
}

/** A fresh database file path in a temporary directory removed after the test. */
export function tempDbPath(t: TestContext, prefix = 'prophet-remediation-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'prophet.db');
}
