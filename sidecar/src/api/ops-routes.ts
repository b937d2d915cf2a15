// Unauthenticated operational endpoints: probes for Kubernetes, metrics for Prometheus, the API document.
// They reveal no forecast data and no source error text (which may contain URLs), only coarse state.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { ForecastReader } from '../forecasts/forecast-reader.ts';
import type { DetectionReader } from '../anomalies/detection-reader.ts';
import type { SloReader } from '../slos/slo-reader.ts';
import type { SourceHealth } from '../sources/metric-source.ts';
import { ReadinessStatus } from './schemas.ts';

export interface OpsDeps {
  forecasts: ForecastReader;
  detection?: Pick<DetectionReader, 'ready'>;
  slos?: Pick<SloReader, 'ready'>;
  sourceHealth: () => SourceHealth;
  registry: Registry;
}

/**
 * Readiness policy: ready once every job (forecast, anomaly, outlier and SLO) has finished its first run AND the metric source is not
 * `degraded` ("unknown" is fine: nothing has been queried yet). A degraded Prometheus makes /readyz 503
 * so dashboards and load balancers see stale forecasts are being served; /healthz stays 200 because
 * restarting the sidecar would not fix Prometheus.
 */
export function readiness(
  forecasts: ForecastReader,
  sourceHealth: () => SourceHealth,
  detection?: Pick<DetectionReader, 'ready'>,
  slos?: Pick<SloReader, 'ready'>
): ReadinessStatus {
  const reasons: string[] = [];
  if (!forecasts.ready()) {reasons.push('forecast jobs have not all completed their first run');}
  if (detection && !detection.ready()) {reasons.push('anomaly and outlier jobs have not all completed their first run');}
  if (slos && !slos.ready()) {reasons.push('SLOs have not all been computed once');}
  try {
    const health = sourceHealth();
    if (health.state === 'degraded') {reasons.push(`metric source (${health.kind}) is degraded; see /api/status`);}
  } catch {
    reasons.push('metric source health is unavailable');
  }
  return { status: reasons.length === 0 ? 'ready' : 'not ready', reasons };
}

export function registerOpsRoutes(app: FastifyInstance, deps: OpsDeps): void {
  const tags = ['operations'];

  app.get(
    '/healthz',
    {
      schema: {
        tags,
        summary: 'Liveness: the process serves HTTP',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const })
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags,
        summary: 'Readiness: first forecasts, anomalies, outliers and SLOs computed and the metric source not degraded',
        response: { 200: ReadinessStatus, 503: ReadinessStatus },
      },
    },
    async (_request, reply) => {
      const status = readiness(deps.forecasts, deps.sourceHealth, deps.detection, deps.slos);
      return reply.code(status.status === 'ready' ? 200 : 503).send(status);
    }
  );

  app.get(
    '/metrics',
    {
      schema: {
        tags,
        summary: 'Prometheus metrics (text exposition format)',
        produces: ['text/plain'],
        response: { 200: Type.String() },
      },
    },
    async (_request, reply) => reply.type(deps.registry.contentType).send(await deps.registry.metrics())
  );

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
