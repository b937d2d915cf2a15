// The authenticated REST API the Grafana app reads. Handlers only read cached results from the
// ForecastReader: no request ever triggers a Prometheus query or a model fit.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { SidecarStatus, WhoAmI } from './contract.ts';
import type { ForecastReader } from '../forecasts/forecast-reader.ts';
import type { DetectionReader } from '../anomalies/detection-reader.ts';
import type { SourceHealth } from '../sources/metric-source.ts';
import type { SloReader } from '../slos/slo-reader.ts';
import { apiError } from './errors.ts';
import type { IdentityMode } from './grafana-identity.ts';
import * as S from './schemas.ts';

export interface ApiDeps {
  forecasts: ForecastReader;
  /** Anomaly and outlier results (cached like forecasts). */
  detection: DetectionReader;
  /** SLO status and exhaustion forecasts (cached). */
  slos: SloReader;
  sourceHealth: () => SourceHealth;
  mode: 'demo' | 'live';
  version: string;
  startedAt: number;
  /** Whether X-Grafana-Id is verified (see grafana-identity.ts); whoami explains an unauthenticated caller by it. */
  identityMode: IdentityMode;
}

const ForecastsQuery = Type.Object({
  job: Type.Optional(Type.String({ minLength: 1, maxLength: 63, description: 'only forecasts of this job' })),
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 10_000, description: 'at most this many, soonest crossing first' })
  ),
});
const ForecastParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 256 }) });
const AnomaliesQuery = Type.Object({
  job: Type.Optional(Type.String({ minLength: 1, maxLength: 63, description: 'only anomalies of this job' })),
});
const OutliersQuery = Type.Object({
  job: Type.Optional(Type.String({ minLength: 1, maxLength: 63, description: 'only groups of this job' })),
});

// 503: Grafana's signing keys could not be fetched to verify X-Grafana-Id (only when grafana.url is set).
const errors = { 400: S.ApiError, 401: S.ApiError, 500: S.ApiError, 503: S.ApiError };
const common = { tags: ['forecasts'], security: [{ bearerAuth: [] }] };
const NOT_CONFIGURED = 'Grafana identity is not verified: grafana.url (PROPHET_GRAFANA_URL) is not set';
const NO_HEADER = 'no X-Grafana-Id header (identity is optional: grafana.requireIdentity is false)';

export function registerApiRoutes(app: FastifyInstance, deps: ApiDeps): void {
  // Results change every refresh and carry cluster data: never let a proxy or browser cache them.
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  app.get<{ Querystring: Static<typeof ForecastsQuery> }>(
    '/api/forecasts',
    {
      schema: {
        ...common,
        summary: 'Current forecasts',
        querystring: ForecastsQuery,
        response: { 200: S.ForecastList, ...errors },
      },
    },
    async (request) => {
      const { job, limit } = request.query;
      const list = deps.forecasts.list();
      const matching = job === undefined ? list.forecasts : list.forecasts.filter((f) => f.job === job);
      return { generatedAt: list.generatedAt, forecasts: limit === undefined ? matching : matching.slice(0, limit) };
    }
  );

  app.get<{ Params: Static<typeof ForecastParams> }>(
    '/api/forecasts/:id',
    {
      schema: {
        ...common,
        summary: 'One forecast with its history, forecast band and backtest scores',
        params: ForecastParams,
        response: { 200: S.ForecastDetail, 404: S.ApiError, ...errors },
      },
    },
    async (request, reply) => {
      const detail = deps.forecasts.get(request.params.id);
      if (!detail) {
        return reply.code(404).send(apiError(404, `forecast "${request.params.id}" not found`));
      }
      return detail;
    }
  );

  app.get(
    '/api/jobs',
    { schema: { ...common, summary: 'Forecast job status', response: { 200: Type.Array(S.JobStatus), ...errors } } },
    async () => deps.forecasts.jobs()
  );

  app.get(
    '/api/capacity',
    {
      schema: {
        ...common,
        summary: 'Node capacity forecasts per node pool',
        response: { 200: Type.Array(S.CapacityForecast), ...errors },
      },
    },
    async () => deps.forecasts.capacity()
  );

  const anomalyTags = { tags: ['anomalies'], security: [{ bearerAuth: [] }] };
  app.get<{ Querystring: Static<typeof AnomaliesQuery> }>(
    '/api/anomalies',
    {
      schema: {
        ...anomalyTags,
        summary: 'Current anomaly scores per series, most severe first (open events by score, then recent ones)',
        querystring: AnomaliesQuery,
        response: { 200: S.AnomalyList, ...errors },
      },
    },
    async (request) => {
      const list = deps.detection.anomalies();
      const { job } = request.query;
      return job === undefined ? list : { ...list, anomalies: list.anomalies.filter((a) => a.job === job) };
    }
  );

  app.get(
    '/api/anomalies/jobs',
    {
      schema: {
        ...anomalyTags,
        summary: 'Anomaly job status',
        response: { 200: Type.Array(S.JobStatus), ...errors },
      },
    },
    async () => deps.detection.anomalyJobs()
  );

  app.get<{ Params: Static<typeof ForecastParams> }>(
    '/api/anomalies/:id',
    {
      schema: {
        ...anomalyTags,
        summary: 'One series: the detection window point by point (value, expected, band, score) and its events',
        params: ForecastParams,
        response: { 200: S.AnomalyDetail, 404: S.ApiError, ...errors },
      },
    },
    async (request, reply) => {
      const detail = deps.detection.anomaly(request.params.id);
      if (!detail) {
        return reply.code(404).send(apiError(404, `anomaly series "${request.params.id}" not found`));
      }
      return detail;
    }
  );

  app.get<{ Querystring: Static<typeof OutliersQuery> }>(
    '/api/outliers',
    {
      schema: {
        ...anomalyTags,
        summary: 'Outlier groups (pods of a deployment, nodes of a node pool), groups with outliers first',
        querystring: OutliersQuery,
        response: { 200: S.OutlierList, ...errors },
      },
    },
    async (request) => {
      const list = deps.detection.outliers();
      const { job } = request.query;
      return job === undefined ? list : { ...list, groups: list.groups.filter((g) => g.job === job) };
    }
  );

  app.get(
    '/api/outliers/jobs',
    {
      schema: {
        ...anomalyTags,
        summary: 'Outlier job status',
        response: { 200: Type.Array(S.JobStatus), ...errors },
      },
    },
    async () => deps.detection.outlierJobs()
  );

  app.get<{ Params: Static<typeof ForecastParams> }>(
    '/api/outliers/:id',
    {
      schema: {
        ...anomalyTags,
        summary: 'One group: its members, which are outlying, when and why',
        params: ForecastParams,
        response: { 200: S.OutlierGroupResult, 404: S.ApiError, ...errors },
      },
    },
    async (request, reply) => {
      const group = deps.detection.outlierGroup(request.params.id);
      if (!group) {
        return reply.code(404).send(apiError(404, `outlier group "${request.params.id}" not found`));
      }
      return group;
    }
  );

  const sloTags = { tags: ['slos'], security: [{ bearerAuth: [] }] };
  app.get(
    '/api/slos',
    {
      schema: {
        ...sloTags,
        summary:
          'SLOs with budget remaining, burn rates, alert state and exhaustion forecast, soonest exhaustion first',
        response: { 200: S.SloList, ...errors },
      },
    },
    async () => deps.slos.list()
  );

  app.get(
    '/api/slos/rules',
    {
      schema: {
        ...sloTags,
        summary: 'Prometheus recording and alerting rules for every SLO (Sloth-compatible slo:* series), as YAML',
        produces: ['text/yaml'],
        response: { 200: Type.String({ description: 'a Prometheus rule file' }), ...errors },
      },
    },
    async (_request, reply) => reply.type('text/yaml; charset=utf-8').send(deps.slos.rulesYaml())
  );

  app.get<{ Params: Static<typeof ForecastParams> }>(
    '/api/slos/:id',
    {
      schema: {
        ...sloTags,
        summary: 'One SLO: status, burn-rate windows and alert rules, budget history and the forecast burn-down',
        params: ForecastParams,
        response: { 200: S.SloDetail, 404: S.ApiError, ...errors },
      },
    },
    async (request, reply) => {
      const detail = deps.slos.get(request.params.id);
      if (!detail) {
        return reply.code(404).send(apiError(404, `SLO "${request.params.id}" not found`));
      }
      return detail;
    }
  );

  app.get(
    '/api/whoami',
    {
      schema: {
        tags: ['identity'],
        security: [{ bearerAuth: [], grafanaId: [] }],
        summary: 'The Grafana user the request came from, as verified from X-Grafana-Id',
        response: { 200: S.WhoAmI, 401: S.ApiError, 503: S.ApiError, 500: S.ApiError },
      },
    },
    async (request): Promise<WhoAmI> => {
      if (request.grafanaIdentity) {
        return { authenticated: true, user: request.grafanaIdentity };
      }
      return { authenticated: false, reason: deps.identityMode === 'off' ? NOT_CONFIGURED : NO_HEADER };
    }
  );

  app.get(
    '/api/status',
    {
      schema: {
        ...common,
        summary: 'Sidecar, metric source and job status',
        response: { 200: S.SidecarStatus, ...errors },
      },
    },
    async (): Promise<SidecarStatus> => ({
      version: deps.version,
      mode: deps.mode,
      startedAt: deps.startedAt,
      source: deps.sourceHealth(),
      jobs: deps.forecasts.jobs(),
    })
  );
}
