// Test double: a local server speaking Anthropic's Messages API (POST /v1/messages) as the real one does —
// x-api-key and anthropic-version headers, request validation (model, max_tokens, messages), the "message" answer
// with text content blocks and the {"type": "error", "error": {type, message}, "request_id"} error body — so the
// Anthropic explainer can be tested without a network.
import { startRecordingApiServer, type RecordedRequest, type StubResponse } from '../incidents/recording-api-server.ts';
import type { StubBehaviour, StubChatServer } from './stub-openai-server.ts';

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

function invalid(request: RecordedRequest, apiKey: string): StubResponse | null {
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
  if (
    !Array.isArray(body.messages) ||
    body.messages[0]?.role !== 'user' ||
    !body.messages.every((m) => typeof m.content === 'string')
  ) {
    return error(400, 'messages: first message must use the "user" role');
  }
  return null;
}

export async function startStubAnthropicServer(options: { apiKey: string }): Promise<StubChatServer> {
  let next: (prompt: { system: string; user: string }) => StubBehaviour = () => ({ status: 500 });
  let served = 0;
  const server = await startRecordingApiServer((request) => {
    const rejected = invalid(request, options.apiKey);
    if (rejected) {
      return rejected;
    }
    const body = request.json as { model: string; system?: string; messages: Array<{ role: string; content: string }> };
    const user = body.messages.map((m) => m.content).join('\n');
    const behaviour = next({ system: body.system ?? '', user });
    if ('status' in behaviour) {
      return error(behaviour.status);
    }
    if ('malformedBody' in behaviour) {
      return { status: 200, raw: behaviour.malformedBody };
    }
    served += 1;
    return {
      status: 200,
      delayMs: behaviour.delayMs,
      json: {
        id: `msg_stub${served}`,
        type: 'message',
        role: 'assistant',
        model: body.model,
        content: [{ type: 'text', text: behaviour.text }],
        stop_reason: 'end_turn',
        stop_sequence: null,
        usage: { input_tokens: user.length >> 2, output_tokens: behaviour.text.length >> 2 },
      },
    };
  });
  return { ...server, behave: (behaviour) => void (next = behaviour) };
}
