// The remediation config section: built-in policies when none are named, inline policies and policy files
// (relative to the config file) merged, every policy mistake reported with file, line and field, and the
// environment switching dry-run on.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config/index.ts';
import { DEFAULT_REMEDIATION_POLICIES } from '../../src/config/default-remediation-policies.ts';

const FIXTURES = resolve(import.meta.dirname, 'fixtures');

function withDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'prophet-remediation-config-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes files into a fresh directory; returns the path of the first. */
function withFiles(t: { after: (fn: () => void) => void }, files: Record<string, string>): string {
  const dir = withDir(t);
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(dir, name), text);
  }
  return join(dir, Object.keys(files)[0]);
}

function errorOf(file: string, env: NodeJS.ProcessEnv = {}): ConfigError {
  try {
    loadConfig({ file, env });
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error;
  }
  return assert.fail('expected a ConfigError');
}

/** "<file>:<line>: <field>: <message>" lines of a ConfigError, with the directory left out. */
function issuesOf(error: ConfigError, dir: string): string[] {
  return error.issues.map((i) => `${i.source.replace(`${dir}/`, '')}: ${i.field}: ${i.message}`);
}

const POLICY_HEAD = 'apiVersion: prophet-aiops.io/v1\nkind: RemediationPolicy\n';

test('with no policies and no policyFiles the built-in policies apply, validated, with the section defaults', () => {
  const { remediation } = loadConfig({ env: { PROPHET_TOKEN: 't' } });
  assert.equal(remediation.enabled, true);
  assert.equal(remediation.dryRun, false);
  assert.equal(remediation.checkIntervalMs, 15_000);
  assert.equal(remediation.defaults, true);
  assert.deepEqual(remediation.policyFiles, []);
  assert.deepEqual(
    remediation.policies.map((p) => p.name),
    DEFAULT_REMEDIATION_POLICIES.map((p) => p.name)
  );
  for (const policy of remediation.policies) {
    assert.equal(policy.source, 'built-in');
    assert.deepEqual(policy.action.namespaces.forbid, ['kube-system'], policy.name);
    // Only the analysis, which changes nothing, runs without a person's approval.
    assert.equal(policy.action.approval, policy.action.type === 'k8sgpt-analysis' ? 'automatic' : 'required');
    if (policy.action.onVerificationFailure) {
      assert.equal(policy.action.onVerificationFailure.approval, 'required');
    }
  }
  const restart = remediation.policies.find((p) => p.name === 'restart-on-memory-leak');
  assert.deepEqual(restart?.trigger, { alert: { labels: { alertname: 'ContainerMemoryLimitPredicted' } } });
  assert.deepEqual(restart?.action, {
    type: 'rollout-restart',
    target: 'workload',
    params: {},
    approval: 'required',
    namespaces: { allow: [], forbid: ['kube-system'] },
    kinds: [],
    cooldownMs: 30 * 60_000,
    maxConcurrent: 1,
    rateLimit: { max: 5, perMs: 3_600_000 },
    blastRadius: { maxPodsAffected: 10, maxReplicasChanged: 5 },
    expiryMs: 30 * 60_000,
    dryRun: false,
    verifyForMs: 3 * 60_000,
    onVerificationFailure: { type: 'rollback', approval: 'required' },
  });
  const hpa = remediation.policies.find((p) => p.name === 'raise-hpa-max-on-maxed-out');
  assert.deepEqual(hpa?.action.params, { replicasDelta: 2, maxReplicas: 20 });
  const cordon = remediation.policies.find((p) => p.name === 'cordon-not-ready-node');
  assert.deepEqual(cordon?.action.params, { maxPodsEvicted: 10 }, 'its drain follow-up is limited by the blast radius');
});

test('PROPHET_REMEDIATION_DRY_RUN and PROPHET_REMEDIATION_ENABLED override the file; other values are errors', (t) => {
  const file = withFiles(t, { 'config.yaml': 'server: { token: t }\nremediation: { dryRun: false, enabled: true }\n' });
  const config = loadConfig({
    file,
    env: { PROPHET_REMEDIATION_DRY_RUN: 'true', PROPHET_REMEDIATION_ENABLED: 'FALSE' },
  });
  assert.equal(config.remediation.dryRun, true);
  assert.equal(config.remediation.enabled, false);
  assert.equal(loadConfig({ file, env: { PROPHET_REMEDIATION_DRY_RUN: '' } }).remediation.dryRun, false);
  assert.match(
    errorOf(file, { PROPHET_REMEDIATION_DRY_RUN: 'yes' }).message,
    /config error in environment: PROPHET_REMEDIATION_DRY_RUN \(remediation\.dryRun\): expected true or false, got "yes"/
  );
});

test('inline policies and policy files relative to the config file are merged and replace the built-in ones', () => {
  const file = join(FIXTURES, 'remediation-config.yaml');
  const { remediation } = loadConfig({ file, env: {} });
  assert.equal(remediation.dryRun, true);
  assert.equal(remediation.checkIntervalMs, 30_000);
  assert.equal(remediation.defaults, false);
  assert.deepEqual(remediation.policyFiles, [join(FIXTURES, 'remediation-policies.yaml')]);
  assert.deepEqual(
    remediation.policies.map((p) => [p.name, p.source]),
    [
      ['inline-restart', `${file}:remediation.policies[0]`],
      ['scale-on-latency', `${FIXTURES}/remediation-policies.yaml:2`],
      ['drain-system-node', `${FIXTURES}/remediation-policies.yaml:17`],
    ]
  );
  const [inline, scale, drain] = remediation.policies;
  assert.deepEqual(inline.trigger, { forecast: { job: 'container-memory', timeToThresholdUnderMs: 7_200_000 } });
  assert.deepEqual(inline.action.namespaces, { allow: ['shop'], forbid: ['kube-system', 'payments'] });
  assert.equal(inline.action.cooldownMs, 3_600_000);
  assert.equal(inline.description, 'Restart checkout when its memory forecast crosses within 2 hours.');
  assert.deepEqual(scale.trigger, { alert: { labels: { alertname: 'HighLatency', namespace: '~shop|shop-canary' } } });
  assert.deepEqual(scale.action.params, { replicasDelta: 2, maxReplicas: 12 });
  assert.deepEqual(scale.action.rateLimit, { max: 2, perMs: 30 * 60_000 });
  assert.deepEqual(scale.action.blastRadius, { maxPodsAffected: 10, maxReplicasChanged: 4 });
  // allowKubeSystem lifts the built-in ban; what forbid lists is still forbidden.
  assert.deepEqual(drain.action.namespaces, { allow: [], forbid: ['monitoring'] });
  assert.deepEqual(drain.action.params, { maxPodsEvicted: 30 });
});

test('policies: [] runs none; a policy file alone replaces the built-in policies too', (t) => {
  const none = withFiles(t, { 'config.yaml': 'server: { token: t }\nremediation: { policies: [] }\n' });
  assert.deepEqual(loadConfig({ file: none, env: {} }).remediation.policies, []);
  const dir = withDir(t);
  copyFileSync(join(FIXTURES, 'remediation-policies.yaml'), join(dir, 'p.yaml'));
  writeFileSync(join(dir, 'c.yaml'), 'server: { token: t }\nremediation: { policyFiles: [p.yaml] }\n');
  assert.deepEqual(
    loadConfig({ file: join(dir, 'c.yaml'), env: {} }).remediation.policies.map((p) => p.name),
    ['scale-on-latency', 'drain-system-node']
  );
});

test('a policy file error names the file, the line and the field', (t) => {
  const file = withFiles(t, {
    'config.yaml': 'server: { token: t }\nremediation:\n  policyFiles: [policies.yaml]\n',
    'policies.yaml': [
      POLICY_HEAD, //                                             1-2
      'metadata: { name: unknown-action }\n', //                  3
      'spec:\n', //                                               4
      '  trigger: { alert: { labels: { alertname: X } } }\n', //  5
      '  action:\n', //                                           6
      '    type: restart\n', //                                   7
      '---\n', //                                                 8
      POLICY_HEAD, //                                             9-10
      'metadata: { name: two-triggers }\n', //                    11
      'spec:\n', //                                               12
      '  trigger:\n', //                                          13
      '    alert: { labels: { alertname: X } }\n', //             14
      '    finding: { kind: Pod }\n', //                          15
      '  action: { type: delete-pod }\n', //                      16
      '---\n', //                                                 17
      POLICY_HEAD, //                                             18-19
      'metadata: { name: scale-without-delta }\n', //             20
      'spec:\n', //                                               21
      '  trigger: { alert: { labels: { alertname: X } } }\n', //  22
      '  action:\n', //                                           23
      '    type: scale\n', //                                     24
      '    params:\n', //                                         25
      '      maxReplicas: 10\n', //                               26
      '    expiry: 30 minutes\n', //                              27
      '---\n', //                                                 28
      POLICY_HEAD, //                                             29-30
      'metadata: { name: bad-regex }\n', //                       31
      'spec:\n', //                                               32
      '  trigger:\n', //                                          33
      '    alert:\n', //                                          34
      '      labels:\n', //                                       35
      '        alertname: X\n', //                                36
      '        pod: "~checkout-("\n', //                          37
      '  action: { type: rollout-restart }\n', //                 38
    ].join(''),
  });
  const dir = resolve(file, '..');
  assert.deepEqual(issuesOf(errorOf(file), dir), [
    'policies.yaml:7: spec.action.type: expected one of "rollout-restart", "scale", "scale-hpa", "delete-pod", ' +
      '"cordon-node", "drain-node", "rollback", "silence", "k8sgpt-analysis", got "restart"',
    'policies.yaml:13: spec.trigger: set exactly one trigger: incident, alert, finding, anomaly or forecast ' +
      '(found alert and finding)',
    'policies.yaml:27: spec.action.expiry: expected a duration like "5m", got "30 minutes"',
    'policies.yaml:37: spec.trigger.alert.labels.pod: invalid regular expression "~checkout-(": Unterminated group',
  ]);
});

test('rules between fields are checked once the shapes are right, each at its own line', (t) => {
  const file = withFiles(t, {
    'policies.yaml': [
      POLICY_HEAD, //                                                 1-2
      'metadata: { name: scale-without-delta }\n', //                 3
      'spec:\n', //                                                   4
      '  trigger: { finding: { errorMatches: "OOM(" } }\n', //        5
      '  action:\n', //                                               6
      '    type: scale\n', //                                         7
      '    target: pod\n', //                                         8
      '    params:\n', //                                             9
      '      maxReplicas: 10\n', //                                   10
      '      silenceDuration: 1h\n', //                               11
      '    namespaces: { allow: [kube-system, shop] }\n', //          12
      '    onVerificationFailure: { type: cordon-node }\n', //        13
    ].join(''),
    'config.yaml': 'server: { token: t }\nremediation: { policyFiles: [policies.yaml] }\n',
  });
  const dir = resolve(file, '..');
  assert.deepEqual(issuesOf(errorOf(join(dir, 'config.yaml')), dir), [
    'policies.yaml:5: spec.trigger.finding.errorMatches: invalid regular expression "OOM(": Unterminated group',
    'policies.yaml:8: spec.action.target: scale changes the workload, not the pod',
    'policies.yaml:11: spec.action.params.silenceDuration: not used by scale or cordon-node',
    'policies.yaml:9: spec.action.params.replicasDelta: required by scale: how many replicas to add (at least 1)',
    'policies.yaml:13: spec.action.onVerificationFailure.type: cordon-node cannot change the pod this policy ' +
      'targets (it changes the node)',
    'policies.yaml:12: spec.action.namespaces.allow[0]: kube-system stays forbidden unless ' +
      'namespaces.allowKubeSystem is true',
  ]);
});

test('inline policy errors name the config file line and the remediation.policies path', (t) => {
  const file = withFiles(t, {
    'config.yaml': [
      'server: { token: t }\n', //                          1
      'remediation:\n', //                                  2
      '  policies:\n', //                                   3
      '    - name: hpa\n', //                               4
      '      trigger: { alert: { labels: {} } }\n', //      5
      '      action:\n', //                                 6
      '        type: scale-hpa\n', //                       7
      '        params: { replicasDelta: 8, maxReplicas: 20 }\n', // 8
      '    - name: Bad_Name\n', //                          9
      '      trigger: { anomaly: {} }\n', //                10
      '      action: { type: k8sgpt-analysis, colldown: 1h }\n', // 11
    ].join(''),
  });
  const dir = resolve(file, '..');
  assert.deepEqual(issuesOf(errorOf(file), dir), [
    'config.yaml:5: remediation.policies[0].trigger.alert.labels: name at least one label, e.g. ' +
      '{ alertname: KubePodCrashLooping }',
    'config.yaml:8: remediation.policies[0].action.params.replicasDelta: 8 replicas is more than ' +
      'blastRadius.maxReplicasChanged (5): every execution would be blocked',
    'config.yaml:9: remediation.policies[1].name: expected a DNS-label-like name (lowercase letters, digits and "-", ' +
      'at most 63 characters), got "Bad_Name"',
    'config.yaml:11: remediation.policies[1].action.colldown: unknown field',
  ]);
});

test('a policy name used twice is an error naming both places, across files and inline', (t) => {
  const dir = withDir(t);
  copyFileSync(join(FIXTURES, 'remediation-policies.yaml'), join(dir, 'remediation-policies.yaml'));
  copyFileSync(join(FIXTURES, 'remediation-duplicate.yaml'), join(dir, 'remediation-duplicate.yaml'));
  writeFileSync(
    join(dir, 'config.yaml'),
    [
      'server: { token: t }\n',
      'remediation:\n',
      '  policyFiles: [remediation-policies.yaml, remediation-duplicate.yaml]\n',
      '  policies:\n',
      '    - name: drain-system-node\n',
      '      trigger: { anomaly: {} }\n',
      '      action: { type: k8sgpt-analysis }\n',
    ].join('')
  );
  assert.deepEqual(issuesOf(errorOf(join(dir, 'config.yaml')), dir), [
    'remediation-policies.yaml:20: metadata.name: duplicate policy name "drain-system-node" ' +
      `(also ${dir}/config.yaml:5 remediation.policies[0].name)`,
    'remediation-duplicate.yaml:5: metadata.name: duplicate policy name "scale-on-latency" ' +
      `(also ${dir}/remediation-policies.yaml:5 metadata.name)`,
  ]);
});

test('unreadable, empty, non-policy and broken policy files are reported', (t) => {
  const file = withFiles(t, {
    'config.yaml':
      'server: { token: t }\nremediation:\n  policyFiles:\n    - missing.yaml\n    - empty.yaml\n    - list.yaml\n    - broken.yaml\n    - other.yaml\n',
    'empty.yaml': '# nothing here\n',
    'list.yaml': '- a\n',
    'broken.yaml': `${POLICY_HEAD}metadata: { name: x\n`,
    'other.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\ndata: {}\n',
  });
  const dir = resolve(file, '..');
  const issues = issuesOf(errorOf(file), dir);
  assert.match(issues[0], /^config\.yaml:4: remediation\.policyFiles\[0\]: cannot read policy file: ENOENT/);
  assert.match(issues[3], /^broken\.yaml:\d+: : YAML syntax error: Flow map/);
  assert.deepEqual(issues.slice(1), [
    'empty.yaml: : no RemediationPolicy documents in this file',
    'list.yaml:1: : expected a RemediationPolicy document (a mapping), got a list',
    issues[3],
    'other.yaml:2: kind: expected a RemediationPolicy document (apiVersion prophet-aiops.io/v1), got "ConfigMap"',
  ]);
});
