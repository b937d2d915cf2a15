// Config of the incident pipeline: Kubernetes access, K8sGPT analysis and the explainer, with defaults that work
// offline, durations in ms, the LLM key from a file or the environment, and clear errors naming the field.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config/index.ts';

function withFile(t: { after: (fn: () => void) => void }, name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'prophet-incident-config-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function issuesOf(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.issues.map((issue) => `${issue.field}: ${issue.message}`);
  }
  assert.fail('expected a ConfigError');
}

test('defaults: no Kubernetes in live mode, the built-in explainer, critical alerts open incidents, demo 2h in', () => {
  const config = loadConfig({ env: { PROPHET_TOKEN: 'secret-token' } });
  assert.equal(config.kubernetes.enabled, false);
  assert.equal(config.kubernetes.eventRetentionMs, 3_600_000);
  assert.deepEqual(config.k8sgpt, { analyzeUrl: '', analyzeTimeoutMs: 30_000 });
  assert.deepEqual(config.incidents.openOn, ['critical']);
  assert.equal(config.incidents.joinWindowMs, 30 * 60_000);
  assert.equal(config.incidents.refreshIntervalMs, 60_000);
  assert.equal(config.incidents.explainer.provider, 'built-in');
  assert.equal(config.incidents.explainer.anonymize, true);
  assert.equal(config.incidents.explainer.cacheTtlMs, 6 * 3_600_000);
  assert.equal(config.simulator.startAtMs, 2 * 3_600_000);
});

test("an LLM explainer: model required, key from a file or the environment (which replaces the file's)", (t) => {
  const keyFile = withFile(t, 'llm-key', 'sk-from-file\n');
  const file = withFile(
    t,
    'config.yaml',
    `incidents:\n  explainer:\n    provider: openai\n    baseUrl: http://ollama:11434/v1\n    model: llama3.1\n    apiKeyFile: ${keyFile}\n    timeout: 10s\n`
  );
  const fromFile = loadConfig({ file, env: { PROPHET_TOKEN: 'secret-token' } });
  assert.equal(fromFile.incidents.explainer.apiKey, 'sk-from-file');
  assert.equal(fromFile.incidents.explainer.timeoutMs, 10_000);
  const fromEnv = loadConfig({ file, env: { PROPHET_TOKEN: 'secret-token', PROPHET_LLM_API_KEY: 'sk-env' } });
  assert.equal(fromEnv.incidents.explainer.apiKey, 'sk-env');

  const noModel = withFile(t, 'no-model.yaml', 'incidents:\n  explainer:\n    provider: anthropic\n');
  assert.deepEqual(
    issuesOf(() => loadConfig({ file: noModel, env: { PROPHET_TOKEN: 'secret-token' } })),
    ['incidents.explainer.model: the anthropic explainer needs a model name']
  );
});

test('bad values name the field', (t) => {
  const file = withFile(
    t,
    'bad.yaml',
    'kubernetes:\n  eventRetention: soon\nk8sgpt:\n  analyzeUrl: ftp://x\nincidents:\n  openOn: []\n  explainer:\n    provider: gpt\n'
  );
  const issues = issuesOf(() => loadConfig({ file, env: { PROPHET_TOKEN: 'secret-token' } }));
  for (const field of [
    'kubernetes.eventRetention',
    'k8sgpt.analyzeUrl',
    'incidents.openOn',
    'incidents.explainer.provider',
  ]) {
    assert.ok(
      issues.some((issue) => issue.startsWith(`${field}:`)),
      `${field} in ${issues.join('; ')}`
    );
  }
});

test('PROPHET_KUBECONFIG sets the kubeconfig', () => {
  const config = loadConfig({ env: { PROPHET_TOKEN: 'secret-token', PROPHET_KUBECONFIG: '/etc/kube/config' } });
  assert.equal(config.kubernetes.kubeconfig, '/etc/kube/config');
});
