// Test double: a local server speaking OpenAI's Chat Completions API (POST /v1/chat/completions) as the real one
// does — Bearer authentication, request validation, the chat.completion answer and the {"error": {message, type,
// param, code}} error body — so the OpenAI-compatible explainer can be tested without a network.
import {
  startChatApiStub,
  type RecordedRequest,
  type StubChatServer,
  type StubResponse,
} from '../incidents/recording-api-server.ts';

type ChatBody = { model: string; messages: Array<{ role: string; content: string }> };

// The error bodies OpenAI sends for each status (type and code as documented in its error-codes guide).
const OPENAI_ERRORS: Record<number, { type: string; code: string | null; message: string }> = {
  400: { type: 'invalid_request_error', code: null, message: 'Invalid request.' },
  401: { type: 'invalid_request_error', code: 'invalid_api_key', message: 'Incorrect API key provided: sk-te****' },
  404: { type: 'invalid_request_error', code: 'unknown_url', message: 'Unknown request URL' },
  429: { type: 'requests', code: 'rate_limit_exceeded', message: 'Rate limit reached for requests.' },
  500: { type: 'server_error', code: null, message: 'The server had an error while processing your request.' },
  503: { type: 'server_error', code: null, message: 'The engine is currently overloaded, please try again later.' },
};

function error(status: number, message?: string): StubResponse {
  const known = OPENAI_ERRORS[status] ?? OPENAI_ERRORS[500];
  return {
    status,
    json: { error: { message: message ?? known.message, type: known.type, param: null, code: known.code } },
  };
}

function reject(request: RecordedRequest, apiKey: string): StubResponse | null {
  if (request.method !== 'POST' || request.path !== '/v1/chat/completions') {
    return error(404);
  }
  if (request.headers.authorization !== `Bearer ${apiKey}`) {
    return error(401);
  }
  const body = request.json as { model?: unknown; messages?: Array<{ role?: unknown; content?: unknown }> } | undefined;
  if (typeof body?.model !== 'string') {
    return error(400, 'you must provide a model parameter');
  }
  const messages = body.messages;
  if (
    !Array.isArray(messages) ||
    messages.length === 0 ||
    !messages.every((m) => typeof m.role === 'string' && typeof m.content === 'string')
  ) {
    return error(400, "Invalid 'messages'");
  }
  return null;
}

const contentOf = (body: ChatBody, role: string) =>
  body.messages
    .filter((m) => m.role === role)
    .map((m) => m.content)
    .join('\n');

export function startStubOpenAiServer(options: { apiKey: string }): Promise<StubChatServer> {
  return startChatApiStub({
    reject: (request) => reject(request, options.apiKey),
    prompts: (body) => ({ system: contentOf(body as ChatBody, 'system'), user: contentOf(body as ChatBody, 'user') }),
    error: (status) => error(status),
    answer: (body, text, served) => ({
      id: `chatcmpl-stub${served}`,
      object: 'chat.completion',
      created: 1_795_000_000,
      model: (body as ChatBody).model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: text, refusal: null },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: { prompt_tokens: 100, completion_tokens: text.length >> 2, total_tokens: 100 + (text.length >> 2) },
    }),
  });
}
