// The Alertmanager side, in a worker thread (its own event loop, as Alertmanager is its own process): sends each
// notification at its scheduled time over real HTTP, one pipeline (replica × group) one request after another as
// Alertmanager does, and records when each request was sent and answered on the process-wide monotonic clock.
import { parentPort, workerData } from 'node:worker_threads';
import { groupBy } from './random.ts';

export interface SenderInput {
  url: string;
  token: string;
  requests: Array<{ seq: number; atMs: number; pipeline: string; body: string }>;
}

export interface SentRequest {
  seq: number;
  /** process.hrtime in ms: just before fetch() was called, and once the response body was read. */
  sentAt: number;
  answeredAt: number;
  status: number;
  /** The webhook's answer: received, opened, updated, resolved, duplicate, stale. */
  result: Record<string, number> | null;
  error: string | null;
}

export const hrNow = (): number => Number(process.hrtime.bigint()) / 1e6;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function send(input: SenderInput, startAt: number): Promise<SentRequest[]> {
  const out: SentRequest[] = [];
  const headers = { authorization: `Bearer ${input.token}`, 'content-type': 'application/json' };
  const pipelines = groupBy(input.requests, (r) => r.pipeline);
  await Promise.all(
    [...pipelines.values()].map(async (requests) => {
      for (const request of requests) {
        const wait = startAt + request.atMs - hrNow();
        if (wait > 0) {
          await sleep(wait);
        }
        const sentAt = hrNow();
        try {
          const res = await fetch(input.url, { method: 'POST', headers, body: request.body });
          const text = await res.text();
          out.push({
            seq: request.seq,
            sentAt,
            answeredAt: hrNow(),
            status: res.status,
            result: res.status === 200 ? (JSON.parse(text) as Record<string, number>) : null,
            error: res.status === 200 ? null : text.slice(0, 300),
          });
        } catch (error) {
          out.push({ seq: request.seq, sentAt, answeredAt: hrNow(), status: 0, result: null, error: String(error) });
        }
      }
    })
  );
  return out.sort((a, b) => a.seq - b.seq);
}

if (parentPort && workerData) {
  const input = workerData as SenderInput;
  const port = parentPort;
  port.on('message', (message: { startAt: number }) => {
    void send(input, message.startAt).then((sent) => port.postMessage(sent));
  });
  port.postMessage('ready');
}
