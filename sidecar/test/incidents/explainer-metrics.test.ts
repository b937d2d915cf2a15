// The explainer metrics as Prometheus counters: calls, fallbacks by reason and cache hits per provider.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { registerExplainerMetrics } from '../../src/incidents/explainer-metrics.ts';

test('calls, fallbacks by reason and cache hits are counted per provider', async () => {
  const registry = new Registry();
  const metrics = registerExplainerMetrics(registry);
  metrics.providerCall('openai');
  metrics.providerCall('openai');
  metrics.fallback('openai', 'timeout');
  metrics.cacheHit('anthropic');
  const text = await registry.metrics();
  assert.match(text, /^prophet_explainer_calls_total\{provider="openai"\} 2$/m);
  assert.match(text, /^prophet_explainer_fallbacks_total\{provider="openai",reason="timeout"\} 1$/m);
  assert.match(text, /^prophet_explainer_cache_hits_total\{provider="anthropic"\} 1$/m);
});
