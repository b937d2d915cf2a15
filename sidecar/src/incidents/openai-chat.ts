// OpenAI-compatible Chat Completions: POST {baseUrl}/chat/completions with a Bearer key. The same request works
// against OpenAI (https://api.openai.com/v1), LocalAI, Ollama's /v1 and vLLM. JSON mode (response_format
// json_object) is asked for; servers that ignore it still get the JSON instructions of the system prompt.
// No temperature or token limit is sent: several OpenAI models reject non-default values of both.
import { postJson, ProviderError, type ChatProvider } from './provider-http.ts';

export interface OpenAiChatOptions {
  /** e.g. https://api.openai.com/v1, http://localhost:11434/v1 (Ollama), http://vllm:8000/v1. */
  baseUrl: string;
  model: string;
  /** Local servers (Ollama, vLLM, LocalAI) usually need none. */
  apiKey: string | null;
  timeoutMs: number;
}

/** OpenAI's error body: {"error": {"message", "type", "param", "code"}}. */
function openAiErrorType(body: unknown): string | null {
  const error = (body as { error?: { code?: unknown; type?: unknown } } | null)?.error;
  const type = error?.code ?? error?.type;
  return typeof type === 'string' ? type : null;
}

export function openAiChat(options: OpenAiChatOptions): ChatProvider {
  return {
    name: 'openai',
    model: options.model,
    async complete(system, user) {
      const answer = await postJson({
        url: `${options.baseUrl}/chat/completions`,
        headers: options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {},
        body: {
          model: options.model,
          messages: [
            { role: 'system', content: system },
            { role: 'user', content: user },
          ],
          response_format: { type: 'json_object' },
        },
        timeoutMs: options.timeoutMs,
        errorType: openAiErrorType,
      });
      const message = (answer as { choices?: Array<{ message?: { content?: unknown; refusal?: unknown } }> })
        .choices?.[0]?.message;
      if (typeof message?.refusal === 'string' && message.refusal !== '') {
        throw new ProviderError('invalid-reply', 'the model refused');
      }
      if (typeof message?.content !== 'string') {
        throw new ProviderError('invalid-reply', 'the answer has no message content');
      }
      return message.content;
    },
  };
}
