// Request-duration histogram and default process metrics on the injected registry. Both are looked up
// before registering so building a second app on the same registry (tests, restarts) doesn't throw.
import { collectDefaultMetrics, Histogram, type Registry } from 'prom-client';
import type { FastifyInstance } from 'fastify';

const HISTOGRAM = 'http_request_duration_seconds';

export function instrumentRequests(app: FastifyInstance, registry: Registry): void {
  if (!registry.getSingleMetric('process_cpu_user_seconds_total')) {collectDefaultMetrics({ register: registry });}
  const histogram =
    (registry.getSingleMetric(HISTOGRAM) as Histogram<'route' | 'method' | 'status_code'> | undefined) ??
    new Histogram({
      name: HISTOGRAM,
      help: 'Duration of HTTP requests handled by the sidecar, by route template, method and status code',
      labelNames: ['route', 'method', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
  app.addHook('onResponse', async (request, reply) => {
    // The route template (not the URL) keeps label cardinality bounded: ids and 404 probes share one series.
    const route = request.routeOptions.url ?? 'unmatched';
    histogram.observe(
      { route, method: request.method, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000
    );
  });
}
