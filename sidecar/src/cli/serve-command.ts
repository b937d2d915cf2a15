// `serve` and `demo`: wire the metric source, store, forecast jobs and HTTP app together and listen.
import { randomBytes } from 'node:crypto';
import { Registry } from 'prom-client';
import { buildApp, closeGracefully, createLogger } from '../api/index.ts';
import type { Config } from '../config/index.ts';
import { ForecastJobs } from '../forecasts/forecast-jobs.ts';
import { registerForecastMetrics } from '../forecasts/forecast-metrics.ts';
import { createMetricSource } from '../sources/index.ts';
import { registerSimulatorRoutes } from '../sources/simulator/simulator-routes.ts';
import { SqliteForecastStore } from '../store/sqlite-store.ts';
import { printSoonestExhaustions } from './print-summary.ts';
import { VERSION } from './version.ts';

export interface RunningService {
  url: string;
  token: string;
  jobs: ForecastJobs;
  close(): Promise<void>;
}

export interface ServeOptions {
  mode: 'demo' | 'live';
  /** Install SIGTERM/SIGINT handlers that close gracefully and exit (the CLI); tests call close() instead. */
  handleSignals: boolean;
  /** Print the URL, token and soonest exhaustions for a person at a terminal. */
  announce: boolean;
  clock?: () => number;
}

export async function startService(config: Config, options: ServeOptions): Promise<RunningService> {
  const logger = createLogger(config.server.logLevel);
  // Demo mode works with nothing configured: a fresh random token, printed once, guards the API all the same.
  const token = config.server.token || randomBytes(24).toString('base64url');
  const resolved: Config = { ...config, server: { ...config.server, token } };
  const anchorMs = (options.clock ?? Date.now)();
  const { source, cluster } = createMetricSource({
    prometheus: options.mode === 'live' && config.prometheus.url ? config.prometheus : undefined,
    simulator: { seed: config.simulator.seed, anchorMs },
  });
  const store = new SqliteForecastStore(config.store.sqlitePath, logger);
  const registry = new Registry();
  const jobs = new ForecastJobs({
    jobs: config.forecasts.jobs,
    capacity: config.capacity,
    source,
    store,
    logger,
    clock: options.clock,
  });
  registerForecastMetrics(registry, jobs, options.clock);

  const app = buildApp({
    config: resolved,
    logger,
    forecasts: jobs,
    sourceHealth: () => source.health(),
    mode: cluster ? 'demo' : 'live',
    version: VERSION,
    registry,
    extraRoutes: cluster ? (routes) => registerSimulatorRoutes(routes, cluster) : undefined,
  });
  const shutdown = async () => {
    await jobs.stop();
    store.close();
  };
  if (options.handleSignals) {
    closeGracefully(app, { onClose: shutdown });
  }
  const address = await app.listen({ host: config.server.host, port: config.server.port });
  const url = address.replace('[::1]', 'localhost');
  logger.info({ url, mode: cluster ? 'demo' : 'live', source: source.health().kind }, 'sidecar listening');

  if (options.announce) {
    printSoonestExhaustions(jobs, { url, token, showToken: !config.server.token, demo: Boolean(cluster) });
  }
  jobs.start();
  return {
    url,
    token,
    jobs,
    close: async () => {
      await app.close();
      await shutdown();
    },
  };
}
