// What the explainers report for metrics: provider calls, fallbacks to the built-in explainer by reason, and cache
// hits. A small interface so the explainers do not depend on prom-client; registerExplainerMetrics backs it.
import { Counter, type Registry } from 'prom-client';
import type { ExplainerName } from './types.ts';

/** Why an LLM explanation fell back to the built-in one; a small fixed set, fit for a metric label. */
export type FallbackCategory = 'timeout' | 'rate-limited' | 'http-error' | 'network-error' | 'invalid-reply';

export interface ExplainerMetrics {
  /** A request was sent to the provider. */
  providerCall(provider: ExplainerName): void;
  /** The built-in explanation was used instead of the provider's. */
  fallback(provider: ExplainerName, reason: FallbackCategory): void;
  /** An explanation came from the cache, or from a call already under way for the same content. */
  cacheHit(provider: ExplainerName): void;
}

export const noExplainerMetrics: ExplainerMetrics = { providerCall: () => {}, fallback: () => {}, cacheHit: () => {} };

/** prophet_explainer_calls_total, prophet_explainer_fallbacks_total and prophet_explainer_cache_hits_total. */
export function registerExplainerMetrics(registry: Registry): ExplainerMetrics {
  const calls = new Counter({
    name: 'prophet_explainer_calls_total',
    help: 'Requests sent to the LLM explanation provider',
    labelNames: ['provider'],
    registers: [registry],
  });
  const fallbacks = new Counter({
    name: 'prophet_explainer_fallbacks_total',
    help: 'Incident explanations that fell back to the built-in explainer, by reason',
    labelNames: ['provider', 'reason'],
    registers: [registry],
  });
  const hits = new Counter({
    name: 'prophet_explainer_cache_hits_total',
    help: 'Incident explanations served from the cache or a shared in-flight request, without a provider call',
    labelNames: ['provider'],
    registers: [registry],
  });
  return {
    providerCall: (provider) => calls.inc({ provider }),
    fallback: (provider, reason) => fallbacks.inc({ provider, reason }),
    cacheHit: (provider) => hits.inc({ provider }),
  };
}
