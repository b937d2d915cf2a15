// Test entry point, run as a child process by kill-resume.test.ts: the real sidecar (startService, demo mode, the
// database and config from the environment) with remediation actions carried out by a backend double that records
// every call in a file — the file survives a SIGKILL, unlike anything in memory. Its plan is an idempotent patch then
// a non-idempotent pod deletion; with KILL_TEST_BLOCK=1 the deletion never returns (the test kills the process while
// it is "running"); tookEffect answers KILL_TEST_TOOK_EFFECT (true, false or unknown).
//
// Not a test file itself (no .test.ts), and nothing here is reachable from the sidecar's own entry points.
import { appendFileSync } from 'node:fs';
import { startService } from '../../src/cli/serve-command.ts';
import { loadConfig } from '../../src/config/index.ts';
import type { RemediationBackend, StepSpec } from '../../src/remediation/backend.ts';
import type { ActionPreview, RemediationProposal } from '../../src/remediation/types.ts';

export const KILL_TEST_POLICY = 'restart-on-memory-leak';

const runsFile = process.env.KILL_TEST_RUNS_FILE!;
const block = process.env.KILL_TEST_BLOCK === '1';
const answer = process.env.KILL_TEST_TOOK_EFFECT ?? 'unknown';
const record = (line: string) => appendFileSync(runsFile, `${process.pid} ${line}\n`);

const steps: StepSpec[] = [
  { name: 'patch Deployment shop/checkout', op: 'patch-deployment', args: { restartedAt: 'fixed' }, idempotent: true },
  { name: 'delete Pod shop/checkout-0', op: 'delete-pod', args: { uid: 'uid-0' }, idempotent: false },
];

/** Test double: records runs in a file; the non-idempotent step can block forever. */
const fileRecordingBackend: RemediationBackend = {
  actions: ['rollout-restart'],
  ops: steps.map((s) => s.op),
  previewSource: 'plan',
  async preview(proposal: RemediationProposal, now: number): Promise<ActionPreview> {
    return {
      summary: `test double: ${proposal.action}`,
      diff: '',
      objects: [],
      source: 'plan',
      impact: { podsAffected: 1, replicasChanged: 0 },
      warnings: [],
      computedAt: now,
    };
  },
  async plan() {
    record('plan');
    return structuredClone(steps);
  },
  async run(step) {
    record(`run ${step.op}`);
    if (block && !step.idempotent) {
      await new Promise(() => {});
    }
    return `${step.op} done`;
  },
  async tookEffect(step) {
    record(`tookEffect ${step.op} → ${answer}`);
    return answer === 'unknown' ? 'unknown' : answer === 'true';
  },
};

const config = loadConfig({ env: process.env, mode: 'demo' });
config.forecasts.jobs = [];
config.anomalies.jobs = [];
config.outliers.jobs = [];
config.slos.specs = [];
config.simulator.alerts = false;
config.remediation.policies = config.remediation.policies.filter((policy) => policy.name === KILL_TEST_POLICY);
const service = await startService(config, {
  mode: 'demo',
  handleSignals: true,
  announce: false,
  remediationBackend: fileRecordingBackend,
});
process.stdout.write(`${JSON.stringify({ url: service.url, pid: process.pid })}\n`);
