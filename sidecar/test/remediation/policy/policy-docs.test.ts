// The documentation of policies is valid and complete: the example policy file loads and shows every trigger kind
// and action, the policy written out (commented) in config.example.yaml validates and names every field, and the
// policy list the API serves describes the built-in policies in words.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { DEFAULT_REMEDIATION_POLICIES } from '../../../src/config/default-remediation-policies.ts';
import { REMEDIATION_ACTIONS } from '../../../src/remediation/names.ts';
import { loadInlinePolicies, loadPolicyFile } from '../../../src/remediation/policy/load-policies.ts';
import { InlinePolicySchema } from '../../../src/remediation/policy/policy-schema.ts';
import { summarizePolicy } from '../../../src/remediation/policy/summarize-policy.ts';
import { policy } from './policy-test-data.ts';

const EXAMPLE_POLICIES = fileURLToPath(
  new URL('../../../../deploy/sidecar/remediation-policies.example.yaml', import.meta.url)
);
const EXAMPLE_CONFIG = fileURLToPath(new URL('../../../config.example.yaml', import.meta.url));

test('the example policy file loads and shows every trigger kind and every action', () => {
  const { policies, issues } = loadPolicyFile(EXAMPLE_POLICIES, readFileSync(EXAMPLE_POLICIES, 'utf8'));
  assert.deepEqual(issues, []);
  const triggers = new Set(policies.flatMap(({ policy: p }) => Object.keys(p.trigger)));
  assert.deepEqual([...triggers].sort(), ['alert', 'anomaly', 'finding', 'forecast', 'incident']);
  const actions = new Set(
    policies.flatMap(({ policy: p }) => [
      p.action.type,
      ...(p.action.onVerificationFailure ? [p.action.onVerificationFailure.type] : []),
    ])
  );
  assert.deepEqual([...actions].sort(), [...REMEDIATION_ACTIONS].sort());
});

/** The `# policies:` block of config.example.yaml's remediation section, uncommented. */
function commentedPolicies(): unknown[] {
  const lines = readFileSync(EXAMPLE_CONFIG, 'utf8').split('\n');
  const start = lines.indexOf('  # policies:');
  assert.ok(start > 0, 'config.example.yaml shows a policy under "  # policies:"');
  const block: string[] = [];
  for (const line of lines.slice(start)) {
    if (!line.startsWith('  #')) {
      break;
    }
    block.push(line.replace(/^ {2}# ?/, ''));
  }
  return (parse(block.join('\n')) as { policies: unknown[] }).policies;
}

test('the policy written out in config.example.yaml validates and shows every field', () => {
  const written = commentedPolicies();
  const { policies, issues } = loadInlinePolicies(written, 'config.example.yaml', null);
  assert.deepEqual(issues, []);
  assert.equal(policies.length, 1);
  const entry = written[0] as Record<string, Record<string, unknown>>;
  assert.deepEqual(Object.keys(entry).sort(), Object.keys(InlinePolicySchema.properties).sort());
  const actionFields = Object.keys(InlinePolicySchema.properties.action.properties).filter((f) => f !== 'params');
  assert.deepEqual(Object.keys(entry.action).sort(), actionFields.sort());
  // Params and the other trigger kinds are shown as comments (rollout-restart takes no params).
  const text = readFileSync(EXAMPLE_CONFIG, 'utf8');
  assert.match(text, /# +# params:/);
  for (const param of Object.keys(InlinePolicySchema.properties.action.properties.params.properties)) {
    assert.match(text, new RegExp(`# +# +${param}: `), `config.example.yaml documents params.${param}`);
  }
  for (const kind of Object.keys(InlinePolicySchema.properties.trigger.properties)) {
    assert.match(text, new RegExp(`# +(# )?${kind}: \\{`), `config.example.yaml shows a ${kind} trigger`);
  }
});

test('the policy list describes triggers and targets in words, with every limit', () => {
  const summaries = DEFAULT_REMEDIATION_POLICIES.map((input) => summarizePolicy(policy(input)));
  assert.deepEqual(
    summaries.map((s) => [s.name, s.trigger, s.action, s.target, s.approval, s.onVerificationFailure]),
    [
      [
        'restart-on-memory-leak',
        'alert ContainerMemoryLimitPredicted',
        'rollout-restart',
        'workload (Deployment)',
        'required',
        'rollback',
      ],
      [
        'delete-crashlooping-pod',
        'K8sGPT finding on a Pod matching /CrashLoopBackOff|back-?off \\S+ restarting failed container|last termination reason is (Error|ContainerCannotRun|StartError)/',
        'delete-pod',
        'pod (Pod)',
        'required',
        null,
      ],
      [
        'raise-hpa-max-on-maxed-out',
        'alert KubeHpaMaxedOut',
        'scale-hpa',
        'hpa (HorizontalPodAutoscaler)',
        'required',
        null,
      ],
      [
        'cordon-not-ready-node',
        'K8sGPT finding on a Node matching /NodeNotReady|NodeUnreachable|NodeStatusUnknown|KubeletNotReady|condition of type Ready\\b/',
        'cordon-node',
        'node (Node)',
        'required',
        'drain-node',
      ],
      [
        'k8sgpt-analysis-on-anomaly',
        'any ongoing anomaly',
        'k8sgpt-analysis',
        'workload (Deployment)',
        'automatic',
        null,
      ],
    ]
  );
  assert.deepEqual(summaries[0].limits, {
    forbiddenNamespaces: ['kube-system'],
    allowedNamespaces: [],
    cooldownMs: 30 * 60_000,
    maxConcurrent: 1,
    rateLimit: { max: 5, perMs: 3_600_000 },
    maxPodsAffected: 10,
    maxReplicasChanged: 5,
    expiryMs: 30 * 60_000,
    verifyForMs: 3 * 60_000,
  });
  assert.equal(summaries[0].source, 'built-in');
  assert.equal(summaries[0].dryRun, false);

  const words = (trigger: object) =>
    summarizePolicy(policy({ name: 'p', trigger, action: { type: 'k8sgpt-analysis' } })).trigger;
  assert.equal(
    words({ forecast: { job: 'container-memory', timeToThresholdUnder: '1h' } }),
    'forecast container-memory under 1h'
  );
  assert.equal(
    words({ alert: { labels: { alertname: 'KubeHpaMaxedOut', namespace: '~shop.*' } } }),
    'alert KubeHpaMaxedOut {namespace=~"shop.*"}'
  );
  assert.equal(
    words({ incident: { severity: ['critical'], labels: { namespace: 'shop' } } }),
    'critical incident with an alert {namespace="shop"}'
  );
  assert.equal(
    words({ anomaly: { job: 'workload-memory', kinds: ['drift'], direction: 'up', minScore: 0.8 } }),
    'anomaly workload-memory, drift, up, score ≥ 0.8'
  );
});
