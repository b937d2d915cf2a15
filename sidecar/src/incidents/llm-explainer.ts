// An explainer backed by an LLM chat API. The LLM only writes the explanation text: it sees the evidence (names
// masked when anonymising), must cite evidence keys the prompt gave, and its reply is cached per prompt. Every
// failure (timeout, HTTP error, network error, a reply that is not the asked-for JSON or cites unknown evidence)
// gives the built-in explanation with fallbackReason saying what happened; explain() never rejects.
import { createHash } from 'node:crypto';
import { createAnonymizer } from './anonymizer.ts';
import { explainBuiltIn } from './built-in-explainer.ts';
import type { ExplanationCache } from './explanation-cache.ts';
import { buildExplanationPrompt } from './explanation-prompt.ts';
import { explanationFromReply, parseExplanationReply, type ExplanationReply } from './explanation-reply.ts';
import type { Explainer } from './explainer.ts';
import type { ExplainerMetrics, FallbackCategory } from './explainer-metrics.ts';
import { ProviderError, type ChatProvider } from './provider-http.ts';
import type { IncidentContext, IncidentExplanation } from './types.ts';

/** What one provider call came to; cached when it is a reply. */
export type ProviderOutcome =
  | { ok: true; reply: ExplanationReply; generatedAt: number }
  | { ok: false; category: FallbackCategory; reason: string };

export interface LlmExplainerOptions {
  provider: ChatProvider;
  anonymize: boolean;
  cache: ExplanationCache<ProviderOutcome>;
  metrics: ExplainerMetrics;
}

export function llmExplainer(options: LlmExplainerOptions): Explainer {
  const { provider, cache, metrics } = options;

  async function ask(
    system: string,
    user: string,
    keys: Parameters<typeof parseExplanationReply>[1],
    now: number
  ): Promise<ProviderOutcome> {
    metrics.providerCall(provider.name);
    try {
      const parsed = parseExplanationReply(await provider.complete(system, user), keys);
      return parsed.ok
        ? { ok: true, reply: parsed.reply, generatedAt: now }
        : { ok: false, category: 'invalid-reply', reason: parsed.reason };
    } catch (error) {
      if (error instanceof ProviderError) {
        return { ok: false, category: error.category, reason: error.message };
      }
      return { ok: false, category: 'network-error', reason: `unexpected error: ${(error as Error).message}` };
    }
  }

  async function explain(context: IncidentContext, now: number): Promise<IncidentExplanation> {
    const anonymizer = options.anonymize ? createAnonymizer(context) : null;
    const prompt = buildExplanationPrompt(context, anonymizer);
    // Only the masked prompt goes into the key: two incidents that read the same once masked share an answer,
    // which is then unmasked with each one's own names.
    const key = createHash('sha256')
      .update(JSON.stringify([provider.name, provider.model, prompt.system, prompt.user]))
      .digest('hex');
    const { value: outcome, source } = await cache.getOrLoad(key, now, async () => {
      const asked = await ask(prompt.system, prompt.user, prompt.keys, now);
      return { value: asked, cacheable: asked.ok };
    });
    if (source !== 'loaded') {
      metrics.cacheHit(provider.name);
    }
    if (!outcome.ok) {
      metrics.fallback(provider.name, outcome.category);
      return explainBuiltIn(context, now, `${provider.name} ${provider.model}: ${outcome.reason}`);
    }
    return explanationFromReply(
      outcome.reply,
      prompt.keys,
      anonymizer?.unmask ?? ((text) => text),
      provider.name,
      provider.model,
      outcome.generatedAt
    );
  }

  return {
    name: provider.name,
    async explain(context, now) {
      try {
        return await explain(context, now);
      } catch (error) {
        // A bug of ours must not cost the incident its explanation either.
        metrics.fallback(provider.name, 'invalid-reply');
        return explainBuiltIn(
          context,
          now,
          `${provider.name} ${provider.model}: unexpected error: ${(error as Error).message}`
        );
      }
    },
  };
}
