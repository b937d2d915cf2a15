// A remediation manager over the real SQLite store (in memory), the recording backend double and the scripted
// policy engine double, on a simulated clock the test moves: tick() runs what the service's timer would.
import { Registry } from 'prom-client';
import type { GrafanaUser } from '../../src/api/contract.ts';
import { silentLogger } from '../../src/forecasts/logger.ts';
import type { PolicySubject } from '../../src/remediation/policy/policy-types.ts';
import { RemediationManager } from '../../src/remediation/remediation-manager.ts';
import { registerRemediationMetrics } from '../../src/remediation/remediation-metrics.ts';
import type { ProbeResult } from '../../src/remediation/verification.ts';
import type { RemediationProposal } from '../../src/remediation/types.ts';
import { SqliteStore } from '../../src/store/sqlite-store.ts';
import { alert, context, T0 } from '../incidents/incident-fixtures.ts';
import { recordingBackend, type RecordingBackend } from '../doubles/recording-remediation-backend.ts';
import { scriptedPolicyEngine, type ScriptedPolicyEngine } from '../doubles/scripted-policy-engine.ts';

export { T0 };
export const MIN = 60_000;

export const EDITOR: GrafanaUser = {
  uid: 'u1',
  login: 'edna',
  email: 'edna@example.com',
  name: 'Edna',
  role: 'Editor',
  orgId: 1,
};
export const ADMIN: GrafanaUser = { ...EDITOR, uid: 'u2', login: 'ada', name: 'Ada', role: 'Admin' };
export const VIEWER: GrafanaUser = { ...EDITOR, uid: 'u3', login: 'vic', name: 'Vic', role: 'Viewer' };

/** The checkout incident: ContainerMemoryLimitPredicted firing for shop/checkout. */
export function leakSubject(overrides: Partial<PolicySubject> = {}): PolicySubject {
  return {
    ...context({ id: 'inc-leak', alerts: [alert('ContainerMemoryLimitPredicted')] }),
    type: 'incident',
    ...overrides,
  };
}

export interface Harness {
  manager: RemediationManager;
  store: SqliteStore;
  backend: RecordingBackend;
  engine: ScriptedPolicyEngine;
  registry: Registry;
  subjects: PolicySubject[];
  /** What the verification probe answers. */
  probe: ProbeResult;
  now: number;
  /** Moves the clock and runs one tick, then waits for everything it started. */
  tickAt(now: number): Promise<void>;
  /** Runs a tick now and returns the one proposal it made (throws unless exactly one). */
  propose(): Promise<RemediationProposal>;
  close(): void;
}

export function harness(
  options: { store?: SqliteStore; backend?: RecordingBackend; engine?: ScriptedPolicyEngine } = {}
): Harness {
  const store = options.store ?? new SqliteStore(':memory:');
  const registry = new Registry();
  const h = {
    store,
    backend: options.backend ?? recordingBackend(),
    engine: options.engine ?? scriptedPolicyEngine(),
    registry,
    subjects: [leakSubject()],
    probe: { clear: false, detail: 'alert still firing' },
    now: T0 + 5 * MIN,
  } as Harness;
  h.manager = new RemediationManager({
    store: store.remediation,
    backend: h.backend,
    backendKind: 'simulator',
    policies: h.engine,
    subjects: () => h.subjects,
    probe: () => h.probe,
    metrics: registerRemediationMetrics(registry, { store: store.remediation, dryRun: () => h.engine.dryRun }),
    clock: () => h.now,
    logger: silentLogger,
    retry: { attempts: 3, backoffMs: 1_000, sleep: async () => {} },
  });
  h.tickAt = async (now) => {
    h.now = now;
    await h.manager.tick(now);
    await h.manager.idle();
  };
  h.propose = async () => {
    const before = new Set(store.remediation.listProposals().map((p) => p.id));
    await h.tickAt(h.now);
    const made = store.remediation.listProposals().filter((p) => !before.has(p.id));
    if (made.length !== 1) {
      throw new Error(`expected one new proposal, got ${made.length}`);
    }
    return made[0];
  };
  h.close = () => store.close();
  return h;
}

/** The audit events of one proposal, oldest first. */
export function events(h: Harness, proposalId: string): string[] {
  return h.store.remediation.listAudit({ proposalId }).map((e) => e.event);
}
