// `simulate`: the simulated cluster on its own, for a real Prometheus — live metrics to scrape, or history to
// backfill with `promtool tsdb create-blocks-from openmetrics`.
import { closeSync, openSync, writeSync } from 'node:fs';
import Fastify from 'fastify';
import { createSimulatedCluster, renderExposition } from '../sources/index.ts';
import { writeOpenMetricsHistory } from '../sources/simulator/exposition.ts';

export interface SimulatorServerOptions {
  seed: number;
  anchorMs: number;
  host: string;
  port: number;
}

/** Serves the simulated cluster's metrics at /metrics (what a scrape of its exporters would return now). */
export async function startSimulatorServer(options: SimulatorServerOptions): Promise<{ url: string; close(): Promise<void> }> {
  const cluster = createSimulatedCluster({ seed: options.seed, anchorMs: options.anchorMs });
  const app = Fastify({ logger: false });
  app.get('/metrics', async (_request, reply) => {
    reply.header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8');
    return renderExposition(cluster, Date.now());
  });
  app.get('/healthz', async () => ({ status: 'ok' }));
  const url = await app.listen({ host: options.host, port: options.port });
  return { url, close: () => app.close() };
}

export interface HistoryOptions {
  seed: number;
  anchorMs: number;
  fromMs: number;
  toMs: number;
  stepMs: number;
  out: string;
}

/**
 * Writes the simulated series between fromMs and toMs as OpenMetrics. Chunks go straight to the file (synchronously,
 * as the generator is synchronous), so days of history never sit in memory.
 */
export async function writeHistory(options: HistoryOptions): Promise<void> {
  const cluster = createSimulatedCluster({ seed: options.seed, anchorMs: options.anchorMs });
  const fd = openSync(options.out, 'w');
  try {
    writeOpenMetricsHistory(cluster, options.fromMs, options.toMs, options.stepMs, (chunk) => writeSync(fd, chunk));
  } finally {
    closeSync(fd);
  }
}

export interface SimulateCommandOptions {
  seed: number;
  host: string;
  port: number;
  history?: { durationMs: number; stepMs: number; out: string };
}

export async function runSimulateCommand(options: SimulateCommandOptions): Promise<number> {
  const anchorMs = Date.now();
  if (options.history) {
    const { durationMs, stepMs, out } = options.history;
    await writeHistory({ seed: options.seed, anchorMs, fromMs: anchorMs - durationMs, toMs: anchorMs, stepMs, out });
    process.stderr.write(`wrote ${out}: simulated history of the last ${durationMs / 3_600_000} h every ${stepMs / 1000} s\n`);
    return 0;
  }
  const server = await startSimulatorServer({ seed: options.seed, anchorMs, host: options.host, port: options.port });
  process.stdout.write(`simulated cluster metrics at ${server.url}/metrics (seed ${options.seed})\n`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return -1;
}
