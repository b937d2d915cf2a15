// The HTTP side of the LLM providers: one JSON POST with a deadline, and every way it can fail turned into a
// ProviderError with a category (for metrics) and a short reason (for fallbackReason). Provider error messages are
// not passed on: some echo part of the API key.
import type { FallbackCategory } from './explainer-metrics.ts';

/** A chat API: takes the system and user prompt, returns the model's text. Throws ProviderError. */
export interface ChatProvider {
  readonly name: 'openai' | 'anthropic';
  readonly model: string;
  complete(system: string, user: string): Promise<string>;
}

export class ProviderError extends Error {
  readonly category: FallbackCategory;

  constructor(category: FallbackCategory, message: string) {
    super(message);
    this.name = 'ProviderError';
    this.category = category;
  }
}

/** Answers larger than this are not read: an explanation is a few kilobytes. */
const MAX_ANSWER_CHARS = 1_000_000;

export interface JsonPost {
  url: string;
  headers: Record<string, string>;
  body: unknown;
  timeoutMs: number;
  /** The provider's error type or code in an error body ("rate_limit_error", "invalid_api_key"), if any. */
  errorType: (body: unknown) => string | null;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export async function postJson(post: JsonPost): Promise<unknown> {
  // One deadline for connecting, the status and the whole body.
  const signal = AbortSignal.timeout(post.timeoutMs);
  let status: number;
  let text: string;
  try {
    const response = await fetch(post.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...post.headers },
      body: JSON.stringify(post.body),
      signal,
      // A redirect would carry the key to wherever it points; these APIs never redirect a POST.
      redirect: 'error',
    });
    status = response.status;
    text = await response.text();
  } catch (error) {
    if (signal.aborted) {
      throw new ProviderError('timeout', `no answer within ${post.timeoutMs} ms`);
    }
    const code = (error as { cause?: { code?: unknown } }).cause?.code;
    throw new ProviderError('network-error', `network error${typeof code === 'string' ? ` (${code})` : ''}`);
  }
  const body = text.length > MAX_ANSWER_CHARS ? undefined : parseJson(text);
  if (status < 200 || status > 299) {
    const type = body === undefined ? null : post.errorType(body);
    throw new ProviderError(
      status === 429 ? 'rate-limited' : 'http-error',
      `HTTP ${status}${type ? ` (${type.slice(0, 60)})` : ''}`
    );
  }
  if (body === undefined) {
    throw new ProviderError('invalid-reply', 'the answer is not JSON');
  }
  return body;
}
