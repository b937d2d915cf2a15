// Test double: a STUB of `k8sgpt serve --http`, answering POST /v1/analyze with whatever the test sets, and
// recording each request (method, path, headers, JSON body). A `hang` answer never responds (for timeouts).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubAnswer {
  status: number;
  /** Sent as JSON unless it is a string. */
  body: unknown;
}

export interface StubRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export interface StubK8sGptServer {
  url: string;
  requests: StubRequest[];
  answer: StubAnswer | 'hang';
  close(): Promise<void>;
}

export async function startStubK8sGptServer(answer: StubAnswer | 'hang'): Promise<StubK8sGptServer> {
  const requests: StubRequest[] = [];
  const hanging = new Set<ServerResponse>();
  const stub: StubK8sGptServer = { url: '', requests, answer, close: async () => undefined };
  const server = createServer((request, response) => {
    let raw = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (raw += chunk));
    request.on('end', () => {
      let body: unknown = raw;
      try {
        body = JSON.parse(raw);
      } catch {
        // keep the raw text
      }
      requests.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body });
      const current = stub.answer;
      if (current === 'hang') {
        hanging.add(response);
        return;
      }
      if (request.method !== 'POST' || request.url !== '/v1/analyze') {
        response.writeHead(404, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ code: 5, message: 'Not Found', details: [] }));
        return;
      }
      response.writeHead(current.status, { 'Content-Type': 'application/json' });
      response.end(typeof current.body === 'string' ? current.body : JSON.stringify(current.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  stub.close = async () => {
    for (const response of hanging) {
      response.destroy();
    }
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return stub;
}
