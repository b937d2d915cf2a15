// The base of the LLM provider stubs (test/doubles/stub-*-server.ts): a loopback HTTP server that records every
// request exactly as it arrived (headers and raw body, to check what left the process) and answers through a
// handler, optionally after a delay (to test timeouts); and the chat API stub both providers' stubs are made of.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The body as sent, before any parsing. */
  raw: string;
  /** The body parsed as JSON; undefined when it is not JSON. */
  json: unknown;
}

export interface StubResponse {
  status: number;
  /** Sent as JSON unless `raw` is given. */
  json?: unknown;
  raw?: string;
  delayMs?: number;
}

export interface RecordingApiServer {
  /** http://127.0.0.1:<port>, no trailing slash. */
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startRecordingApiServer(
  handle: (request: RecordedRequest) => StubResponse
): Promise<RecordingApiServer> {
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        json = undefined;
      }
      const request: RecordedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        raw,
        json,
      };
      requests.push(request);
      const response = handle(request);
      const send = () => {
        res.writeHead(response.status, { 'content-type': 'application/json' });
        res.end(response.raw ?? JSON.stringify(response.json ?? {}));
      };
      if (!response.delayMs) {
        return send();
      }
      const timer = setTimeout(() => {
        timers.delete(timer);
        send();
      }, response.delayMs);
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        timers.forEach(clearTimeout);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What a chat stub does with the next valid request: answer with a text (maybe late), fail, or send broken JSON. */
export type StubBehaviour = { text: string; delayMs?: number } | { status: number } | { malformedBody: string };

export interface StubChatServer extends RecordingApiServer {
  /** Decide how to answer from the prompts the explainer sent. */
  behave(next: (prompt: { system: string; user: string }) => StubBehaviour): void;
}

/** What differs between the chat APIs: their validation, where the prompts are, and their answer and error shapes. */
export interface ChatApi {
  /** The API's error response for an invalid request; null when the request is valid. */
  reject(request: RecordedRequest): StubResponse | null;
  prompts(body: unknown): { system: string; user: string };
  error(status: number): StubResponse;
  answer(body: unknown, text: string, served: number): unknown;
}

export async function startChatApiStub(api: ChatApi): Promise<StubChatServer> {
  let next: (prompt: { system: string; user: string }) => StubBehaviour = () => ({ status: 500 });
  let served = 0;
  const server = await startRecordingApiServer((request) => {
    const rejected = api.reject(request);
    if (rejected) {
      return rejected;
    }
    const behaviour = next(api.prompts(request.json));
    if ('status' in behaviour) {
      return api.error(behaviour.status);
    }
    if ('malformedBody' in behaviour) {
      return { status: 200, raw: behaviour.malformedBody };
    }
    served += 1;
    return { status: 200, delayMs: behaviour.delayMs, json: api.answer(request.json, behaviour.text, served) };
  });
  return { ...server, behave: (behaviour) => void (next = behaviour) };
}
