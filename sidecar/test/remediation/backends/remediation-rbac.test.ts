// deploy/sidecar/remediation-rbac.yaml grants exactly what the Kubernetes backend uses: every action is previewed,
// planned and run against the FAKE API server, each request is turned into the RBAC (group, resource, verb) it needs,
// and that set must equal the role's rules — a new request without its rule, or a rule nothing uses, fails here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import type { RemediationAction } from '../../../src/remediation/types.ts';
import type { FakeRequestLog } from '../../doubles/fake-kube-api-server.ts';
import { kubeProposal, NOW, startKubeRig } from './kube-cluster-fixture.ts';

const RBAC_FILE = resolve(import.meta.dirname, '../../../../deploy/sidecar/remediation-rbac.yaml');

/** "apps deployments patch" for PATCH /apis/apps/v1/namespaces/shop/deployments/checkout. */
function permission(request: FakeRequestLog): string {
  const parts = request.path.split('/').filter(Boolean);
  const group = parts[0] === 'api' ? '' : parts[1];
  let rest = parts.slice(parts[0] === 'api' ? 2 : 3);
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    rest = rest.slice(2);
  }
  const [resource, name, subresource] = rest;
  const verbs: Record<string, string> = { PATCH: 'patch', DELETE: 'delete', POST: 'create' };
  const verb = request.method === 'GET' ? (name ? 'get' : 'list') : verbs[request.method];
  return `${group} ${subresource ? `${resource}/${subresource}` : resource} ${verb}`;
}

test('the remediation role grants exactly the verbs the Kubernetes backend uses', async (t) => {
  const used = new Set<string>();
  const actions: RemediationAction[] = [
    'rollout-restart',
    'scale',
    'scale-hpa',
    'rollback',
    'delete-pod',
    'cordon-node',
    'drain-node',
  ];
  for (const action of actions) {
    const { fake, backend } = await startKubeRig(t);
    const proposal = kubeProposal(action, { params: { replicasDelta: 1, maxReplicas: 10 } });
    await backend.preview(proposal, NOW);
    for (const step of await backend.plan(proposal, NOW)) {
      await backend.run(step);
      if (!step.idempotent) {
        await backend.tookEffect(step);
      }
    }
    fake.requests.forEach((request) => used.add(permission(request)));
  }
  const [role] = parseAllDocuments(readFileSync(RBAC_FILE, 'utf8')).map((doc) => doc.toJS());
  const granted = new Set<string>();
  for (const rule of role.rules as Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }>) {
    for (const group of rule.apiGroups) {
      for (const resource of rule.resources) {
        for (const verb of rule.verbs) {
          granted.add(`${group} ${resource} ${verb}`);
        }
      }
    }
  }
  assert.deepEqual([...used].sort(), [...granted].sort());
});
