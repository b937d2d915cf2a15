// Anthropic Messages: POST {baseUrl}/v1/messages with x-api-key and anthropic-version 2023-06-01; the system
// prompt goes in `system`, the evidence as the one user message. The answer's text blocks are joined.
import { postJson, ProviderError, type ChatProvider } from './provider-http.ts';

export const ANTHROPIC_VERSION = '2023-06-01';

export interface AnthropicMessagesOptions {
  /** e.g. https://api.anthropic.com. */
  baseUrl: string;
  model: string;
  apiKey: string | null;
  timeoutMs: number;
  /** Required by the API; an explanation needs well under 1024. */
  maxTokens: number;
}

/** Anthropic's error body: {"type": "error", "error": {"type": "rate_limit_error", "message"}, "request_id"}. */
function anthropicErrorType(body: unknown): string | null {
  const type = (body as { error?: { type?: unknown } } | null)?.error?.type;
  return typeof type === 'string' ? type : null;
}

export function anthropicMessages(options: AnthropicMessagesOptions): ChatProvider {
  return {
    name: 'anthropic',
    model: options.model,
    async complete(system, user) {
      const answer = await postJson({
        url: `${options.baseUrl}/v1/messages`,
        headers: { 'anthropic-version': ANTHROPIC_VERSION, ...(options.apiKey ? { 'x-api-key': options.apiKey } : {}) },
        body: {
          model: options.model,
          max_tokens: options.maxTokens,
          system,
          messages: [{ role: 'user', content: user }],
        },
        timeoutMs: options.timeoutMs,
        errorType: anthropicErrorType,
      });
      const content = (answer as { content?: unknown }).content;
      const texts = Array.isArray(content)
        ? content.filter(
            (block): block is { type: 'text'; text: string } => block?.type === 'text' && typeof block.text === 'string'
          )
        : [];
      if (texts.length === 0) {
        throw new ProviderError('invalid-reply', 'the answer has no text content');
      }
      return texts.map((block) => block.text).join('');
    },
  };
}
