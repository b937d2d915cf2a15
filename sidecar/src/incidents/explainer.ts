// The explainer of incidents, chosen by configuration: the built-in one (default, offline) or an LLM provider
// (OpenAI-compatible Chat Completions, Anthropic Messages) that falls back to it. Suggestions never come from an
// explainer: they are the remediation rules' (suggestRemediations).
import { anthropicMessages } from './anthropic-messages.ts';
import { explainBuiltIn } from './built-in-explainer.ts';
import { noExplainerMetrics, type ExplainerMetrics } from './explainer-metrics.ts';
import { ExplanationCache } from './explanation-cache.ts';
import { llmExplainer, type ProviderOutcome } from './llm-explainer.ts';
import { openAiChat } from './openai-chat.ts';
import type { ExplainerName, IncidentContext, IncidentExplanation } from './types.ts';

export interface Explainer {
  readonly name: ExplainerName;
  /** Never rejects: a provider failure gives the built-in explanation with fallbackReason set. */
  explain(context: IncidentContext, now: number): Promise<IncidentExplanation>;
}

export interface ExplainerOptions {
  provider: ExplainerName;
  /** OpenAI-compatible: the API root including /v1 (default https://api.openai.com/v1); Anthropic: the host root
   * (default https://api.anthropic.com). */
  baseUrl?: string;
  /** Required for the LLM providers. */
  model?: string;
  /** Already read from its file or environment variable by the config; null or empty: no key header. */
  apiKey?: string | null;
  /** Deadline of one provider call, connection to last byte. */
  timeoutMs?: number;
  /** Mask names, IPs and host names before anything is sent (default true). */
  anonymize?: boolean;
  /** Explanations kept per content (LRU); 0 keeps none. */
  cacheSize?: number;
  cacheTtlMs?: number;
  /** Anthropic's required max_tokens. */
  maxTokens?: number;
}

export const DEFAULT_EXPLAINER_OPTIONS = {
  provider: 'built-in',
  timeoutMs: 30_000,
  anonymize: true,
  cacheSize: 256,
  cacheTtlMs: 6 * 3_600_000,
  maxTokens: 1024,
} as const satisfies ExplainerOptions;

export const DEFAULT_BASE_URLS = {
  openai: 'https://api.openai.com/v1',
  anthropic: 'https://api.anthropic.com',
} as const;

export const builtInExplainer: Explainer = {
  name: 'built-in',
  explain: async (context, now) => explainBuiltIn(context, now),
};

function checkedBaseUrl(text: string, provider: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`explainer ${provider}: baseUrl ${JSON.stringify(text)} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`explainer ${provider}: baseUrl must be http or https`);
  }
  return text.replace(/\/+$/, '');
}

/** Throws on options that cannot work (unknown provider, no model, a bad URL), so start-up fails clearly. */
export function createExplainer(options: ExplainerOptions, metrics: ExplainerMetrics = noExplainerMetrics): Explainer {
  const { provider } = options;
  if (provider === 'built-in') {
    return builtInExplainer;
  }
  if (provider !== 'openai' && provider !== 'anthropic') {
    throw new Error(`explainer: unknown provider ${JSON.stringify(provider)}`);
  }
  const model = options.model?.trim();
  if (!model) {
    throw new Error(`explainer ${provider}: a model is required`);
  }
  const settings = {
    baseUrl: checkedBaseUrl(options.baseUrl || DEFAULT_BASE_URLS[provider], provider),
    model,
    apiKey: options.apiKey || null,
    timeoutMs: options.timeoutMs ?? DEFAULT_EXPLAINER_OPTIONS.timeoutMs,
  };
  const chat =
    provider === 'openai'
      ? openAiChat(settings)
      : anthropicMessages({ ...settings, maxTokens: options.maxTokens ?? DEFAULT_EXPLAINER_OPTIONS.maxTokens });
  return llmExplainer({
    provider: chat,
    anonymize: options.anonymize ?? DEFAULT_EXPLAINER_OPTIONS.anonymize,
    cache: new ExplanationCache<ProviderOutcome>(
      options.cacheSize ?? DEFAULT_EXPLAINER_OPTIONS.cacheSize,
      options.cacheTtlMs ?? DEFAULT_EXPLAINER_OPTIONS.cacheTtlMs
    ),
    metrics,
  });
}
