// The Kubernetes manifests in deploy/sidecar stay consistent with the sidecar: the ConfigMap's config loads, the
// read-only role covers exactly what the Kubernetes watches list and watch, and it is bound to the Deployment's
// service account in the kustomization's namespace; the remediation role (write verbs) stays a separate, opt-in file.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments, parse } from 'yaml';
import { loadConfig } from '../../src/config/index.ts';

const DEPLOY = resolve(import.meta.dirname, '../../../deploy/sidecar');
const read = (name: string) => readFileSync(join(DEPLOY, name), 'utf8');

test('the ConfigMap config loads and turns the Kubernetes watches on', (t) => {
  const configMap = parse(read('configmap.yaml')) as { data: Record<string, string> };
  const dir = mkdtempSync(join(tmpdir(), 'prophet-deploy-config-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'config.yaml');
  writeFileSync(file, configMap.data['config.yaml']);
  const config = loadConfig({ file, env: { PROPHET_TOKEN: 'deploy-test-token' } });
  assert.equal(config.kubernetes.enabled, true);
});

test('the read-only role covers K8sGPT Results and Events and is bound to the sidecar service account', () => {
  const [role, binding] = parseAllDocuments(read('rbac.yaml')).map((doc) => doc.toJS());
  assert.deepEqual(role.rules, [
    { apiGroups: ['core.k8sgpt.ai'], resources: ['results'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: [''], resources: ['events'], verbs: ['get', 'list', 'watch'] },
  ]);
  const kustomization = parse(read('kustomization.yaml'));
  const deployment = parse(read('deployment.yaml'));
  assert.ok(kustomization.resources.includes('rbac.yaml'));
  assert.deepEqual(binding.subjects, [
    {
      kind: 'ServiceAccount',
      name: deployment.spec.template.spec.serviceAccountName,
      namespace: kustomization.namespace,
    },
  ]);
  assert.equal(binding.roleRef.name, role.metadata.name);
});

test('remediation RBAC is a separate opt-in role bound to the same service account; the default role stays read-only', () => {
  const kustomization = parse(read('kustomization.yaml'));
  const deployment = parse(read('deployment.yaml'));
  assert.ok(!kustomization.resources.includes('remediation-rbac.yaml'), 'remediation RBAC must be applied on purpose');
  const [readRole] = parseAllDocuments(read('rbac.yaml')).map((doc) => doc.toJS());
  for (const rule of readRole.rules) {
    assert.deepEqual(
      rule.verbs.filter((verb: string) => !['get', 'list', 'watch'].includes(verb)),
      [],
      `rbac.yaml grants more than reading ${rule.resources}`
    );
  }
  const [role, binding] = parseAllDocuments(read('remediation-rbac.yaml')).map((doc) => doc.toJS());
  assert.equal(role.kind, 'ClusterRole');
  assert.equal(binding.roleRef.name, role.metadata.name);
  assert.deepEqual(binding.subjects, [
    {
      kind: 'ServiceAccount',
      name: deployment.spec.template.spec.serviceAccountName,
      namespace: kustomization.namespace,
    },
  ]);
});
