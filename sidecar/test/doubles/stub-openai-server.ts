// Test double: a local server speaking OpenAI's Chat Completions API (POST /v1/chat/completions) as the real one
// does — Bearer authentication, request validation, the chat.completion answer and the {"error": {message, type,
// param, code}} error body — so the OpenAI-compatible explainer can be tested without a network.
import {
  startRecordingApiServer,
  type RecordedRequest,
  type RecordingApiServer,
  type StubResponse,
} from '../incidents/recording-api-server.ts';

/** What the stub does with the next valid request: answer with a text, fail, wait, or send something broken. */
export type StubBehaviour = { text: string; delayMs?: number } | { status: number } | { malformedBody: string };

export interface StubChatServer extends RecordingApiServer {
  /** Decide how to answer from the prompts the explainer sent. */
  behave(next: (prompt: { system: string; user: string }) => StubBehaviour): void;
}

// The error bodies OpenAI sends for each status (type and code as documented in its error-codes guide).
const OPENAI_ERRORS: Record<number, { type: string; code: string | null; message: string }> = {
  400: { type: 'invalid_request_error', code: null, message: 'Invalid request.' },
  401: { type: 'invalid_request_error', code: 'invalid_api_key', message: 'Incorrect API key provided: sk-te****' },
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

function invalid(request: RecordedRequest, apiKey: string): StubResponse | null {
  if (request.method !== 'POST' || request.path !== '/v1/chat/completions') {
    return {
      status: 404,
      json: {
        error: { message: 'Unknown request URL', type: 'invalid_request_error', param: null, code: 'unknown_url' },
      },
    };
  }
  if (request.headers.authorization !== `Bearer ${apiKey}`) {
    return error(401);
  }
  const body = request.json as { model?: unknown; messages?: Array<{ role?: unknown; content?: unknown }> } | undefined;
  if (typeof body?.model !== 'string') {
    return error(400, 'you must provide a model parameter');
  }
  if (
    !Array.isArray(body.messages) ||
    body.messages.length === 0 ||
    !body.messages.every((m) => typeof m.role === 'string' && typeof m.content === 'string')
  ) {
    return error(400, "Invalid 'messages'");
  }
  return null;
}

export async function startStubOpenAiServer(options: { apiKey: string }): Promise<StubChatServer> {
  let next: (prompt: { system: string; user: string }) => StubBehaviour = () => ({ status: 500 });
  let served = 0;
  const server = await startRecordingApiServer((request) => {
    const rejected = invalid(request, options.apiKey);
    if (rejected) {
      return rejected;
    }
    const body = request.json as { model: string; messages: Array<{ role: string; content: string }> };
    const system = body.messages
      .filter((m) => m.role === 'system')
      .map((m) => m.content)
      .join('\n');
    const user = body.messages
      .filter((m) => m.role === 'user')
      .map((m) => m.content)
      .join('\n');
    const behaviour = next({ system, user });
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
        id: `chatcmpl-stub${served}`,
        object: 'chat.completion',
        created: 1_795_000_000,
        model: body.model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: behaviour.text, refusal: null },
            logprobs: null,
            finish_reason: 'stop',
          },
        ],
        usage: {
          prompt_tokens: user.length >> 2,
          completion_tokens: behaviour.text.length >> 2,
          total_tokens: (user.length + behaviour.text.length) >> 2,
        },
      },
    };
  });
  return { ...server, behave: (behaviour) => void (next = behaviour) };
}
