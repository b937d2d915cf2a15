// Test double: a local server speaking Anthropic's Messages API (POST /v1/messages) as the real one does —
// x-api-key and anthropic-version headers, request validation (model, max_tokens, messages), the "message" answer
// with text content blocks and the {"type": "error", "error": {type, message}, "request_id"} error body — so the
// Anthropic explainer can be tested without a network.
import {
  startChatApiStub,
  type RecordedRequest,
  type StubChatServer,
  type StubResponse,
} from '../incidents/recording-api-server.ts';

type MessagesBody = { model: string; system?: string; messages: Array<{ role: string; content: string }> };

// The error types Anthropic documents for each status.
const ANTHROPIC_ERRORS: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

function error(status: number, message = 'stubbed error'): StubResponse {
  return {
    status,
    json: { type: 'error', error: { type: ANTHROPIC_ERRORS[status] ?? 'api_error', message }, request_id: 'req_stub' },
  };
}

function reject(request: RecordedRequest, apiKey: string): StubResponse | null {
  if (request.method !== 'POST' || request.path !== '/v1/messages') {
    return error(404, 'Not found');
  }
  if (request.headers['x-api-key'] !== apiKey) {
    return error(401, 'invalid x-api-key');
  }
  if (!request.headers['anthropic-version']) {
    return error(400, 'anthropic-version: header is required');
  }
  const body = request.json as
    | {
        model?: unknown;
        max_tokens?: unknown;
        system?: unknown;
        messages?: Array<{ role?: unknown; content?: unknown }>;
      }
    | undefined;
  if (typeof body?.model !== 'string') {
    return error(400, 'model: Field required');
  }
  if (!Number.isInteger(body.max_tokens) || (body.max_tokens as number) < 1) {
    return error(400, 'max_tokens: Field required');
  }
  if (body.system !== undefined && typeof body.system !== 'string') {
    return error(400, 'system: Input should be a valid string');
  }
  const messages = body.messages;
  if (
    !Array.isArray(messages) ||
    messages[0]?.role !== 'user' ||
    !messages.every((m) => typeof m.content === 'string')
  ) {
    return error(400, 'messages: first message must use the "user" role');
  }
  return null;
}

export function startStubAnthropicServer(options: { apiKey: string }): Promise<StubChatServer> {
  return startChatApiStub({
    reject: (request) => reject(request, options.apiKey),
    prompts: (body) => ({
      system: (body as MessagesBody).system ?? '',
      user: (body as MessagesBody).messages.map((m) => m.content).join('\n'),
    }),
    error: (status) => error(status),
    answer: (body, text, served) => ({
      id: `msg_stub${served}`,
      type: 'message',
      role: 'assistant',
      model: (body as MessagesBody).model,
      content: [{ type: 'text', text }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 100, output_tokens: text.length >> 2 },
    }),
  });
}
