// Shared by the LLM explainer tests: the two providers against their stub servers, a well-behaved model answer,
// a metrics recorder and the incident they explain.
import type { ExplainerOptions } from '../../src/incidents/explainer.ts';
import type { ExplainerMetrics, FallbackCategory } from '../../src/incidents/explainer-metrics.ts';
import { startStubAnthropicServer } from '../doubles/stub-anthropic-server.ts';
import { startStubOpenAiServer } from '../doubles/stub-openai-server.ts';
import { alert, context, memoryDrift, oomFinding } from './incident-fixtures.ts';

export function recordingMetrics() {
  const seen = { calls: 0, hits: 0, fallbacks: [] as FallbackCategory[] };
  const metrics: ExplainerMetrics = {
    providerCall: () => void (seen.calls += 1),
    cacheHit: () => void (seen.hits += 1),
    fallback: (_provider, reason) => void seen.fallbacks.push(reason),
  };
  return { seen, metrics };
}

/** What a well-behaved model answers: JSON citing the prompt's keys, naming things by their placeholders. */
export function goodAnswer(user: string): string {
  const deployment = /deployment-\d+/.exec(user)?.[0] ?? 'the deployment';
  const pod = /pod-\d+/.exec(user)?.[0] ?? 'the pod';
  return JSON.stringify({
    summary: `${deployment} leaks memory: ${pod} was OOMKilled.`,
    cause: `memory leak in ${deployment}`,
    details: [
      { text: `${pod} was OOMKilled`, evidence: ['finding-1'] },
      { text: 'memory drifts up toward the limit', evidence: ['[anomaly-1]', 'alert-1'] },
    ],
  });
}

export const KEY = { openai: 'sk-test-0123456789', anthropic: 'sk-ant-test-0123456789' };

export const PROVIDERS = [
  {
    name: 'openai' as const,
    start: () => startStubOpenAiServer({ apiKey: KEY.openai }),
    options: (url: string): ExplainerOptions => ({
      provider: 'openai',
      baseUrl: `${url}/v1`,
      model: 'gpt-stub',
      apiKey: KEY.openai,
    }),
  },
  {
    name: 'anthropic' as const,
    start: () => startStubAnthropicServer({ apiKey: KEY.anthropic }),
    options: (url: string): ExplainerOptions => ({
      provider: 'anthropic',
      baseUrl: url,
      model: 'claude-stub',
      apiKey: KEY.anthropic,
    }),
  },
];

export const leak = () =>
  context({ alerts: [alert('ContainerMemoryLimitPredicted')], findings: [oomFinding()], anomalies: [memoryDrift()] });
