// HTTP routes for demo mode: the simulated cluster's exposition (for a real Prometheus to scrape) and its incidents.
import type { FastifyInstance } from 'fastify';
import type { SimulatedCluster } from './cluster.ts';
import { renderExposition } from './exposition.ts';

export const SIMULATOR_METRICS_PATH = '/simulator/metrics';

export function registerSimulatorRoutes(app: FastifyInstance, cluster: SimulatedCluster, clock: () => number = Date.now): void {
  // Unauthenticated on purpose (like any /metrics): Prometheus scrapes it, and it only holds simulated data.
  // Scrape with honor_labels: true so the simulated job/instance labels are kept.
  app.get(SIMULATOR_METRICS_PATH, async (_request, reply) => {
    reply.header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8');
    return renderExposition(cluster, clock());
  });
  // The scripted incident timeline (under /api/, so it gets the bearer-token check).
  app.get('/api/simulator/incidents', async () => ({ anchorMs: cluster.anchorMs, incidents: cluster.incidents }));
}
